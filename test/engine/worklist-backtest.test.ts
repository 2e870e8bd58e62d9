import { describe, expect, it } from 'vitest';
import { Activity as A } from '../../api/engine/domain/activities.ts';
import type { AttributeValue } from '../../api/engine/log/columns.ts';
import { prepareLog } from '../../api/engine/prepare.ts';
import { backtestPayDates, truncateLog } from '../../api/engine/worklist/index.ts';
import { logOf, t, trace, type HandEvent } from '../helpers/logs.ts';

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe('truncateLog', () => {
  const log = prepareLog(
    logOf(
      [
        { c: 'A', a: A.InvoicePosted, at: '2024-01-02T09:00:00Z' },
        { c: 'A', a: A.PaymentApplied, at: '2024-02-10T09:00:00Z', attrs: { SettledAmount: 100 } },
        { c: 'B', a: A.InvoicePosted, at: '2024-03-02T09:00:00Z' },
      ],
      { A: { InvoiceAmount: 100, DueDate: '2024-01-31', InvoiceStatus: 'Paid' }, B: { InvoiceAmount: 50, DueDate: '2024-04-01', InvoiceStatus: 'Open' } },
      '2024-03-10T00:00:00Z',
    ),
  ).log;

  it('keeps what was recorded by the cut-off, as if extracted then', () => {
    // The full log: A was overdue from 02-01 and settled 02-10 (both derived).
    expect(trace(log, 'A')).toEqual([A.InvoicePosted, A.PaymentDueDatePassed, A.PaymentApplied, A.InvoiceSettled]);
    const past = truncateLog(log, t('2024-02-05T00:00:00Z'));
    // B did not exist yet; derived events are gone (prepareLog makes them again from what was known);
    // the status as of the extract is not known at the cut-off.
    expect(past.caseIds).toEqual(['A']);
    expect(trace(past, 'A')).toEqual([A.InvoicePosted]);
    expect(past.activities).toEqual([A.InvoicePosted]);
    expect(past.lastDataUpdate).toBe(t('2024-02-05T00:00:00Z'));
    expect(past.caseAttributes.has('InvoiceStatus')).toBe(false);
    expect(trace(prepareLog(past).log, 'A')).toEqual([A.InvoicePosted, A.PaymentDueDatePassed]);
  });
});

describe('backtestPayDates', () => {
  // Learning set: T1–T4 (due 01-31, overdue from 02-01 00:00) settled 2.5, 4.5, 6.5 and 8.5 days later.
  // Checked set: O1–O4, due 03-01 (overdue from 03-02 00:00), open at the cut-off 03-03 12:00, 10 days
  // before the log's end (03-13 12:00): O1 settles 03-05 10:00, O2 03-11 09:00, O3 never, O4 is written off.
  const events: HandEvent[] = [];
  const cases: Record<string, Record<string, AttributeValue>> = {};
  [2.5, 4.5, 6.5, 8.5].forEach((age, i) => {
    const id = `T${i + 1}`;
    events.push({ c: id, a: A.InvoicePosted, at: '2024-01-02T09:00:00Z' });
    events.push({ c: id, a: A.PaymentApplied, at: iso(t('2024-02-01T00:00:00Z') + age * DAY), attrs: { SettledAmount: 100 } });
    cases[id] = { DueDate: '2024-01-31' };
  });
  const later: Record<string, HandEvent | null> = {
    O1: { c: 'O1', a: A.PaymentApplied, at: '2024-03-05T10:00:00Z', attrs: { SettledAmount: 100 } },
    O2: { c: 'O2', a: A.PaymentApplied, at: '2024-03-11T09:00:00Z', attrs: { SettledAmount: 100 } },
    O3: null,
    O4: { c: 'O4', a: A.InvoiceWrittenOff, at: '2024-03-12T09:00:00Z' },
  };
  for (const [id, end] of Object.entries(later)) {
    events.push({ c: id, a: A.InvoicePosted, at: '2024-02-01T09:00:00Z' });
    if (end) events.push(end);
    cases[id] = { DueDate: '2024-03-01' };
  }
  for (const attrs of Object.values(cases)) Object.assign(attrs, { InvoiceAmount: 100, InvoiceCurrency: 'USD', CustomerSegment: 'SMB' });
  const raw = logOf(events, cases, '2024-03-13T12:00:00Z');

  it('checks each prediction made at the cut-off against the actual settlement day', () => {
    const result = backtestPayDates(raw, { daysBefore: [10], minGroup: 1 });
    // At 03-03 12:00 the O invoices are 1.5 days overdue. Observed at grid age 0, T1–T4 were all open and
    // closed 1, 3, 5 and 7 days after 1.5: interval [03-04 12:00, 03-10 12:00] (p10, p90), median 03-06 12:00.
    // O1 (03-05) is inside, O2 (03-11) a day outside; O3 and O4 cannot be checked.
    // Errors: |03-05 10:00 − 03-06 12:00| = 26 h; |03-11 09:00 − 03-06 12:00| = 4 days 21 h.
    expect(result.cutoffs).toEqual([
      {
        daysBefore: 10,
        cutoff: t('2024-03-03T12:00:00Z'),
        open: 4,
        predicted: 4,
        settled: 2,
        inside: 1,
        coverage: 0.5,
        maeDays: (26 / 24 + 4 + 21 / 24) / 2,
        writtenOff: 1,
        stillOpen: 1,
      },
    ]);
    expect(result.overall).toEqual({ settled: 2, inside: 1, coverage: 0.5, maeDays: (26 / 24 + 4 + 21 / 24) / 2 });
    expect(result.nominalCoverage).toBe(0.8);
  });

  it('gives the same figures from the prepared log', () => {
    expect(backtestPayDates(prepareLog(raw).log, { daysBefore: [10], minGroup: 1 })).toEqual(backtestPayDates(raw, { daysBefore: [10], minGroup: 1 }));
  });

  it('predicts nothing it cannot back with enough settled invoices', () => {
    const result = backtestPayDates(raw, { daysBefore: [10], minGroup: 5 });
    expect(result.cutoffs[0]).toMatchObject({ open: 4, predicted: 0, settled: 0, coverage: null, maeDays: null });
  });
});
