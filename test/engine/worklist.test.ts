import { describe, expect, it } from 'vitest';
import { Activity as A } from '../../api/engine/domain/activities.ts';
import type { AttributeValue } from '../../api/engine/log/columns.ts';
import { prepareLog } from '../../api/engine/prepare.ts';
import { buildWorklist, overdueWeight, priorityScore, type WorklistItem } from '../../api/engine/worklist/index.ts';
import { logOf, t, type HandEvent } from '../helpers/logs.ts';

type Ev = readonly [activity: string, at: string, attrs?: Record<string, AttributeValue>];

/** A prepared log (derived events made) from invoices given as case attributes and events. */
function prepared(asOf: string, invoices: Record<string, { attrs: Record<string, AttributeValue>; events: readonly Ev[] }>) {
  const events: HandEvent[] = [];
  const cases: Record<string, Record<string, AttributeValue>> = {};
  for (const [id, inv] of Object.entries(invoices)) {
    for (const [a, at, attrs] of inv.events) events.push({ c: id, a, at, attrs });
    cases[id] = { InvoiceAmount: 1000, InvoiceCurrency: 'USD', CustomerSegment: 'SMB', ...inv.attrs };
  }
  return prepareLog(logOf(events, cases, asOf)).log;
}

const posted = (at: string): Ev => [A.InvoicePosted, at];
const letter = (level: string, at: string): Ev => [A.DunningLetterIssued, at, { DunningLevel: level }];

