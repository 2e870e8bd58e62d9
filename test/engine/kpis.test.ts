import { describe, expect, it } from 'vitest';
import { Activity as A } from '../../api/engine/domain/activities.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';
import { balanceModel, computeKpis, kpisBy, openBalanceAt } from '../../api/engine/kpis/index.ts';
import { at, invoiceLog, type InvoiceCase, type InvoiceEvent } from '../helpers/invoice-logs.ts';

// As of 2024-03-31 00:00 UTC the default period is (2024-01-01, 2024-03-31]: 31 + 29 + 30 = 90 days.
const AS_OF = '2024-03-31';

/** Receivables used by DSO, countback, CEI and aging. */
const RECEIVABLE_CASES: Record<string, InvoiceCase> = {
  A: { amount: 1000, due: '2024-02-09', events: [[A.InvoicePosted, '2024-01-10']] },
  B: { amount: 2000, due: '2024-03-11', events: [[A.InvoicePosted, '2024-02-10'], [A.PaymentApplied, '2024-03-01', { settled: 500 }]] },
  C: { amount: 3000, due: '2023-12-31', events: [[A.InvoicePosted, '2023-12-01']] },
  D: {
    amount: 1000,
    due: '2024-04-09',
    events: [[A.InvoicePosted, '2024-03-10'], [A.PaymentApplied, '2024-03-20', { settled: 1000 }], [A.InvoiceSettled, '2024-03-20']],
  },
  E: { amount: 800, due: '2024-04-19', events: [[A.InvoicePosted, '2024-03-20']] },
};
const receivables = (): EventLog => invoiceLog(AS_OF, RECEIVABLE_CASES);

describe('receivable KPIs', () => {
  it('computes standard DSO from end AR, credit sales and the period length', () => {
    const kpis = computeKpis(receivables());
    // End AR = A 1000 + B (2000 − 500) + C 3000 + D 0 + E 800 = 6300.
    // Credit sales (posted in the period) = A 1000 + B 2000 + D 1000 + E 800 = 4800 (C was posted in December).
    // DSO = 6300 / 4800 × 90 = 118.125
    expect(kpis.amounts?.endAr).toBe(6300);
    expect(kpis.amounts?.creditSales).toBe(4800);
    expect(kpis.dso).toBeCloseTo(118.125, 9);
    // A 30-day period (2024-03-01, 2024-03-31]: sales D 1000 + E 800 = 1800; DSO = 6300 / 1800 × 30 = 105.
    expect(computeKpis(receivables(), { period: { days: 30 } }).dso).toBeCloseTo(105, 9);
  });

  it('computes countback DSO month by month from the cut-off', () => {
    // End AR 6300. March (30 days elapsed): sales 1800 → 4500 left, 30 days.
    // February (29 days): 2000 → 2500 left, 59 days. January (31): 1000 → 1500 left, 90 days.
    // December (31): sales 3000 ≥ 1500 → 90 + 31 × 1500 / 3000 = 105.5
    expect(computeKpis(receivables()).countbackDso).toBeCloseTo(105.5, 9);
  });

  it('computes CEI with current AR = the part of end AR not yet due', () => {
    const kpis = computeKpis(receivables());
    // Begin AR at 2024-01-01: only C (posted 2023-12-01) = 3000. Sales 4800. End AR 6300.
    // Current end AR: E (due 2024-04-19) = 800; D is settled, the rest are past due.
    // CEI = (3000 + 4800 − 6300) / (3000 + 4800 − 800) × 100 = 1500 / 7000 × 100 = 21.43
    expect(kpis.amounts?.beginAr).toBe(3000);
    expect(kpis.amounts?.currentEndAr).toBe(800);
    expect(kpis.cei).toBeCloseTo((1500 / 7000) * 100, 9);
  });

  it('buckets the open balance at the cut-off by days past due', () => {
    const log = invoiceLog(AS_OF, {
      ...RECEIVABLE_CASES,
      F: { amount: 400, due: '2024-01-01', events: [[A.InvoicePosted, '2023-12-02']] },
      G: { amount: 50, events: [[A.InvoicePosted, '2024-03-01']] },
    });
    const aging = computeKpis(log).aging;
    // Days past due on 2024-03-31: E −19 → current 800; B 20 → 1–30: 1500; A 51 → 31–60: 1000;
    // F 90 (Jan 1 → Mar 31) → 61–90: 400; C 91 → 90+: 3000; G has no due date → noDueDate 50.
    expect(aging).toEqual({ current: 800, d1_30: 1500, d31_60: 1000, d61_90: 400, d90plus: 3000, noDueDate: 50 });
  });
});

