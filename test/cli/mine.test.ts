import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const CSV = [
  'InvoiceNumber,ActivityName,EventTime,InvoiceAmount,DueDate,SettledAmount,CustomerSegment',
  'INV-1,Invoice Posted,2024-01-01T09:00:00Z,100,2024-01-31,,SMB',
  'INV-1,Payment Applied to Invoice,2024-02-10T09:00:00Z,100,2024-01-31,100,SMB',
  'INV-2,Invoice Posted,2024-01-05T09:00:00Z,50,2024-02-04,,Enterprise',
  'INV-2,Payment Applied to Invoice,2024-01-20T09:00:00Z,50,2024-02-04,50,Enterprise',
  'INV-3,Invoice Posted,2024-01-07T09:00:00Z,70,2024-02-06,,Enterprise',
].join('\n');

describe('mine command line', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clens-mine-'));
    await writeFile(join(dir, 'log.csv'), `${CSV}\nINV-3,Reminder Sent,2024-03-01T09:00:00Z,70,2024-02-06,,Enterprise\n`);
    await writeFile(join(dir, 'broken.csv'), `${CSV}\nINV-4,Invoice Posted,31/02/2024,70,2024-02-06,,SMB\n`);
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('prints one JSON object with derived events by default and none with --raw', async () => {
    const derived = await runCli('mine', [join(dir, 'log.csv'), '--json']);
    const raw = await runCli('mine', [join(dir, 'log.csv'), '--raw', '--json']);
    expect(derived.code, derived.stderr).toBe(0);
    const d = JSON.parse(derived.stdout);
    const r = JSON.parse(raw.stdout);
    expect(r).toMatchObject({ cases: 3, events: 6, activities: 3 });
    // Derived: INV-1 due 01-31 paid 02-10 → Due Date Passed + Settled; INV-2 paid early → Settled;
    // INV-3 open, due 02-06 → Due Date Passed (the cut-off is the last event, 03-01).
    expect(d.events).toBe(6 + 2 + 1 + 1);
    expect(d.endActivities).toEqual({ 'Invoice Settled': 2, 'Reminder Sent': 1 });
    expect(r.endActivities).toEqual({ 'Payment Applied to Invoice': 2, 'Reminder Sent': 1 });
    const edges = Object.fromEntries(r.dfg.map((e: { from: string; to: string; count: number }) => [`${e.from} > ${e.to}`, e.count]));
    expect(edges).toEqual({ 'Invoice Posted > Payment Applied to Invoice': 2, 'Invoice Posted > Reminder Sent': 1 });
  });

  it('prints a readable summary for a person', async () => {
    const result = await runCli('mine', [join(dir, 'log.csv')]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/log\.csv: 3 invoices, 10 events/);
    expect(result.stdout).toContain('Most frequent paths');
  });

  it('stops on a bad value naming the file, row, column and what was expected', async () => {
    const result = await runCli('mine', [join(dir, 'broken.csv'), '--json']);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('broken.csv');
    expect(result.stderr).toMatch(/row 6/);
    expect(result.stderr).toMatch(/EventTime/);
    expect(result.stderr).toContain('31/02/2024');
  });
});