describe('worklist: open invoices and the next step the policy asks', () => {
  // As of Wednesday 2024-03-20 12:00 UTC, default policy.
  const log = prepared('2024-03-20T12:00:00Z', {
    // Due 03-17: Payment Due Date Passed 03-18, a reminder due within 3 days → late from 03-22.
    // 400 of EUR 1,000 paid: open EUR 600 = USD 648.
    REMINDER_DUE: {
      attrs: { DueDate: '2024-03-17', InvoiceCurrency: 'EUR' },
      events: [posted('2024-02-16T09:00:00Z'), [A.PaymentApplied, '2024-03-01T10:00:00Z', { SettledAmount: 400 }]],
    },
    // Due on receipt: the reminder is due the next day (override), so it is late since 03-18.
    DUE_ON_RECEIPT: { attrs: { DueDate: '2024-03-15', PaymentTerms: 'Due on receipt' }, events: [posted('2024-03-15T09:00:00Z')] },
    // Enterprise: letter 2 no earlier than 21 days after letter 1 (override), the call before it made.
    ENTERPRISE_GAP: {
      attrs: { DueDate: '2024-02-01', CustomerSegment: 'Enterprise' },
      events: [posted('2024-01-02T09:00:00Z'), [A.ReminderSent, '2024-02-03T09:00:00Z'], letter('1', '2024-03-01T06:00:00Z'), [A.CollectionContactMade, '2024-03-05T10:00:00Z']],
    },
    // Enterprise without the call the policy wants before letter 2.
    ENTERPRISE_NO_CALL: {
      attrs: { DueDate: '2024-02-01', CustomerSegment: 'Enterprise' },
      events: [posted('2024-01-02T09:00:00Z'), [A.ReminderSent, '2024-02-03T09:00:00Z'], letter('1', '2024-02-20T06:00:00Z')],
    },
    DISPUTE_OPEN: {
      attrs: { DueDate: '2024-03-01' },
      events: [posted('2024-02-01T09:00:00Z'), [A.ReminderSent, '2024-03-03T09:00:00Z'], [A.DisputeRegistered, '2024-03-05T09:00:00Z']],
    },
    DISPUTE_RESOLVED: {
      attrs: { DueDate: '2024-03-10' },
      events: [posted('2024-02-10T09:00:00Z'), [A.ReminderSent, '2024-03-11T09:00:00Z'], [A.DisputeRegistered, '2024-03-12T09:00:00Z'], [A.DisputeResolved, '2024-03-14T09:00:00Z']],
    },
    PROMISE: {
      attrs: { DueDate: '2024-03-01' },
      events: [
        posted('2024-02-01T09:00:00Z'),
        [A.ReminderSent, '2024-03-03T09:00:00Z'],
        [A.CollectionContactMade, '2024-03-10T10:00:00Z'],
        [A.PromiseToPayReceived, '2024-03-10T10:05:00Z', { PromiseDate: '2024-03-25' }],
      ],
    },
    // Promised for 03-12, nothing came: broken on Wednesday 03-13; a call was due within 2 business days (by Friday 03-15).
    BROKEN: {
      attrs: { DueDate: '2024-03-01' },
      events: [posted('2024-02-01T09:00:00Z'), [A.ReminderSent, '2024-03-03T09:00:00Z'], [A.PromiseToPayReceived, '2024-03-05T10:00:00Z', { PromiseDate: '2024-03-12' }]],
    },
    NOT_DUE: { attrs: { DueDate: '2024-04-15' }, events: [posted('2024-03-16T09:00:00Z')] },
    // At the final level without the contact the write-off needs.
    LEGAL: {
      attrs: { DueDate: '2024-01-01' },
      events: [
        posted('2023-12-01T09:00:00Z'),
        [A.ReminderSent, '2024-01-03T09:00:00Z'],
        letter('1', '2024-01-15T06:00:00Z'),
        letter('2', '2024-02-01T06:00:00Z'),
        letter('3', '2024-02-16T06:00:00Z'),
        letter('Legal', '2024-03-10T06:00:00Z'),
      ],
    },
    // Government: no reminder expected; the next letter is level 1, allowed now.
    GOVERNMENT: { attrs: { DueDate: '2024-03-10', CustomerSegment: 'Government' }, events: [posted('2024-02-10T09:00:00Z')] },
    SETTLED: {
      attrs: { DueDate: '2024-03-10' },
      events: [posted('2024-02-10T09:00:00Z'), [A.PaymentApplied, '2024-03-08T10:00:00Z', { SettledAmount: 1000 }]],
    },
  });
  const worklist = buildWorklist(log);
  const item = (id: string): WorklistItem => worklist.items.find((i) => i.caseId === id)!;
  const step = (id: string) => {
    const s = item(id).nextStep;
    return { action: s.action, ruleId: s.ruleId, from: s.from, dueAt: s.dueAt, overdue: s.overdue };
  };

  it('lists every open invoice, not the settled one', () => {
    expect(worklist.items.map((i) => i.caseId).sort()).toEqual(
      ['DISPUTE_OPEN', 'DISPUTE_RESOLVED', 'DUE_ON_RECEIPT', 'ENTERPRISE_GAP', 'ENTERPRISE_NO_CALL', 'GOVERNMENT', 'LEGAL', 'NOT_DUE', 'PROMISE', 'BROKEN', 'REMINDER_DUE'].sort(),
    );
    expect(worklist.asOf).toBe(t('2024-03-20T12:00:00Z'));
  });

  it('gives days overdue, open balance in both currencies, dunning level, promise and dispute', () => {
    // 03-20 − 03-17 = 3 days; 1,000 − 400 = EUR 600 = USD 648.
    expect(item('REMINDER_DUE')).toMatchObject({ daysOverdue: 3, openBalance: 600, currency: 'EUR', dunningLevel: null, dispute: 'none', brokenPromises: 0 });
    expect(item('REMINDER_DUE').openBalanceReporting).toBeCloseTo(648, 9);
    expect(item('NOT_DUE').daysOverdue).toBe(-26);
    expect(item('LEGAL').dunningLevel).toBe('Legal');
    expect(item('PROMISE').promiseDate).toBe(t('2024-03-25T00:00:00Z'));
    expect(item('BROKEN')).toMatchObject({ promiseDate: null, brokenPromises: 1 });
    expect([item('DISPUTE_OPEN').dispute, item('DISPUTE_RESOLVED').dispute]).toEqual(['open', 'resolved']);
  });

  it('asks for a step the policy requires by its deadline, already late or still ahead', () => {
    expect(step('REMINDER_DUE')).toEqual({ action: 'Reminder Sent by 2024-03-21', ruleId: 'reminder-after-due', from: null, dueAt: t('2024-03-22T00:00:00Z'), overdue: false });
    expect(step('DUE_ON_RECEIPT')).toEqual({ action: 'Reminder Sent by 2024-03-17', ruleId: 'reminder-after-due', from: null, dueAt: t('2024-03-18T00:00:00Z'), overdue: true });
    expect(step('BROKEN')).toEqual({
      action: 'Collection Contact Made by 2024-03-15',
      ruleId: 'contact-after-broken-promise',
      from: null,
      dueAt: t('2024-03-16T00:00:00Z'),
      overdue: true,
    });
  });

  it('waits for a dispute, a promise or the due date', () => {
    expect(item('DISPUTE_OPEN').nextStep).toMatchObject({ activity: A.DisputeResolved, dueAt: null });
    expect(step('PROMISE')).toMatchObject({ action: 'Payment promised by 2024-03-25', dueAt: t('2024-03-26T00:00:00Z'), overdue: false });
    expect(step('NOT_DUE')).toMatchObject({ action: 'Payment due 2024-04-15', dueAt: t('2024-04-16T00:00:00Z') });
  });

  it('escalates to the next letter when the minimum gap allows, after the calls the policy wants first', () => {
    // Letter 1 on 03-01 + 21 days (Enterprise) = 03-22.
    expect(step('ENTERPRISE_GAP')).toEqual({
      action: 'Dunning Letter Issued (level 2) from 2024-03-22',
      ruleId: 'dunning-level-gap',
      from: t('2024-03-22T00:00:00Z'),
      dueAt: null,
      overdue: false,
    });
    expect(item('ENTERPRISE_GAP').nextStep.level).toBe('2');
    expect(item('ENTERPRISE_NO_CALL').nextStep).toMatchObject({ activity: A.CollectionContactMade, ruleId: 'enterprise-contact-before-letter-2' });
    expect(item('GOVERNMENT').nextStep).toMatchObject({ action: 'Dunning Letter Issued (level 1)', level: '1', from: t('2024-03-20T12:00:00Z') });
    expect(item('DISPUTE_RESOLVED').nextStep.action).toBe('Dunning Letter Issued (level 1)');
    expect(item('LEGAL').nextStep).toMatchObject({
      action: 'Collection Contact Made first: required before Invoice Written Off',
      ruleId: 'write-off-after-final-level-and-contact',
    });
  });

  it('orders by priority: open balance × overdue weight × risk factor', () => {
    // Nothing closed was written off, so the risk factor is 1 everywhere; every open balance is USD 1,000
    // but REMINDER_DUE's (648). REMINDER_DUE: 648 × (1 + 3/30) = 712.8. NOT_DUE: 1,000 × 0.25.
    expect(item('REMINDER_DUE').priority).toBeCloseTo(712.8, 9);
    expect(item('NOT_DUE').priority).toBe(250);
    // LEGAL, 79 days overdue: 1,000 × (1 + 79/30).
    expect(item('LEGAL').priority).toBeCloseTo(1000 * (1 + 79 / 30), 9);
    const priorities = worklist.items.map((i) => i.priority!);
    expect(priorities).toEqual([...priorities].sort((a, b) => b - a));
    expect(worklist.items[0].caseId).toBe('LEGAL');
  });
});

