import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Store } from '../../api/adapters/store/index.ts';
import { issueLocalToken } from '../../api/auth/issue-token.ts';
import { childServersOn, waitUntil } from './helpers.ts';

/**
 * kill -9 during an import: the real server (api/main.ts) is killed with SIGKILL inside the store
 * transaction that saves the new version (CLENS_TEST_CRASH_AT=save:<stage>), at each stage of the
 * save. After every restart: the version in force is the old one, whole; the interrupted job is
 * recorded failed; and at the end no table or catalogue row of a half-saved version is left.
 */

type Json = Record<string, any>;
const STAGES = ['save:staged', 'save:tables-written', 'save:catalogued'] as const;

function csv(invoices: number, prefix: string): string {
  const lines = ['InvoiceNumber,ActivityName,EventTime,CollectorName,InvoiceAmount'];
  for (let i = 0; i < invoices; i++) {
    const id = `${prefix}-${String(i).padStart(5, '0')}`;
    lines.push(`${id},Invoice Posted,2024-01-${String((i % 27) + 1).padStart(2, '0')}T09:00:00Z,Jessica Alvarez,${100 + i}`);
    lines.push(`${id},Reminder Sent,2024-02-${String((i % 27) + 1).padStart(2, '0')}T09:00:00Z,Jessica Alvarez,${100 + i}`);
    if (i % 2 === 0) lines.push(`${id},Payment Received,2024-03-${String((i % 27) + 1).padStart(2, '0')}T09:00:00Z,Jessica Alvarez,${100 + i}`);
  }
  return `${lines.join('\n')}\n`;
}

const servers = childServersOn('cl-crash-import-', { SAMPLE_EVENTS: '1000' });
const start = servers.start;

describe('kill -9 during an import', () => {
  it('at every stage of the save: the old version stays in force whole, the job is recorded failed, no half-saved tables', async () => {
    let server = await start();
    const token = await issueLocalToken(servers.dir, { user: 'Eve Executive', role: 'executive' });
    const call = (path: string, init: RequestInit = {}) => fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, ...init.headers } });
    const upload = async (path: string, body: string) => {
      const response = await call(path, { method: 'POST', headers: { 'content-type': 'text/csv' }, body });
      expect(response.status).toBe(202);
      return (await response.json()) as Json;
    };
    const job = (id: string) => waitUntil(`job ${id}`, async () => {
      const found = (await (await call(`/api/imports/${id}`)).json()) as Json;
      return found.status === 'succeeded' || found.status === 'failed' ? found : undefined;
    });

    // Version 1 of a log, imported normally.
    const first = await job((await upload('/api/logs?file=ledger.csv&name=Crash%20ledger', csv(300, 'V1'))).id);
    expect(first.status).toBe('succeeded');
    const logId = first.logId as string;
    const v1 = ((await (await call(`/api/logs/${logId}`)).json()) as Json).log;
    const v1Cases = (await (await call(`/api/logs/${logId}/cases?limit=500`)).json()) as Json;
    expect(v1).toMatchObject({ version: 1, cases: 300 });
    expect((await server.stop()).code).toBe(0);

    let interrupted: string | null = null;
    for (const stage of STAGES) {
      server = await start({ CLENS_TEST_CRASH_AT: stage });
      // What the crash before this start left: version 1 in force, whole; the interrupted job failed.
      const info = ((await (await call(`/api/logs/${logId}`)).json()) as Json).log;
      expect(info, `after a crash at the previous stage, before ${stage}`).toEqual(v1);
      expect((await (await call(`/api/logs/${logId}/cases?limit=500`)).json()) as Json).toEqual(v1Cases);
      if (interrupted) expect(await job(interrupted)).toMatchObject({ status: 'failed', error: { message: expect.stringMatching(/server stopped before this import finished/) } });

      // Version 2, larger: the server dies inside the save transaction.
      const started = await upload(`/api/logs/${logId}/versions?file=ledger-v2.csv`, csv(450, 'V2'));
      interrupted = started.id as string;
      const exit = await server.exited;
      expect(exit.signal, `${stage}: ${server.stderr.join('')}`).toBe('SIGKILL');
      expect(server.stderr.join('')).toContain(`killing the process at ${stage}#1`);
    }

    // A normal start after the last crash: still version 1; the same upload now goes through as version 2.
    server = await start();
    expect(((await (await call(`/api/logs/${logId}`)).json()) as Json).log).toEqual(v1);
    expect(await job(interrupted!)).toMatchObject({ status: 'failed' });
    const jobs = ((await (await call('/api/imports')).json()) as Json).jobs as Json[];
    expect(jobs.filter((j) => j.status === 'failed')).toHaveLength(STAGES.length);
    expect(jobs.some((j) => j.status === 'importing' || j.status === 'saving' || j.status === 'queued')).toBe(false);
    const second = await job((await upload(`/api/logs/${logId}/versions?file=ledger-v2.csv`, csv(450, 'V2'))).id);
    expect(second).toMatchObject({ status: 'succeeded', logVersion: 2 });
    expect(((await (await call(`/api/logs/${logId}`)).json()) as Json).log).toMatchObject({ version: 2, cases: 450 });
    expect((await server.stop()).code).toBe(0);

    // The store, read directly: every log table and catalogue row belongs to a log in force.
    expect(readdirSync(join(servers.dir, 'uploads'))).toEqual([]);
    const store = await Store.open(servers.dir);
    try {
      const inForce = (await store.query('SELECT table_no FROM logs')).map((r) => Number(r.table_no)).sort();
      expect(inForce).toHaveLength(2); // the sample and this log
      const tables = (await store.query("SELECT table_name FROM duckdb_tables() WHERE table_name LIKE 'log\\_%' ESCAPE '\\'")).map((r) => String(r.table_name));
      const numbered = tables.filter((t) => /^log_\d+_/.test(t));
      expect(numbered.length).toBeGreaterThan(0);
      for (const table of numbered) expect(inForce, table).toContain(Number(/^log_(\d+)_/.exec(table)![1]));
      for (const catalogue of ['log_columns', 'log_activities', 'log_derivation_rules']) {
        const orphans = await store.query(`SELECT count(*) AS n FROM ${catalogue} WHERE table_no NOT IN (SELECT table_no FROM logs)`);
        expect(Number(orphans[0].n), catalogue).toBe(0);
      }
      expect((await store.query('SELECT last_version FROM log_versions WHERE id = $1', [logId]))[0].last_version).toBe(2);
    } finally {
      await store.close();
    }
  });
});