describe('open balance', () => {
  it('subtracts credit memos and payments up to t and is zero before posting and after settlement', () => {
    const log = invoiceLog(AS_OF, {
      X: {
        amount: 1000,
        events: [
          [A.InvoicePosted, '2024-01-10'],
          [A.CreditMemoIssued, '2024-02-01', { settled: 200 }],
          [A.PaymentApplied, '2024-02-15', { settled: 300 }],
          [A.PaymentApplied, '2024-03-01', { settled: 500 }],
          [A.InvoiceSettled, '2024-03-01'],
        ],
      },
    });
    const model = balanceModel(log);
    expect(openBalanceAt(model, 0, at('2024-01-09'))).toBe(0); // not posted yet
    expect(openBalanceAt(model, 0, at('2024-01-10'))).toBe(1000);
    expect(openBalanceAt(model, 0, at('2024-02-01'))).toBe(800); // 1000 − 200 credit memo
    expect(openBalanceAt(model, 0, at('2024-02-20'))).toBe(500); // 800 − 300
    expect(openBalanceAt(model, 0, at('2024-03-01'))).toBe(0); // settled
  });
});

describe('payment KPIs', () => {
  it('averages days to pay from posting to settlement, over invoices settled in the period', () => {
    const log = invoiceLog(AS_OF, {
      P1: { events: [[A.InvoicePosted, '2024-03-01'], [A.InvoiceSettled, '2024-03-11']] },
      P2: { events: [[A.InvoicePosted, '2024-02-01'], [A.InvoiceSettled, '2024-02-16T12:00:00Z']] },
      P3: { events: [[A.InvoicePosted, '2023-11-01'], [A.InvoiceSettled, '2023-12-15']] },
      P4: { events: [[A.InvoicePosted, '2024-03-01']] },
    });
    // P1: 10 days; P2: 15.5 days; P3 settled before the period, P4 open: not counted. (10 + 15.5) / 2 = 12.75
    expect(computeKpis(log).averageDaysToPay).toBeCloseTo(12.75, 9);
  });

  const delinquency = (): EventLog =>
    invoiceLog(AS_OF, {
      Q1: { due: '2024-02-15', events: [[A.InvoicePosted, '2024-01-15'], [A.InvoiceSettled, '2024-02-16T12:00:00Z']] },
      Q2: { due: '2024-03-01', events: [[A.InvoicePosted, '2024-02-01'], [A.InvoiceSettled, '2024-03-11T09:00:00Z']] },
      Q3: { due: '2024-03-20', events: [[A.InvoicePosted, '2024-02-20'], [A.InvoiceSettled, '2024-03-20T17:00:00Z']] },
      Q4: { due: '2024-03-25', events: [[A.InvoicePosted, '2024-02-25'], [A.InvoiceSettled, '2024-03-10']] },
    });

  it('averages days delinquent as max(0, settlement day − due day)', () => {
    // Q1 1 day late, Q2 10, Q3 paid on the due date (0), Q4 early (0): (1 + 10 + 0 + 0) / 4 = 2.75
    expect(computeKpis(delinquency()).averageDaysDelinquent).toBeCloseTo(2.75, 9);
  });

  it('computes the on-time rate as a fraction, and null when the log has no due dates', () => {
    // On or before the due date: Q3 and Q4 → 2 / 4 = 0.5
    expect(computeKpis(delinquency()).onTimeRate).toBe(0.5);
    const noDueDates = invoiceLog(AS_OF, { Z: { events: [[A.InvoicePosted, '2024-02-01'], [A.InvoiceSettled, '2024-03-01']] } });
    const kpis = computeKpis(noDueDates);
    expect(kpis.onTimeRate).toBeNull();
    expect(kpis.unavailable.onTimeRate).toMatch(/DueDate/);
    expect(kpis.averageDaysToPay).toBe(29); // Feb 1 → Mar 1 in 2024 still computes
  });
});

