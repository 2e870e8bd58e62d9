import { parseArgs } from 'node:util';
import { DynamicsConfigError, dynamicsConfigFromEnv, ScheduleError, scheduleSync, syncFromConfig, type DynamicsConfig, type SyncResult } from '../adapters/dynamics/index.ts';
import { ImportError } from '../adapters/import/import-error.ts';
import { defaultDataDir, Store } from '../adapters/store/index.ts';
import { progressLine, summary } from './sync-output.ts';

const USAGE = `Usage: npm run --silent sync:d365 -- [--dry-run] [--full] [--schedule]

Reads credit and collections data from Dynamics 365 Finance & Operations over OData and
replaces the "Dynamics 365 (<host>)" event log in the store. Incremental: each entity is read
from its last committed watermark; a failed run resumes where it stopped.

  --dry-run    print how many rows each entity would read; change nothing
  --full       ignore watermarks: read everything, drop staged rows no longer in Dynamics
  --schedule   keep running and sync on the cron expression in SYNC_SCHEDULE
  -h, --help   this text

Environment: D365_URL, D365_TENANT_ID, D365_CLIENT_ID, D365_CLIENT_SECRET (required);
D365_AUTHORITY_HOST (default https://login.microsoftonline.com), D365_MAPPING (a mapping file
replacing the default), SYNC_SCHEDULE, DATA_DIR. See docs/DYNAMICS.md.`;

async function once(store: Store, config: DynamicsConfig, dryRun: boolean, full: boolean): Promise<SyncResult> {
  const progress = progressLine();
  try {
    return await syncFromConfig({ store, config, dryRun, full, onProgress: (p) => progress.update(p) });
  } finally {
    progress.finish();
  }
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      'dry-run': { type: 'boolean' },
      full: { type: 'boolean' },
      schedule: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const config = dynamicsConfigFromEnv();
  const dryRun = values['dry-run'] === true;
  const full = values.full === true;
  const store = await Store.open(defaultDataDir());
  try {
    if (!values.schedule) {
      process.stdout.write(summary(await once(store, config, dryRun, full)));
      return 0;
    }
    if (!config.schedule) throw new ScheduleError('--schedule needs SYNC_SCHEDULE, a cron expression such as "0 */2 * * *"');
    const scheduled = scheduleSync(() => once(store, config, dryRun, full), {
      expression: config.schedule,
      onStart: () => process.stdout.write(`${new Date().toISOString()} sync started\n`),
      onDone: (result) => {
        process.stdout.write(summary(result as SyncResult));
        process.stdout.write(`next sync ${scheduled.nextRun()?.toISOString() ?? 'never'}\n`);
      },
      onError: (error) => process.stderr.write(`${new Date().toISOString()} sync failed, the next one resumes: ${(error as Error).message}\n`),
    });
    process.stdout.write(`Syncing on "${config.schedule}"; next ${scheduled.nextRun()?.toISOString() ?? 'never'}. Ctrl+C stops.\n`);
    await new Promise<void>((resolve) => {
      const stop = () => {
        scheduled.stop();
        resolve();
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
    return 0;
  } finally {
    await store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    const known = error instanceof DynamicsConfigError || error instanceof ImportError || error instanceof ScheduleError;
    process.stderr.write(`sync:d365: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = known ? 2 : 1;
  },
);
