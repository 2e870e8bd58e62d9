import { describe, expect, it } from 'vitest';
import { Activity as A } from '../../api/engine/domain/activities.ts';
import { checkConformance, parsePolicy } from '../../api/engine/conformance/index.ts';
import type { AttributeValue } from '../../api/engine/log/columns.ts';
import { findRootCauses, type RootCause } from '../../api/engine/rootcause/index.ts';
import { quartileBands } from '../../api/engine/rootcause/bands.ts';
import { logOf, type HandEvent } from '../helpers/logs.ts';

/** Thresholds off, so a hand-made log of ten invoices shows every over-represented feature. */
const ALL = { minCases: 1, minShare: 0 } as const;

interface Spec {
  readonly attrs: Record<string, AttributeValue>;
  /** [activity, ISO time, event attributes] after the invoice is posted on 2024-01-02. */
  readonly events: readonly (readonly [string, string, Record<string, AttributeValue>?])[];
}

function build(specs: Record<string, Spec>, asOf = '2024-06-30T00:00:00Z') {
  const events: HandEvent[] = [];
  const cases: Record<string, Record<string, AttributeValue>> = {};
  for (const [id, spec] of Object.entries(specs)) {
    events.push({ c: id, a: A.InvoicePosted, at: '2024-01-02T09:00:00Z' });
    for (const [a, at, attrs] of spec.events) events.push({ c: id, a, at, attrs });
    cases[id] = spec.attrs;
  }
  return logOf(events, cases, asOf);
}

const brief = (c: RootCause) => [c.label, +c.lift.toFixed(4), +c.support.toFixed(4), c.cases, c.outcomeCases];

describe('root causes: lift, support, cases', () => {
  // Ten invoices: FR01 has 4, three of them disputed; DE01 has 6, one disputed. Overall 4 / 10.
  const dispute = [A.DisputeRegistered, '2024-01-10T09:00:00Z'] as const;
  const resolve = [A.DisputeResolved, '2024-01-20T09:00:00Z'] as const;
  const memo = [A.CreditMemoIssued, '2024-01-21T09:00:00Z'] as const;
  const specs: Record<string, Spec> = {
    F1: { attrs: { CompanyCode: 'FR01' }, events: [dispute, resolve, memo] },
    F2: { attrs: { CompanyCode: 'FR01' }, events: [dispute, resolve, memo] },
    F3: { attrs: { CompanyCode: 'FR01' }, events: [dispute] },
    F4: { attrs: { CompanyCode: 'FR01' }, events: [] },
    D1: { attrs: { CompanyCode: 'DE01' }, events: [dispute, resolve] },
    D2: { attrs: { CompanyCode: 'DE01' }, events: [] },
    D3: { attrs: { CompanyCode: 'DE01' }, events: [] },
    D4: { attrs: { CompanyCode: 'DE01' }, events: [] },
    D5: { attrs: { CompanyCode: 'DE01' }, events: [] },
    D6: { attrs: { CompanyCode: 'DE01' }, events: [] },
  };
  const log = build(specs);
  const disputed = findRootCauses(log, { ...ALL, outcomes: ['disputed'] }).outcomes.disputed!;

  it('rates the outcome over its population', () => {
    expect(disputed).toMatchObject({ population: 10, outcomeCases: 4, rate: 0.4, minCases: 1, unavailable: null });
  });

  it('lists over-represented attribute values with lift = rate ÷ base rate, support = share of the population', () => {
    // FR01: 3 of 4 disputed = 0.75; 0.75 / 0.4 = 1.875; support 4 / 10. DE01 (1 / 6) is under-represented: not listed.
    expect(disputed.attributes.map(brief)).toEqual([['CompanyCode = FR01', 1.875, 0.4, 4, 3]]);
    expect(disputed.attributes[0]).toMatchObject({ kind: 'attribute', attribute: 'CompanyCode', value: 'FR01', rate: 0.75 });
  });

  it('lists path features separately, leaving out the activities that make up the outcome', () => {
    // Credit Memo Issued: 2 invoices, both disputed: rate 1, lift 2.5, support 0.2. Dispute Registered /
    // Resolved and every pair with them restate the outcome. Invoice Posted is on every invoice: no information.
    expect(disputed.paths.map(brief)).toEqual([['contains Credit Memo Issued', 2.5, 0.2, 2, 2]]);
  });

  it('leaves out features on fewer invoices than max(minCases, minShare × population)', () => {
    const r = findRootCauses(log, { outcomes: ['disputed'], minCases: 3, minShare: 0 }).outcomes.disputed!;
    expect(r.attributes.map((c) => c.label)).toEqual(['CompanyCode = FR01']);
    expect(r.paths).toEqual([]);
    // 50% of 10 = 5 invoices: FR01 (4) is too small now.
    const share = findRootCauses(log, { outcomes: ['disputed'], minCases: 1, minShare: 0.5 }).outcomes.disputed!;
    expect(share.minCases).toBe(5);
    expect(share.attributes).toEqual([]);
  });
});

