import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startDynamicsSchedule } from '../../api/adapters/dynamics/index.ts';
import { ScheduleError, scheduleSync } from '../../api/adapters/dynamics/schedule.ts';
import { cleanUp, CSV_DIR, openStore, startStandIns, tempDir, type StandIns } from './helpers.ts';

afterEach(cleanUp);

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function envFor({ config }: StandIns, dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    DATA_DIR: dataDir,
    D365_URL: config.url,
    D365_TENANT_ID: config.tenantId,
    D365_CLIENT_ID: config.clientId,
    D365_CLIENT_SECRET: config.clientSecret,
    D365_AUTHORITY_HOST: config.authorityHost,
  };
}

function cli(script: string, args: string[], env: NodeJS.ProcessEnv) {
  return run(process.execPath, ['--import', 'tsx', `api/cli/${script}`, ...args], { cwd: ROOT, env, timeout: 60_000 });
}

describe('scheduled syncs', () => {
  it('runs on the cron expression and never starts a sync while one is running', async () => {
    let running = 0;
    let most = 0;
    let runs = 0;
    const scheduled = scheduleSync(
      async () => {
        running++;
        runs++;
        most = Math.max(most, running);
        await sleep(1300);
        running--;
      },
      { expression: '* * * * * *' },
    );
    expect(scheduled.nextRun()).toBeInstanceOf(Date);
    await sleep(3200);
    scheduled.stop();
    expect(runs).toBeGreaterThanOrEqual(1);
    expect(runs).toBeLessThanOrEqual(3);
    expect(most).toBe(1);
    expect(() => scheduleSync(async () => undefined, { expression: 'every hour' })).toThrow(ScheduleError);
  });

  it('the API process schedules syncs from SYNC_SCHEDULE, and nothing without it', async () => {
    const { store } = await openStore();
    const standIns = await startStandIns();
    const logged: string[] = [];
    const logger = { info: (_: object, m: string) => logged.push(m), error: (_: object, m: string) => logged.push(m) };
    expect(startDynamicsSchedule(store, logger, {})).toBeUndefined();
    const scheduled = startDynamicsSchedule(store, logger, { ...envFor(standIns, ''), SYNC_SCHEDULE: '0 3 * * *' })!;
    try {
      expect(scheduled.nextRun()!.getHours()).toBe(3);
      await scheduled.runNow();
      expect(logged).toEqual(['Dynamics 365 syncs scheduled', 'Dynamics 365 sync started', 'Dynamics 365 sync finished']);
      expect((await store.listLogs())[0]).toMatchObject({ cases: 6, source: `dynamics:${new URL(standIns.config.url).host}` });
    } finally {
      scheduled.stop();
    }
  });
});

describe('npm run sync:d365 / sync:tables', () => {
  it('sync:d365 --dry-run prints counts per entity and writes no log; a real run saves one', async () => {
    const standIns = await startStandIns();
    const dataDir = tempDir();
    const dry = await cli('sync-d365.ts', ['--dry-run'], envFor(standIns, dataDir));
    expect(dry.stdout).toMatch(/invoices\s+would read 6 rows from SalesInvoiceHeadersV2 \(incremental, TotalInvoiceAmount ge 0\)/);
    expect(dry.stdout).toContain('Dry run: nothing was written.');
    const real = await cli('sync-d365.ts', [], envFor(standIns, dataDir));
    expect(real.stdout).toMatch(/invoices\s+6 rows in 3 pages \(incremental\)/);
    expect(real.stdout).toMatch(/Saved "Dynamics 365 \(127\.0\.0\.1:\d+\)" \(id .+, version 1\): 6 invoices, 37 events/);
    const again = await cli('sync-d365.ts', ['--dry-run'], envFor(standIns, dataDir));
    expect(again.stdout).toMatch(/collectionsHistory\s+would read 0 rows .*\(incremental, CustDisputeHistoryCreatedDateTime gt 2024-03-28T11:00:00Z\)/);
  });

  it('sync:d365 explains missing configuration; sync:tables reads an export folder', async () => {
    const missing = await cli('sync-d365.ts', [], { ...process.env, D365_URL: '', DATA_DIR: tempDir() }).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 2 });
    expect((missing as { stderr: string }).stderr).toMatch(/set D365_URL, D365_TENANT_ID, D365_CLIENT_ID, D365_CLIENT_SECRET/);
    const tables = await cli('sync-tables.ts', [CSV_DIR], { ...process.env, DATA_DIR: tempDir() });
    expect(tables.stdout).toMatch(/settlements\s+6 rows in 1 page \(full\)/);
    expect(tables.stdout).toMatch(/6 invoices, 37 events/);
  });
});
