import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { columnLength, valueAt, type AttributeColumn } from '../../api/engine/log/columns.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';

export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'cl-store-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export const T0 = Date.UTC(2023, 2, 15, 9, 30);
export const DAY = 86_400_000;

/**
 * A hand-built log touching every corner the store must keep: every attribute kind at both
 * levels with missing values, names that are awkward as SQL identifiers, end times with
 * instants among them, derived events, an unused activity, a case without events.
 */
export function richLog(): EventLog {
  const caseIds = ['INV-1', 'Rechnung-Ü-2 "quoted"', 'INV-3', '請求書-4'];
  // Events: INV-1 has 3, case 2 has 2, INV-3 none, 請求書-4 has 2.
  const caseOffsets = Uint32Array.from([0, 3, 5, 5, 7]);
  const activities = ['Invoice Created', 'Invoice Posted', 'Payment Due Date Passed', 'Invoice Settled', 'Never Used', 'Zahlung eingegangen ✓'];
  const activity = Uint32Array.from([0, 1, 2, 0, 5, 1, 3]);
  const time = Float64Array.from([T0, T0 + DAY, T0 + 31 * DAY, T0 + 0.5, T0 + 2 * DAY, T0 - 10 * DAY, T0 - 10 * DAY]);
  const endTime = Float64Array.from([NaN, T0 + DAY + 3_600_000, NaN, NaN, T0 + 3 * DAY, NaN, NaN]);
  const derived = Uint8Array.from([0, 0, 1, 0, 0, 0, 2]);
  const derivationRules = ['DueDate + 1 day, not settled by then', 'open balance reaches zero'];

  const eventAttributes = new Map<string, AttributeColumn>([
    ['DunningLevel', { kind: 'string', dict: ['', '1', '2', 'Legal'], codes: Uint32Array.from([0, 1, 0, 3, 0, 2, 0]) }],
    ['PromiseAmount', { kind: 'number', values: Float64Array.from([NaN, 12.5, -0.25, 1e300, Infinity, NaN, 0]) }],
    ['PromiseDate', { kind: 'time', values: Float64Array.from([NaN, T0 + 5 * DAY, NaN, T0 + 1.5, NaN, NaN, Date.UTC(1969, 11, 31)]) }],
    ['Automatic', { kind: 'boolean', values: Uint8Array.from([0, 1, 2, 2, 1, 0, 0]) }],
    // Clashes with fixed columns and with each other once case is ignored.
    ['activity', { kind: 'string', dict: ['', 'x'], codes: Uint32Array.from([1, 1, 0, 0, 0, 0, 1]) }],
    ['Time', { kind: 'number', values: Float64Array.from([1, 2, 3, 4, 5, 6, 7]) }],
    ['Note "quoted"; DROP TABLE logs; --', { kind: 'string', dict: ['', "it's \"fine\"", 'ünïcödé 🧾', ''], codes: Uint32Array.from([1, 2, 3, 0, 0, 0, 2]) }],
    ['Amount', { kind: 'number', values: Float64Array.from([1, NaN, NaN, NaN, NaN, NaN, 2]) }],
    ['amount', { kind: 'string', dict: ['', 'lower'], codes: Uint32Array.from([0, 0, 0, 0, 0, 0, 1]) }],
    ['', { kind: 'boolean', values: Uint8Array.from([2, 0, 0, 0, 0, 0, 1]) }],
    ['with space', { kind: 'time', values: Float64Array.from([T0, T0, T0, T0, T0, T0, NaN]) }],
  ]);
  const caseAttributes = new Map<string, AttributeColumn>([
    ['CustomerName', { kind: 'string', dict: ['', 'ACME Corp', 'Müller GmbH', '株式会社'], codes: Uint32Array.from([1, 2, 0, 3]) }],
    ['InvoiceAmount', { kind: 'number', values: Float64Array.from([5400.5, NaN, 0.1 + 0.2, -0]) }],
    ['DueDate', { kind: 'time', values: Float64Array.from([T0 + 30 * DAY, NaN, T0, T0 - DAY]) }],
    ['Disputed', { kind: 'boolean', values: Uint8Array.from([1, 2, 0, 1]) }],
    ['case_id', { kind: 'string', dict: ['', 'shadow'], codes: Uint32Array.from([1, 0, 0, 1]) }],
    ['Event_Count', { kind: 'number', values: Float64Array.from([9, 9, 9, 9]) }],
  ]);
  return {
    caseIds,
    activities,
    caseOffsets,
    activity,
    time,
    endTime,
    derived,
    derivationRules,
    eventAttributes,
    caseAttributes,
    lastDataUpdate: T0 + 40 * DAY + 0.25,
  };
}