describe('worklist: priority score', () => {
  it('weighs overdue days and the state risk', () => {
    expect([overdueWeight(-5), overdueWeight(0), overdueWeight(15), overdueWeight(120), overdueWeight(400), overdueWeight(null)]).toEqual([0.25, 0.25, 1.5, 5, 5, 1]);
    // 1,000 × (1 + 60/30) × (1 + 9 × 0.5).
    expect(priorityScore(1000, 60, 0.5)).toBe(16_500);
    expect(priorityScore(null, 60, 0.5)).toBeNull();
  });
});

describe('worklist: predicted payment date', () => {
  // Five SMB invoices due 01-31 (overdue from 02-01 00:00) settled 2.5, 4.5, 6.5, 8.5 and 10.5 days
  // later; one written off at 5.5 days. Z, due 03-01, is 3.5 days overdue at the cut-off 03-05 12:00.
  const invoices: Record<string, { attrs: Record<string, AttributeValue>; events: readonly Ev[] }> = {};
  [2.5, 4.5, 6.5, 8.5, 10.5].forEach((age, i) => {
    invoices[`T${i + 1}`] = {
      attrs: { DueDate: '2024-01-31', InvoiceAmount: 100 },
      events: [posted('2024-01-02T09:00:00Z'), [A.PaymentApplied, new Date(t('2024-02-01T00:00:00Z') + age * 86_400_000).toISOString(), { SettledAmount: 100 }]],
    };
  });
  invoices.W1 = { attrs: { DueDate: '2024-01-31' }, events: [posted('2024-01-02T09:00:00Z'), [A.InvoiceWrittenOff, '2024-02-06T12:00:00Z']] };
  const open = (segment: string) => ({ attrs: { DueDate: '2024-03-01', InvoiceAmount: 100, CustomerSegment: segment }, events: [posted('2024-02-01T09:00:00Z')] });

  it('takes the quantiles of the remaining days of settled invoices in the same state, still open at the same age', () => {
    const log = prepared('2024-03-05T12:00:00Z', { ...invoices, Z: open('SMB') });
    const z = buildWorklist(log, { minGroup: 1 }).items.find((i) => i.caseId === 'Z')!;
    // Observed at grid age 2 (the largest ≤ 3.5), all five were open; closing later than 3.5: 4.5, 6.5, 8.5, 10.5,
    // i.e. 1, 3, 5, 7 days on. Nearest rank: p10 = 1st, median = 2nd, p90 = 4th.
    expect(z.prediction).toMatchObject({ p10Days: 1, medianDays: 3, p90Days: 7, basis: 4 });
    expect(z.prediction!.date).toBe(t('2024-03-08T12:00:00Z'));
    expect([z.prediction!.from, z.prediction!.to]).toEqual([t('2024-03-06T12:00:00Z'), t('2024-03-12T12:00:00Z')]);
    expect(z.prediction!.reason).toBe(
      'Based on 4 settled SMB invoices before any dunning letter with no broken promise, still unpaid 4 days past due: median 3 days (80% between 1 and 7)',
    );
    // W1 was still open at 3.5 days and then written off: 1 of 5 closed → risk 1 + 9 × 0.2 = 2.8;
    // USD 100 × (1 + 4/30) × 2.8.
    expect(z.prediction!.writeOffShare).toBeCloseTo(0.2, 12);
    expect(z.priority).toBeCloseTo(100 * (1 + 4 / 30) * 2.8, 9);
  });

  it('backs off to fewer state dimensions when the state has too few settled invoices', () => {
    const log = prepared('2024-03-05T12:00:00Z', { ...invoices, Z: open('Enterprise') });
    const z = buildWorklist(log, { minGroup: 1 }).items.find((i) => i.caseId === 'Z')!;
    expect(z.prediction!.reason).toMatch(/^Based on 4 settled invoices before any dunning letter/);
    expect(buildWorklist(log, { minGroup: 5 }).items.find((i) => i.caseId === 'Z')!.prediction).toBeNull();
  });
});