describe('root causes: outcomes and their populations', () => {
  const settle = (at: string) => [A.InvoiceSettled, at] as const;
  const specs: Record<string, Spec> = {
    // Due 2024-02-01. Settled on the due date (on time), the day after (late), a week later (late).
    ON_TIME: { attrs: { DueDate: '2024-02-01', CustomerSegment: 'Enterprise' }, events: [settle('2024-02-01T23:00:00Z')] },
    DAY_LATE: { attrs: { DueDate: '2024-02-01', CustomerSegment: 'SMB' }, events: [settle('2024-02-02T08:00:00Z')] },
    WEEK_LATE: { attrs: { DueDate: '2024-02-01', CustomerSegment: 'SMB' }, events: [settle('2024-02-08T08:00:00Z')] },
    WRITTEN_OFF: { attrs: { DueDate: '2024-02-01', CustomerSegment: 'SMB' }, events: [[A.InvoiceWrittenOff, '2024-05-01T08:00:00Z']] },
    OPEN: { attrs: { DueDate: '2024-02-01', CustomerSegment: 'Enterprise' }, events: [] },
    NO_DUE_DATE: { attrs: { CustomerSegment: 'Enterprise' }, events: [settle('2024-02-08T08:00:00Z')] },
  };
  const log = build(specs);

  it('paidLate: settled after the due date, among settled invoices with a due date; grace days allowed', () => {
    const late = findRootCauses(log, { ...ALL, outcomes: ['paidLate'] }).outcomes.paidLate!;
    // Population: ON_TIME, DAY_LATE, WEEK_LATE (not WRITTEN_OFF, OPEN, NO_DUE_DATE). Late: 2 of 3.
    expect([late.population, late.outcomeCases]).toEqual([3, 2]);
    // SMB: 2 of 2 late → lift (2/2) / (2/3) = 1.5.
    expect(late.attributes.map(brief)).toEqual([['CustomerSegment = SMB', 1.5, 0.6667, 2, 2]]);
    const grace = findRootCauses(log, { ...ALL, outcomes: ['paidLate'], graceDays: 1 }).outcomes.paidLate!;
    expect([grace.population, grace.outcomeCases]).toEqual([3, 1]);
  });

  it('writtenOff: among invoices settled or written off (an open one may still go either way)', () => {
    const wo = findRootCauses(log, { ...ALL, outcomes: ['writtenOff'] }).outcomes.writtenOff!;
    expect([wo.population, wo.outcomeCases]).toEqual([5, 1]);
    expect(wo.paths.some((p) => p.value === A.InvoiceWrittenOff)).toBe(false);
  });

  it('says when the log cannot decide an outcome, with empty lists', () => {
    const noDue = build({ A1: { attrs: { CustomerSegment: 'SMB' }, events: [settle('2024-02-08T08:00:00Z')] } });
    const late = findRootCauses(noDue, { ...ALL, outcomes: ['paidLate'] }).outcomes.paidLate!;
    expect(late).toMatchObject({ population: 0, rate: null, attributes: [], paths: [], unavailable: 'the log has no DueDate' });
    // Nothing fell overdue without a due date: the policy check (run with the default policy) has no population.
    expect(findRootCauses(noDue, { ...ALL, outcomes: ['policyViolated'] }).outcomes.policyViolated!.population).toBe(0);
  });

  it('policyViolated: among invoices that fell overdue, from the policy check', () => {
    const events: HandEvent[] = [];
    const cases: Record<string, Record<string, AttributeValue>> = {};
    // Four overdue invoices (due 2024-03-01); the two of collector Ann get no reminder.
    for (const [id, collector, reminded] of [['P1', 'Ann', false], ['P2', 'Ann', false], ['P3', 'Bob', true], ['P4', 'Bob', false]] as const) {
      events.push({ c: id, a: A.InvoicePosted, at: '2024-02-01T09:00:00Z' }, { c: id, a: A.PaymentDueDatePassed, at: '2024-03-02T00:00:00Z' });
      if (reminded) events.push({ c: id, a: A.ReminderSent, at: '2024-03-03T09:00:00Z' });
      cases[id] = { CollectorName: collector };
    }
    // P4 is reminded late.
    events.push({ c: 'P4', a: A.ReminderSent, at: '2024-03-09T09:00:00Z' });
    const log = logOf(events, cases, '2024-04-01T00:00:00Z');
    const policy = parsePolicy({
      rules: [{ id: 'r', kind: 'required-after', anchor: A.PaymentDueDatePassed, step: [A.ReminderSent], withinDays: 3 }],
    });
    const conformance = checkConformance(log, policy);
    const r = findRootCauses(log, { ...ALL, outcomes: ['policyViolated'], conformance }).outcomes.policyViolated!;
    // Violating: P1, P2, P4 of 4 → 0.75. Ann: 2 of 2 → lift 1 / 0.75 = 1.3333.
    expect([r.population, r.outcomeCases]).toEqual([4, 3]);
    expect(r.attributes.map(brief)).toEqual([['CollectorName = Ann', 1.3333, 0.5, 2, 2]]);
  });
});