/** A plain log: no end times, no attributes beyond one per level. */
export function simpleLog(cases: number, eventsPerCase: number, prefix = 'C'): EventLog {
  const n = cases * eventsPerCase;
  const caseOffsets = new Uint32Array(cases + 1);
  for (let c = 0; c < cases; c++) caseOffsets[c + 1] = caseOffsets[c] + eventsPerCase;
  const activity = new Uint32Array(n);
  const time = new Float64Array(n);
  const resource = new Uint32Array(n);
  for (let e = 0; e < n; e++) {
    activity[e] = e % eventsPerCase;
    time[e] = T0 + e * 60_000;
    resource[e] = 1 + (e % 3);
  }
  return {
    caseIds: Array.from({ length: cases }, (_, c) => `${prefix}-${c}`),
    activities: Array.from({ length: eventsPerCase }, (_, a) => `Step ${a}`),
    caseOffsets,
    activity,
    time,
    endTime: null,
    derived: new Uint8Array(n),
    derivationRules: [],
    eventAttributes: new Map([['Resource', { kind: 'string', dict: ['', 'ann', 'bob', 'cy'], codes: resource }]]),
    caseAttributes: new Map([['InvoiceAmount', { kind: 'number', values: Float64Array.from({ length: cases }, (_, c) => c * 10) }]]),
    lastDataUpdate: T0 + n * 60_000,
  };
}

/**
 * Asserts two logs are the same: every array exactly (NaN equal to NaN, -0 apart from 0),
 * attributes in the same order with the same kind, string attributes compared by value per row.
 */
export function expectSameLog(actual: EventLog, expected: EventLog): void {
  expect(actual.caseIds).toEqual(expected.caseIds);
  expect(actual.activities).toEqual(expected.activities);
  expect(actual.caseOffsets).toEqual(expected.caseOffsets);
  expect(actual.activity).toEqual(expected.activity);
  expect(Array.from(actual.time)).toEqual(Array.from(expected.time));
  if (expected.endTime === null) expect(actual.endTime).toBeNull();
  else expect(Array.from(actual.endTime ?? [])).toEqual(Array.from(expected.endTime));
  expect(actual.derived).toEqual(expected.derived);
  expect(actual.derivationRules).toEqual(expected.derivationRules);
  expect(Object.is(actual.lastDataUpdate, expected.lastDataUpdate)).toBe(true);
  for (const level of ['eventAttributes', 'caseAttributes'] as const) {
    const a = actual[level];
    const e = expected[level];
    expect([...a.keys()]).toEqual([...e.keys()]);
    for (const [name, column] of e) {
      const got = a.get(name)!;
      expect(got.kind, `${level} ${name}`).toBe(column.kind);
      const rows = columnLength(column);
      const gotRows = columnLength(got);
      expect(gotRows, `${level} ${name} rows`).toBe(rows);
      for (let r = 0; r < rows; r++) {
        const want = valueAt(column, r);
        const have = valueAt(got, r);
        expect(Object.is(have, want) || (Number.isNaN(have) && Number.isNaN(want)), `${level} "${name}" row ${r}: ${String(have)} vs ${String(want)}`).toBe(true);
      }
      if (got.kind === 'string') {
        expect(got.dict[0]).toBe('');
        // The store interns: each value once.
        expect(new Set(got.dict.slice(1)).size).toBe(got.dict.length - 1);
      }
    }
  }
}