describe('cycle-time KPIs', () => {
  it('measures dispute resolution time for disputes resolved in the period', () => {
    const log = invoiceLog(AS_OF, {
      R1: {
        events: [
          [A.DisputeRegistered, '2024-02-01'],
          [A.DisputeResolved, '2024-02-11'],
          [A.DisputeRegistered, '2024-03-01'],
          [A.DisputeResolved, '2024-03-05T12:00:00Z'],
        ],
      },
      R2: { events: [[A.DisputeRegistered, '2023-11-01'], [A.DisputeResolved, '2023-11-20']] },
      R3: { events: [[A.DisputeRegistered, '2024-03-20']] },
    });
    // R1: 10 and 4.5 days; R2 resolved before the period, R3 unresolved. (10 + 4.5) / 2 = 7.25
    const kpis = computeKpis(log);
    expect(kpis.disputeResolutionDays).toBeCloseTo(7.25, 9);
    expect(kpis.counts.disputesResolved).toBe(2);
  });

  it('pairs payments received and applied first in, first out for the cash-application lag', () => {
    const log = invoiceLog(AS_OF, {
      S1: {
        events: [
          [A.PaymentReceived, '2024-03-01'],
          [A.PaymentReceived, '2024-03-02'],
          [A.PaymentApplied, '2024-03-04'],
          [A.PaymentApplied, '2024-03-08'],
        ],
      },
      S2: { events: [[A.PaymentReceived, '2024-03-10'], [A.PaymentApplied, '2024-03-10T12:00:00Z']] },
    });
    // S1: Mar 1 → Mar 4 = 3, Mar 2 → Mar 8 = 6; S2: 0.5. (3 + 6 + 0.5) / 3 = 3.1667
    expect(computeKpis(log).cashApplicationLagDays).toBeCloseTo(9.5 / 3, 9);
  });

  it('measures the credit-approval cycle time', () => {
    const log = invoiceLog(AS_OF, {
      T1: { events: [[A.CreditLimitRequested, '2024-01-05'], [A.CreditLimitApproved, '2024-01-08']] },
      T2: { events: [[A.CreditLimitRequested, '2024-02-26'], [A.CreditLimitApproved, '2024-03-04']] },
    });
    // T1: 3 days; T2: Feb 26 → Mar 4 in a leap year = 7 days. (3 + 7) / 2 = 5
    expect(computeKpis(log).creditApprovalDays).toBe(5);
  });
});