describe('root causes: which attributes, and how they are read', () => {
  it('bands numbers at their quartiles with rounded, readable edges', () => {
    // Eight values: nearest-rank quartiles 200 (rank 2), 400 (rank 4), 600 (rank 6).
    const bands = quartileBands(Float64Array.from([800, 100, 700, 200, 600, 300, 500, 400]), 'USD');
    expect(bands).toEqual({ edges: [200, 400, 600], labels: ['< 200 USD', '200 – 400 USD', '400 – 600 USD', '≥ 600 USD'] });
    // 1,183.27 → 1,200 (two significant digits); equal quartiles merge.
    expect(quartileBands(Float64Array.from([1000, 1183.27, 1183.27, 5000, 5000, 9000, 9000, 9000]), '')?.labels).toEqual([
      '< 1,200',
      '1,200 – 5,000',
      '5,000 – 9,000',
      '≥ 9,000',
    ]);
  });

  it('bands InvoiceAmount in the reporting currency, so EUR and USD invoices share bands', () => {
    const specs: Record<string, Spec> = {};
    // Eight invoices of 100…800, E6 in EUR: 560 EUR = 604.80 USD (× 1.08). E6–E8 are disputed (base 3 / 8).
    const amounts = [100, 200, 300, 400, 500, 560, 700, 800];
    amounts.forEach((amount, i) => {
      specs[`E${i + 1}`] = {
        attrs: { InvoiceAmount: amount, InvoiceCurrency: i === 5 ? 'EUR' : 'USD' },
        events: i >= 5 ? [[A.DisputeRegistered, '2024-01-10T09:00:00Z']] : [],
      };
    });
    const r = findRootCauses(build(specs), { ...ALL, outcomes: ['disputed'] }).outcomes.disputed!;
    // Converted, the 6th value is 604.80: the upper quartile edge rounds to 600 (unconverted it would be 560).
    // "≥ 600 USD" holds the three disputed invoices: lift 1 / 0.375.
    const bands = r.attributes.filter((c) => c.attribute === 'InvoiceAmount');
    expect(bands.map((c) => [c.value, c.cases, +c.lift.toFixed(4)])).toEqual([['≥ 600 USD', 3, 2.6667]]);
  });

  it('skips identifiers (too many values), dates, and columns that restate the outcome', () => {
    const specs: Record<string, Spec> = {};
    for (let i = 0; i < 60; i++) {
      specs[`I${i}`] = {
        attrs: { CustomerId: `C${i}`, InvoiceStatus: i % 2 ? 'Disputed' : 'Paid', DueDate: '2024-02-01', Region: i % 2 ? 'North' : 'South' },
        events: i % 2 ? [[A.DisputeRegistered, '2024-01-10T09:00:00Z']] : [],
      };
    }
    const report = findRootCauses(build(specs), { ...ALL, outcomes: ['disputed'] });
    expect(report.outcomes.disputed!.attributes.map((c) => c.label)).toEqual(['Region = North']);
    expect(Object.fromEntries(report.skippedAttributes.map((s) => [s.attribute, s.reason]))).toEqual({
      CustomerId: '60 distinct values (an identifier or a name, too many to compare)',
      InvoiceStatus: 'excluded: it restates the outcome or the extract',
      DueDate: 'a date',
    });
  });

  it('reads paths: activities, repeats, directly-follows pairs and the dunning level reached', () => {
    const letter = (level: string, at: string) => [A.DunningLetterIssued, at, { DunningLevel: level }] as const;
    const wo = [A.InvoiceWrittenOff, '2024-05-01T09:00:00Z'] as const;
    const settled = [A.InvoiceSettled, '2024-03-01T09:00:00Z'] as const;
    const specs: Record<string, Spec> = {
      // Written off: two went to level 3 (so also reached 1 and 2), one of them with a repeated call.
      W1: { attrs: {}, events: [letter('1', '2024-02-10T09:00:00Z'), letter('2', '2024-02-25T09:00:00Z'), letter('3', '2024-03-15T09:00:00Z'), wo] },
      W2: {
        attrs: {},
        events: [
          letter('1', '2024-02-10T09:00:00Z'),
          [A.CollectionContactMade, '2024-02-12T09:00:00Z'],
          [A.CollectionContactMade, '2024-02-20T09:00:00Z'],
          letter('3', '2024-03-15T09:00:00Z'),
          wo,
        ],
      },
      S1: { attrs: {}, events: [letter('1', '2024-02-10T09:00:00Z'), settled] },
      S2: { attrs: {}, events: [settled] },
    };
    const r = findRootCauses(build(specs), { ...ALL, limit: 100, outcomes: ['writtenOff'] }).outcomes.writtenOff!;
    // Base rate 2 / 4. Reaching a level counts as reaching the ones below (W2 jumped from 1 to 3):
    // levels 3 and 2: W1, W2 → 2 of 2, lift 2. Level 1: W1, W2, S1 → 2 of 3 → lift 1.3333.
    // Repeated letters: W1, W2 (S1 has one) → lift 2; the repeated call and the call → call pair: W2 → lift 2.
    const byLabel = Object.fromEntries(r.paths.map((c) => [c.label, +c.lift.toFixed(4)]));
    expect(byLabel).toMatchObject({
      'reached dunning level 3': 2,
      'reached dunning level 2': 2,
      'reached dunning level 1': 1.3333,
      'Collection Contact Made repeated': 2,
      'Collection Contact Made directly followed by Collection Contact Made': 2,
      'Dunning Letter Issued repeated': 2,
      'contains Dunning Letter Issued': 1.3333,
    });
    expect(Object.keys(byLabel).some((label) => label.includes(A.InvoiceWrittenOff))).toBe(false);
  });
});

