import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { TEMPLATE_COLUMNS, templateRecords, writeTemplate } from '../../api/adapters/export/template.ts';
import { importFile } from '../../api/adapters/import/index.ts';
import { Activity } from '../../api/engine/domain/activities.ts';
import { CASE_COLUMNS, EVENT_COLUMNS, REQUIRED_COLUMNS } from '../../api/engine/domain/columns.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';
import { caseEvents, caseValue, eventValues, tempDir, utc } from './log-view.ts';

const files = tempDir('template-');

const OVERDUE = 'INV-2023-001239';
const ON_TIME = 'INV-2023-001238';

function checkExamples(log: EventLog): void {
  expect(log.caseIds).toEqual([ON_TIME, OVERDUE]);
  expect(caseEvents(log, ON_TIME).map((e) => e.activity)).toEqual([
    Activity.InvoiceCreated,
    Activity.InvoicePosted,
    Activity.InvoiceSent,
    Activity.PaymentReceived,
    Activity.PaymentApplied,
  ]);
  expect(caseEvents(log, OVERDUE).map((e) => e.activity)).toEqual([
    Activity.InvoiceCreated,
    Activity.InvoicePosted,
    Activity.InvoiceSent,
    Activity.ReminderSent,
    Activity.DunningLetterIssued,
    Activity.CollectionContactMade,
    Activity.PromiseToPayReceived,
    Activity.PaymentReceived,
    Activity.PaymentApplied,
  ]);
  const overdue = caseEvents(log, OVERDUE);
  const due = caseValue(log, 'DueDate', OVERDUE) as number;
  const reminder = overdue.find((e) => e.activity === Activity.ReminderSent)!;
  expect(utc(reminder.time)).toBeGreaterThan(due);
  expect(caseValue(log, 'InvoiceAmount', OVERDUE)).toBe(5400.5);
  expect(caseValue(log, 'CustomerName', ON_TIME)).toBe('Contoso Pharmaceuticals, Ltd.');
  const at = (name: string, activity: string) => eventValues(log, name, OVERDUE)[overdue.findIndex((e) => e.activity === activity)];
  expect(at('DunningLevel', Activity.DunningLetterIssued)).toBe('1');
  expect(at('PromiseDate', Activity.PromiseToPayReceived)).toBe(utc('2023-05-05T00:00:00Z'));
  expect(at('PromiseAmount', Activity.PromiseToPayReceived)).toBe(5400.5);
  expect(at('SettledAmount', Activity.PaymentApplied)).toBe(5400.5);
  expect(eventValues(log, 'SettledAmount', ON_TIME).at(-1)).toBe(caseValue(log, 'InvoiceAmount', ON_TIME));
  expect(log.lastDataUpdate).toBe(utc('2023-06-01T06:00:00Z'));
}

describe('writeTemplate', () => {
  it('lists every template column: the required three, the case and event columns, then LastDataUpdate', () => {
    expect(TEMPLATE_COLUMNS).toEqual([...REQUIRED_COLUMNS, ...CASE_COLUMNS.keys(), ...EVENT_COLUMNS.keys(), 'LastDataUpdate']);
  });

  it('writes a CSV that imports cleanly with the example events', async () => {
    const path = files.path('template.csv');
    expect(await writeTemplate(path)).toEqual({ path, format: 'csv', columns: TEMPLATE_COLUMNS.length, events: templateRecords().length });
    const text = await readFile(path, 'utf8');
    expect(text.split('\n')[0]).toBe(TEMPLATE_COLUMNS.join(','));
    const { log, rows, warnings } = await importFile(path);
    expect(rows).toBe(templateRecords().length);
    expect(warnings).toEqual([]);
    checkExamples(log);
  });

  it('writes an XLSX that imports cleanly into the same log as the CSV', async () => {
    const path = files.path('template.xlsx');
    expect(await writeTemplate(path)).toMatchObject({ format: 'xlsx', events: templateRecords().length });
    const { log, format } = await importFile(path);
    expect(format).toBe('xlsx');
    checkExamples(log);
    await writeTemplate(files.path('compare.csv'));
    const csv = await importFile(files.path('compare.csv'));
    expect(log.time).toEqual(csv.log.time);
    expect([...log.caseAttributes.keys()].sort()).toEqual([...csv.log.caseAttributes.keys()].sort());
    expect([...log.eventAttributes.keys()].sort()).toEqual([...csv.log.eventAttributes.keys()].sort());
  });

  it('refuses other extensions', async () => {
    await expect(writeTemplate(files.path('template.json'))).rejects.toThrow('.csv or .xlsx');
  });

  it('is what `npm run template -- --out FILE` writes and reports', async () => {
    const path = files.path('cli.xlsx');
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'api/cli/template.ts', '--out', path], { cwd: process.cwd() });
    expect(stdout).toContain(`to ${path}: ${TEMPLATE_COLUMNS.length} columns, ${templateRecords().length} example events`);
    checkExamples((await importFile(path)).log);
  });
});
