import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { listLedger, type LedgerEntry } from '../../api/adapters/store/digest-ledger.ts';
import { Store } from '../../api/adapters/store/index.ts';
import { startBotConnector, type BotConnectorStandIn } from '../stand-ins/bot-connector.ts';
import { collectorName, conversationOf, seedManyCollectors } from './fixtures/many-collectors.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const COLLECTORS = 40;
const CRASH_AFTER = 9;
const NOW = '2026-11-23T10:30:00Z';
const DAY = '2026-11-23';

function runChild(env: Record<string, string>): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'test/bot/fixtures/digest-child.ts'], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

async function ledgerOf(dir: string): Promise<LedgerEntry[]> {
  const store = await Store.open(dir);
  try {
    return await listLedger(store, { day: DAY });
  } finally {
    await store.close();
  }
}

describe('a crash in the middle of a digest run', () => {
  let dir = '';
  let connector: BotConnectorStandIn;
  afterAll(async () => {
    await connector?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('SIGKILL mid-run, then restart: no collector has two digests for the day, and every collector without one is held for review', async () => {
    dir = mkdtempSync(join(tmpdir(), 'cl-bot-crash-'));
    connector = await startBotConnector();
    await seedManyCollectors(dir, COLLECTORS, connector.serviceUrl);
    const env = { DATA_DIR: dir, NOW, LOG_LEVEL: 'silent' };

    // 1. The scheduled run dies right after the 9th digest reached Teams, before the ledger knew.
    const crashed = await runChild({ ...env, MODE: 'run', DIGEST_CRASH_AFTER: String(CRASH_AFTER) });
    expect(crashed.signal, crashed.stderr).toBe('SIGKILL');
    const deliveredBeforeCrash = connector.messages().length;
    expect(deliveredBeforeCrash).toBeGreaterThanOrEqual(CRASH_AFTER);
    expect(deliveredBeforeCrash).toBeLessThan(COLLECTORS);
    const afterCrash = await ledgerOf(dir);
    const unconfirmed = afterCrash.filter((e) => e.status === 'sending').map((e) => e.recipient);
    // The digest whose confirmation the crash cut off is at least one of them.
    expect(unconfirmed.length).toBeGreaterThanOrEqual(1);
    expect(afterCrash.filter((e) => e.status === 'sent').length).toBeLessThan(CRASH_AFTER);

    // 2. Restart: interrupted sends are held (not resent), the rest of the day's digests go out.
    const restarted = await runChild({ ...env, MODE: 'restart' });
    expect(restarted.code, restarted.stderr).toBe(0);
    const output = JSON.parse(restarted.stdout.trim().split('\n').at(-1)!) as { held: LedgerEntry[]; report: { sent: unknown[]; held: { recipient: string }[] } };
    expect(output.held.map((h) => h.recipient).sort()).toEqual([...unconfirmed].sort());
    expect(output.report.held.map((h) => h.recipient).sort()).toEqual([...unconfirmed].sort());

    // 3. What Teams got, per collector, and what the ledger says.
    const final = new Map((await ledgerOf(dir)).map((e) => [e.recipient, e]));
    const perConversation = new Map<string, number>();
    for (const m of connector.messages()) perConversation.set(m.conversationId, (perConversation.get(m.conversationId) ?? 0) + 1);
    for (let i = 0; i < COLLECTORS; i++) {
      const name = collectorName(i);
      const messages = perConversation.get(conversationOf(i)) ?? 0;
      const entry = final.get(name);
      expect(messages, name).toBeLessThanOrEqual(1);
      if (messages === 0) expect(entry?.status, `${name} has no digest, so it must be held for review`).toBe('held');
      if (entry?.status === 'sent') expect(messages, name).toBe(1);
    }
    const held = [...final.values()].filter((e) => e.status === 'held');
    expect(held.map((e) => e.recipient).sort()).toEqual([...unconfirmed].sort());
    expect(held.every((e) => e.reason?.includes('may or may not have reached Teams'))).toBe(true);
    expect([...final.values()].filter((e) => e.status === 'sent').length + held.length).toBe(COLLECTORS);
  });
});