describe('root causes: a value that only stands in for another', () => {
  // 80 invoices; US01 pays late 32 of 40 times (0.8), CA01 8 of 40 (0.2): base 0.5, US01 lift 1.6.
  // Region North is 20 of the US01 invoices, 17 of them late (0.85): lift 1.7, higher than US01's —
  // but once the company is known it says nothing more, while US01 outside North is still late 15 / 20.
  const events: HandEvent[] = [];
  const cases: Record<string, Record<string, AttributeValue>> = {};
  for (let i = 0; i < 80; i++) {
    const id = `I${i}`;
    const us = i < 40;
    const north = i < 20;
    const late = north ? i < 17 : us ? i < 35 : i < 48;
    events.push({ c: id, a: A.InvoicePosted, at: '2024-01-02T09:00:00Z' });
    events.push({ c: id, a: A.InvoiceSettled, at: late ? '2024-02-10T09:00:00Z' : '2024-01-20T09:00:00Z' });
    cases[id] = { DueDate: '2024-02-01', CompanyCode: us ? 'US01' : 'CA01', Region: north ? 'North' : 'South' };
  }
  const r = findRootCauses(logOf(events, cases, '2024-06-30T00:00:00Z'), { ...ALL, outcomes: ['paidLate'] }).outcomes.paidLate!;

  it('puts it after the value it stands in for, saying which', () => {
    expect(r.attributes.map((c) => [c.label, +c.lift.toFixed(4), c.explainedBy ?? null])).toEqual([
      ['CompanyCode = US01', 1.6, null],
      ['Region = North', 1.7, 'CompanyCode = US01'],
    ]);
  });
});
