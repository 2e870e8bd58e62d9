import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendEvents } from '../../api/engine/log/append.ts';
import { LogBuilder } from '../../api/engine/log/builder.ts';
import { compactColumn, denseValues, gatherColumn, NumberReader, valueAt, type AttributeValue, type NumericColumn } from '../../api/engine/log/columns.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';

/**
 * The builder keeps a column per case while no case shows two values, as (row, value) pairs
 * while few rows have one, and one slot per row otherwise. Whatever it chose, the log must be
 * the one the plain rule gives: every value per event, then a column that never varies within
 * a case moves to the case. The reference below is that rule, written the slow and obvious way.
 */
interface Row {
  readonly c: number;
  readonly t: number;
  /** Promotable string, promotable number, template event number (PromiseAmount), template event string (Resource). */
  readonly values: readonly (string | number | null)[];
}

const NAMES = ['Plant', 'Weight', 'PromiseAmount', 'Resource'];

function build(rows: readonly Row[]): EventLog {
  const b = new LogBuilder();
  for (const row of rows) {
    const e = b.addEvent(`C${row.c}`, 'Step', row.t);
    row.values.forEach((v, k) => b.setEventAttribute(e, NAMES[k], v));
  }
  return b.build();
}

/** Per case id: its rows in log order (by time, input order on ties). */
function expectedOrder(rows: readonly Row[]): Map<string, Row[]> {
  const byCase = new Map<string, Row[]>();
  for (const row of rows) {
    const id = `C${row.c}`;
    if (!byCase.has(id)) byCase.set(id, []);
    byCase.get(id)!.push(row);
  }
  for (const list of byCase.values()) list.sort((x, y) => x.t - y.t);
  return byCase;
}

function checkAgainstReference(rows: readonly Row[]): void {
  const log = build(rows);
  const order = expectedOrder(rows);
  expect(log.caseIds).toEqual([...order.keys()]);
  NAMES.forEach((name, k) => {
    const eventLevel = name === 'PromiseAmount' || name === 'Resource';
    const present = rows.some((r) => r.values[k] !== null);
    const constant = [...order.values()].every((list) => new Set(list.map((r) => r.values[k]).filter((v) => v !== null)).size <= 1);
    const eventColumn = log.eventAttributes.get(name);
    const caseColumn = log.caseAttributes.get(name);
    if (!present) {
      expect(eventColumn).toBeUndefined();
      expect(caseColumn).toBeUndefined();
      return;
    }
    if (eventLevel || !constant) {
      expect(eventColumn, name).toBeDefined();
      expect(caseColumn, name).toBeUndefined();
      let e = 0;
      for (const list of order.values()) for (const r of list) expect(valueAt(eventColumn!, e++), `${name} event ${e - 1}`).toBe(r.values[k]);
    } else {
      expect(eventColumn, name).toBeUndefined();
      expect(caseColumn, name).toBeDefined();
      [...order.values()].forEach((list, c) => {
        const value: AttributeValue = list.map((r) => r.values[k]).find((v) => v !== null) ?? null;
        expect(valueAt(caseColumn!, c), `${name} case ${c}`).toBe(value);
      });
    }
  });
}

/** The same rows through the protocol of a caller that reports changes only (reportChangesOnly). */
function buildReportingChanges(rows: readonly Row[]): EventLog {
  const b = new LogBuilder();
  const columns = new Map<string, ReturnType<LogBuilder['eventColumn']>>();
  const previous: (string | number | null)[] = NAMES.map(() => null);
  let previousCase = -1;
  for (const row of rows) {
    const e = b.addEvent(`C${row.c}`, 'Step', row.t);
    row.values.forEach((v, k) => {
      const existing = columns.get(NAMES[k]) ?? null;
      if (v === null) existing?.missing(e);
      else if (existing && existing.perCase && row.c === previousCase && previous[k] === v) {
        // a repeat within the invoice: not reported
      } else if (existing) existing.set(e, v);
      else {
        const column = b.eventColumn(NAMES[k], typeof v === 'number' ? 'number' : 'string');
        columns.set(NAMES[k], column);
        if (column.perCase) column.reportChangesOnly(e);
        column.set(e, v);
      }
      previous[k] = v;
    });
    previousCase = row.c;
  }
  return b.build();
}

const rowArb = (cases: number, dense: boolean) =>
  fc.record({
    c: fc.integer({ min: 0, max: cases - 1 }),
    t: fc.integer({ min: 0, max: 20 }),
    values: fc.tuple(
      fc.option(fc.constantFrom('north', 'south', 'east'), { nil: null, freq: dense ? 8 : 2 }),
      fc.option(fc.constantFrom(1.5, 2, -3), { nil: null, freq: dense ? 8 : 2 }),
      fc.option(fc.constantFrom(100, 250.25), { nil: null, freq: dense ? 1 : 6 }),
      fc.option(fc.constantFrom('AR FR01', 'Sophie'), { nil: null, freq: 2 }),
    ),
  });