describe('collection outcome KPIs', () => {
  it('computes the collection success rate over dunned invoices closed in the period', () => {
    const log = invoiceLog(AS_OF, {
      U1: { events: [[A.InvoicePosted, '2024-01-02'], [A.ReminderSent, '2024-02-01'], [A.InvoiceSettled, '2024-03-01']] },
      U2: { events: [[A.InvoicePosted, '2024-01-02'], [A.DunningLetterIssued, '2024-02-01', { level: '1' }], [A.InvoiceWrittenOff, '2024-03-15']] },
      U3: { events: [[A.InvoicePosted, '2024-01-02'], [A.DunningProcessStarted, '2024-02-01'], [A.InvoiceSettled, '2024-03-10']] },
      U4: { events: [[A.InvoicePosted, '2024-01-02'], [A.InvoiceSettled, '2024-03-01']] },
      U5: { events: [[A.InvoicePosted, '2024-01-02'], [A.ReminderSent, '2024-03-01']] },
      U6: { events: [[A.InvoicePosted, '2023-09-02'], [A.ReminderSent, '2023-10-01'], [A.InvoiceSettled, '2023-11-01']] },
    });
    // Dunned and closed in the period: U1 (settled), U2 (written off), U3 (settled). U4 was never
    // dunned, U5 is still open, U6 closed before the period. 2 / 3
    const kpis = computeKpis(log);
    expect(kpis.collectionSuccessRate).toBeCloseTo(2 / 3, 9);
    expect(kpis.counts.dunnedClosed).toBe(3);
  });

  it('computes the write-off rate by count and by value', () => {
    const log = invoiceLog(AS_OF, {
      V1: { amount: 1000, events: [[A.InvoicePosted, '2024-01-05'], [A.PaymentApplied, '2024-02-01', { settled: 1000 }], [A.InvoiceSettled, '2024-02-01']] },
      V2: { amount: 2000, events: [[A.InvoicePosted, '2024-01-05'], [A.PaymentApplied, '2024-02-01', { settled: 500 }], [A.InvoiceWrittenOff, '2024-03-01']] },
      V3: { amount: 1000, events: [[A.InvoicePosted, '2024-01-10'], [A.InvoiceSettled, '2024-03-05']] },
      V4: { amount: 5000, events: [[A.InvoicePosted, '2024-01-10']] },
    });
    // Closed in the period: V1, V2, V3 (V4 is open). Written off: V2 → 1 / 3 by count.
    // Value: V2's open balance when written off = 2000 − 500 = 1500, over 1000 + 2000 + 1000 = 4000 → 0.375
    const kpis = computeKpis(log);
    expect(kpis.writeOffRate).toBeCloseTo(1 / 3, 9);
    expect(kpis.writeOffValueRate).toBe(0.375);
  });

  it('computes the promise-kept rate over promises whose date has passed', () => {
    const log = invoiceLog(AS_OF, {
      W1: { events: [[A.PromiseToPayReceived, '2024-03-01', { promiseDate: '2024-03-10' }], [A.PaymentReceived, '2024-03-10T15:00:00Z']] },
      W2: { events: [[A.PromiseToPayReceived, '2024-03-01', { promiseDate: '2024-03-05' }], [A.PaymentReceived, '2024-03-06']] },
      W3: { events: [[A.PromiseToPayReceived, '2024-03-01', { promiseDate: '2024-03-08' }], [A.PromiseToPayBroken, '2024-03-09']] },
      W4: { events: [[A.PromiseToPayReceived, '2024-03-25', { promiseDate: '2024-04-05' }]] },
      W5: { events: [[A.PromiseToPayReceived, '2024-02-01', { promiseDate: '2024-02-03' }], [A.PaymentApplied, '2024-02-02']] },
    });
    // Decided in the period: W1 kept (paid on the promised day), W2 broken (a day late), W3 broken,
    // W5 kept; W4's date is after the cut-off. 2 / 4 = 0.5
    const kpis = computeKpis(log);
    expect(kpis.promiseKeptRate).toBe(0.5);
    expect(kpis.counts.promisesDue).toBe(4);
  });

  it('computes dunning adherence from the policy check over invoices that fell overdue in the period', () => {
    const overdue = (extra: InvoiceEvent[]): InvoiceCase => ({
      due: '2024-02-29',
      events: [[A.InvoicePosted, '2024-01-30'], [A.PaymentDueDatePassed, '2024-03-01'], ...extra],
    });
    const log = invoiceLog(AS_OF, {
      X1: overdue([[A.ReminderSent, '2024-03-02']]),
      X2: overdue([[A.ReminderSent, '2024-03-06']]),
      X3: overdue([]),
      X4: { due: '2024-04-10', events: [[A.InvoicePosted, '2024-03-10']] },
      X5: {
        due: '2024-02-14',
        events: [
          [A.InvoicePosted, '2024-01-15'],
          [A.PaymentDueDatePassed, '2024-02-15'],
          [A.ReminderSent, '2024-02-16'],
          [A.DunningLetterIssued, '2024-02-20', { level: '1' }],
          [A.DunningLetterIssued, '2024-02-25', { level: '2' }],
        ],
      },
    });
    // Overdue in the period: X1, X2, X3, X5 (X4 is not due yet). X2's reminder is late (after Mar 4),
    // X3 has none, X5's level 2 came 5 days after level 1 (policy: 14). Only X1 conforms: 1 / 4.
    const kpis = computeKpis(log);
    expect(kpis.counts.overdueInPeriod).toBe(4);
    expect(kpis.dunningAdherence).toBe(0.25);
    expect(computeKpis(log, { conformance: false }).dunningAdherence).toBeNull();
  });
});

describe('currencies, groupings and selections', () => {
  it('normalises amounts to USD and reports, never converts 1:1, an unknown currency', () => {
    const log = invoiceLog(AS_OF, {
      EUR1: { amount: 1000, currency: 'EUR', events: [[A.InvoicePosted, '2024-03-01']] },
      JPY1: { amount: 100_000, currency: 'JPY', events: [[A.InvoicePosted, '2024-03-01']] },
      XYZ1: { amount: 500, currency: 'XYZ', events: [[A.InvoicePosted, '2024-03-01']] },
    });
    const kpis = computeKpis(log);
    // 1000 EUR × 1.08 + 100 000 JPY × 0.0066 = 1080 + 660 = 1740 USD; the XYZ invoice is left out.
    expect(kpis.reportingCurrency).toBe('USD');
    expect(kpis.amounts?.endAr).toBeCloseTo(1740, 6);
    expect(kpis.excludedCurrencies).toEqual([{ currency: 'XYZ', cases: 1, amount: 500 }]);
    expect(kpis.counts.amountExcluded).toBe(1);
    // Own rates and reporting currency: 1 EUR = 1.1 USD → the USD invoice of 1100 is 1000 EUR.
    const usd = invoiceLog(AS_OF, { U: { amount: 1100, events: [[A.InvoicePosted, '2024-03-01']] } });
    expect(computeKpis(usd, { currency: { reporting: 'EUR', rates: { USD: 1, EUR: 1.1 } } }).amounts?.endAr).toBeCloseTo(1000, 9);
  });

  it('computes every KPI per collector and per posting month', () => {
    const log = invoiceLog(AS_OF, {
      A1: { amount: 1000, attributes: { CollectorName: 'Alice' }, events: [[A.InvoicePosted, '2024-02-10']] },
      A2: { amount: 1000, attributes: { CollectorName: 'Alice' }, events: [[A.InvoicePosted, '2024-03-10'], [A.PaymentApplied, '2024-03-20', { settled: 1000 }], [A.InvoiceSettled, '2024-03-20']] },
      B1: { amount: 3000, attributes: { CollectorName: 'Bob' }, events: [[A.InvoicePosted, '2024-03-01']] },
    });
    const byCollector = kpisBy(log, { attribute: 'CollectorName' });
    expect(byCollector.groups.map((g) => g.key)).toEqual(['Alice', 'Bob']);
    // Alice: end AR 1000, sales 2000 → 1000 / 2000 × 90 = 45. Bob: 3000 / 3000 × 90 = 90.
    expect(byCollector.groups.map((g) => g.kpis.dso)).toEqual([45, 90]);
    // Alice's A2: posted Mar 10, settled Mar 20 → 10 days to pay; Bob has no settlement.
    expect(byCollector.groups.map((g) => g.kpis.averageDaysToPay)).toEqual([10, null]);

    const byMonth = kpisBy(log, { month: 'posting' });
    expect(byMonth.groups.map((g) => [g.key, g.kpis.counts.cases])).toEqual([
      ['2024-02', 1],
      ['2024-03', 2],
    ]);
    // March: end AR 0 + 3000 over sales 1000 + 3000 → 3000 / 4000 × 90 = 67.5
    expect(byMonth.groups[1].kpis.dso).toBe(67.5);
  });

  it('measures only the selected cases', () => {
    const log = receivables();
    const selection = new Uint8Array(log.caseIds.length).fill(1);
    selection[log.caseIds.indexOf('C')] = 0;
    // Without C: end AR 6300 − 3000 = 3300 over sales 4800 → 3300 / 4800 × 90 = 61.875
    const kpis = computeKpis(log, { cases: selection });
    expect(kpis.counts.cases).toBe(4);
    expect(kpis.dso).toBeCloseTo(61.875, 9);
  });
});