describe('column storage in the log builder', () => {
  it('gives the log of the plain rule on random rows (per-case, sparse and dense storage alike)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 6 }).chain((cases) => fc.array(rowArb(cases, true), { minLength: 1, maxLength: 120 })),
        (rows) => checkAgainstReference(rows),
      ),
      { numRuns: 300 },
    );
  });

  it('gives the same log when the caller reports only changes within an invoice', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }).chain((cases) => fc.array(rowArb(cases, true), { minLength: 1, maxLength: 120 })),
        (rows) => {
          // Invoices' rows mostly together, as in flat files, so repeats are common.
          const sorted = [...rows].sort((x, y) => x.c - y.c);
          const a = build(sorted);
          const b = buildReportingChanges(sorted);
          expect(b.caseIds).toEqual(a.caseIds);
          for (const level of ['caseAttributes', 'eventAttributes'] as const) {
            expect([...b[level].keys()].sort()).toEqual([...a[level].keys()].sort());
            for (const [name, column] of a[level]) {
              const other = b[level].get(name)!;
              const n = level === 'caseAttributes' ? a.caseIds.length : a.activity.length;
              for (let r = 0; r < n; r++) expect(valueAt(other, r), `${level} ${name} ${r}`).toBe(valueAt(column, r));
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('counts unreported rows at the end as repeats when the column must be kept per event after all', () => {
    const b = new LogBuilder();
    const e0 = b.addEvent('A', 'Step', 0);
    const plant = b.eventColumn('Plant', 'string');
    plant.reportChangesOnly(e0);
    plant.setString(e0, 'north');
    b.addEvent('A', 'Step', 1);
    b.addEvent('A', 'Step', 2);
    // A header field of the same name makes the row values an event column.
    b.setCaseAttribute('A', 'Plant', 'from the header');
    const log = b.build();
    const events = log.eventAttributes.get('Plant')!;
    expect([0, 1, 2].map((r) => valueAt(events, r))).toEqual(['north', 'north', 'north']);
    expect(valueAt(log.caseAttributes.get('Plant')!, 0)).toBe('from the header');
  });

  it('keeps a case column whose first conflict comes late, after thousands of rows stored per case', () => {
    const rows: Row[] = [];
    for (let i = 0; i < 9000; i++) rows.push({ c: i % 50, t: i, values: [i % 7 === 0 ? null : `p${i % 50}`, i % 50, i % 3 === 0 ? i : null, null] });
    rows.push({ c: 3, t: 5, values: ['changed', 3, null, 'late'] });
    checkAgainstReference(rows);
    const log = build(rows);
    expect(log.caseAttributes.has('Weight')).toBe(true);
    expect(log.eventAttributes.has('Plant')).toBe(true);
  });

  it('switches a sparse column to one slot per row when most rows get a value, and when rows come out of order', () => {
    const rows: Row[] = [];
    for (let i = 0; i < 10000; i++) rows.push({ c: i % 13, t: i % 17, values: [null, null, i % 4 === 0 ? null : i / 4, null] });
    checkAgainstReference(rows);

    const b = new LogBuilder();
    for (let i = 0; i < 6; i++) b.addEvent('K', 'Step', i);
    b.eventColumn('PromiseAmount', 'number').set(4, 40);
    b.eventColumn('PromiseAmount', 'number').set(1, 10);
    const log = b.build();
    expect(Array.from(log.eventAttributes.get('PromiseAmount')!.kind === 'number' ? (log.eventAttributes.get('PromiseAmount') as { values: Float64Array }).values : [])).toEqual([NaN, 10, NaN, NaN, 40, NaN]);
  });

  it('turns a per-case column into strings when a value of another type arrives', () => {
    const b = new LogBuilder();
    const e0 = b.addEvent('A', 'Step', 0);
    b.setEventAttribute(e0, 'Weight', 5);
    const e1 = b.addEvent('B', 'Step', 1);
    b.setEventAttribute(e1, 'Weight', 'heavy');
    const log = b.build();
    const column = log.caseAttributes.get('Weight')!;
    expect(column.kind).toBe('string');
    expect([valueAt(column, 0), valueAt(column, 1)]).toEqual(['5', 'heavy']);
  });

  it('widens codes while building, per event and per case, when the dictionary outgrows them', () => {
    const b = new LogBuilder();
    for (let i = 0; i < 100_000; i++) {
      const e = b.addEvent(`C${i % 400}`, 'Step', i);
      b.setEventAttribute(e, 'Resource', i % 10 === 0 ? 'same' : `person ${i}`);
      b.setEventAttribute(e, 'CustomerName', `customer ${i % 400}`);
    }
    const log = b.build();
    const resource = log.eventAttributes.get('Resource')!;
    expect(resource.kind === 'string' && resource.codes).toBeInstanceOf(Uint32Array);
    const customer = log.caseAttributes.get('CustomerName')!;
    expect(customer.kind === 'string' && customer.codes).toBeInstanceOf(Uint16Array);
    // Case C0's events are rows 0, 400, 800, ... in file order (all at distinct times).
    const c0 = log.caseIds.indexOf('C0');
    const first = log.caseOffsets[c0];
    expect([valueAt(resource, first), valueAt(resource, first + 1), valueAt(resource, first + 2)]).toEqual(['same', 'same', 'same']);
    const c8 = log.caseIds.indexOf('C8');
    expect(valueAt(customer, c8)).toBe('customer 8');
    expect(valueAt(resource, log.caseOffsets[c8 + 1] - 1)).toBe(`person ${99_608}`);
  });

  it('stores codes as narrow as the dictionary allows and widens them when a new value needs it', () => {
    const b = new LogBuilder();
    for (let i = 0; i < 300; i++) b.setEventAttribute(b.addEvent('A', 'Step', i), 'Resource', `r${i % 3}`);
    const log = b.build();
    const column = log.eventAttributes.get('Resource')!;
    expect(column.kind === 'string' && column.codes).toBeInstanceOf(Uint8Array);

    let grown = log;
    const events = Array.from({ length: 300 }, (_, i) => ({ caseId: 'A', activity: 'Step', time: 1000 + i, attributes: { Resource: `new ${i}` } }));
    grown = appendEvents(grown, events).log;
    const wide = grown.eventAttributes.get('Resource')!;
    expect(wide.kind === 'string' && wide.codes).toBeInstanceOf(Uint16Array);
    expect(valueAt(wide, 599)).toBe('new 299');
    expect(valueAt(wide, 0)).toBe('r0');
  });
});

describe('sparse number columns', () => {
  const denseArb = fc.array(fc.option(fc.double({ noNaN: true, min: -1e6, max: 1e6 }), { nil: null, freq: 4 }), { minLength: 1, maxLength: 200 });
  const toDense = (values: readonly (number | null)[]): NumericColumn => ({ kind: 'number', values: Float64Array.from(values, (v) => v ?? Number.NaN) });

  it('reads the same values as the dense column, in any order of rows', () => {
    fc.assert(
      fc.property(denseArb, fc.array(fc.nat(), { maxLength: 300 }), (values, order) => {
        const dense = toDense(values);
        const compact = compactColumn(dense) as NumericColumn;
        const reader = new NumberReader(compact);
        const rows = [...values.keys(), ...order.map((o) => o % values.length)];
        for (const r of rows) expect(Object.is(reader.get(r), (dense as { values: Float64Array }).values[r]) || (Number.isNaN(reader.get(r)) && values[r] === null)).toBe(true);
        expect(Array.from(denseValues(compact))).toEqual(Array.from((dense as { values: Float64Array }).values));
      }),
      { numRuns: 200 },
    );
  });

  it('is kept sparse below a third of the rows and gathers like the dense column', () => {
    fc.assert(
      fc.property(denseArb, fc.array(fc.integer({ min: -1, max: 250 }), { maxLength: 300 }), (values, picks) => {
        const dense = toDense(values);
        const compact = compactColumn(dense);
        const present = values.filter((v) => v !== null).length;
        expect(compact.sparse === true).toBe(3 * present < values.length);
        const shuffled = picks.map((p) => (p >= values.length ? -1 : p));
        // In any order, and ascending with gaps (-1) as rebuilds and scopes ask.
        for (const rows of [shuffled, [...shuffled].sort((x, y) => x - y).map((r, i) => (i % 5 === 0 ? -1 : r))]) {
          const a = gatherColumn(dense, rows);
          const b = gatherColumn(compact, rows);
          expect(b.sparse === true).toBe(compact.sparse === true);
          for (let i = 0; i < rows.length; i++) expect(valueAt(b, i)).toBe(valueAt(a, i));
        }
      }),
      { numRuns: 200 },
    );
  });

  it('gets a value appended into a sparse column between the ones it had', () => {
    const b = new LogBuilder();
    for (let i = 0; i < 10; i++) b.setEventAttribute(b.addEvent('A', 'Step', i * 10), 'PromiseAmount', i === 2 || i === 8 ? i : null);
    const log = b.build();
    expect(log.eventAttributes.get('PromiseAmount')!.sparse).toBe(true);
    const grown = appendEvents(log, [{ caseId: 'A', activity: 'Promise', time: 55, attributes: { PromiseAmount: 42 } }]).log;
    const column = grown.eventAttributes.get('PromiseAmount')!;
    expect(Array.from({ length: 11 }, (_, r) => valueAt(column, r))).toEqual([null, null, 2, null, null, null, 42, null, null, 8, null]);
  });
});
