import { describe, expect, it } from 'vitest';
import { Activity as A } from '../../api/engine/domain/activities.ts';
import { addBusinessDays, businessCalendar, dayIndex, deadlineAfter, weekdayOf } from '../../api/engine/domain/calendar.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';
import {
  checkConformance,
  DEFAULT_POLICY,
  parsePolicy,
  type DunningPolicy,
  type PolicyRule,
  type Violation,
} from '../../api/engine/conformance/index.ts';
import { at, invoiceLog, type InvoiceCase, type InvoiceEvent } from '../helpers/invoice-logs.ts';

/** Every invoice of these tests is 1,000 unless it says otherwise. */
const buildLog = (asOf: string, cases: Readonly<Record<string, InvoiceCase>>): EventLog => invoiceLog(asOf, cases, 1000);

const policyOf = (...rules: PolicyRule[]): DunningPolicy => parsePolicy({ rules });

/** Violations as compact [case id, rule id, kind] triples, for exact comparison. */
const triples = (violations: readonly Violation[]) => violations.map((v) => [v.caseId, v.ruleId, v.kind]);

// 2024-03-01 is a Friday.
const POSTED: InvoiceEvent = [A.InvoicePosted, '2024-01-30'];

describe('business days', () => {
  it('skips the weekend and holidays', () => {
    const friday = dayIndex(at('2024-03-01'));
    expect(weekdayOf(friday)).toBe(5);
    // Friday + 2 business days = Tuesday (Mon 4th, Tue 5th).
    expect(addBusinessDays(friday, 2, businessCalendar({}))).toBe(dayIndex(at('2024-03-05')));
    // With Monday 4th a holiday: Tue 5th, Wed 6th.
    expect(addBusinessDays(friday, 2, businessCalendar({ holidays: ['2024-03-04'] }))).toBe(dayIndex(at('2024-03-06')));
    // "Within 2 business days" of Friday 15:00 ends when Wednesday begins.
    expect(deadlineAfter(at('2024-03-01T15:00:00Z'), 2, 'business', businessCalendar({}))).toBe(at('2024-03-06'));
  });
});

describe('required-after', () => {
  const rule: PolicyRule = {
    id: 'reminder-after-due',
    kind: 'required-after',
    anchor: A.PaymentDueDatePassed,
    step: [A.ReminderSent],
    withinDays: 3,
    pausedBetween: { start: A.DisputeRegistered, end: A.DisputeResolved },
  };
  const log = buildLog('2024-03-10', {
    ON_TIME: { events: [POSTED, [A.PaymentDueDatePassed, '2024-03-01'], [A.ReminderSent, '2024-03-04T18:00:00Z']] },
    LATE: { events: [POSTED, [A.PaymentDueDatePassed, '2024-03-01'], [A.ReminderSent, '2024-03-05']] },
    MISSING: { events: [POSTED, [A.PaymentDueDatePassed, '2024-03-01'], [A.PaymentApplied, '2024-03-02', { settled: 200 }]] },
    PAID_IN_TIME: { events: [POSTED, [A.PaymentDueDatePassed, '2024-03-01'], [A.InvoiceSettled, '2024-03-03']] },
    NOT_YET_DUE: { events: [POSTED, [A.PaymentDueDatePassed, '2024-03-08']] },
    DISPUTE_THEN_REMINDER: {
      events: [POSTED, [A.PaymentDueDatePassed, '2024-03-01'], [A.DisputeRegistered, '2024-03-02'], [A.DisputeResolved, '2024-03-06'], [A.ReminderSent, '2024-03-08']],
    },
    DISPUTE_OPEN: { events: [POSTED, [A.PaymentDueDatePassed, '2024-03-01'], [A.DisputeRegistered, '2024-03-02']] },
  });

  it('accepts a step on the last allowed day and flags late and missing steps with their due time', () => {
    const result = checkConformance(log, policyOf(rule));
    // Due passed Fri Mar 1 + 3 calendar days: allowed through Mon Mar 4, due by Mar 5 00:00.
    expect(triples(result.violations)).toEqual([
      ['LATE', 'reminder-after-due', 'late'],
      ['MISSING', 'reminder-after-due', 'missing'],
    ]);
    const [late, missing] = result.violations;
    expect(late.dueAt).toBe(at('2024-03-05'));
    expect(late.event).toBe(log.caseOffsets[log.caseIds.indexOf('LATE')] + 2); // the reminder itself
    expect(missing.dueAt).toBe(at('2024-03-05'));
    // Exposure = open balance when the reminder was due: 1000 − 200 paid on Mar 2 = 800.
    expect(missing.exposure).toBe(800);
  });

  it('does not flag a step whose deadline is after the cut-off, or an invoice paid before it', () => {
    const result = checkConformance(log, policyOf(rule));
    // NOT_YET_DUE: due passed Mar 8, reminder allowed through Mar 11, cut-off Mar 10.
    const flagged = new Set(result.violations.map((v) => v.caseId));
    expect(flagged.has('NOT_YET_DUE')).toBe(false);
    expect(flagged.has('PAID_IN_TIME')).toBe(false);
    // The same invoice checked as of Mar 12 is missing its reminder.
    const later = checkConformance(log, policyOf(rule), { asOf: at('2024-03-12') });
    expect(later.violations.some((v) => v.caseId === 'NOT_YET_DUE' && v.kind === 'missing')).toBe(true);
  });

  it('stops the clock while a dispute is open and restarts it in full at resolution', () => {
    const result = checkConformance(log, policyOf(rule));
    // Dispute Mar 2 → Mar 6: reminder allowed through Mar 9; sent Mar 8 → fine. Open dispute: nothing due.
    const flagged = new Set(result.violations.map((v) => v.caseId));
    expect(flagged.has('DISPUTE_THEN_REMINDER')).toBe(false);
    expect(flagged.has('DISPUTE_OPEN')).toBe(false);
  });
});

describe('required-after with the anchor among its steps', () => {
  it('needs another event than the anchor: a letter within 10 days after a letter', () => {
    const rule: PolicyRule = { id: 'letter-after-letter', kind: 'required-after', anchor: A.DunningLetterIssued, step: [A.DunningLetterIssued], withinDays: 10 };
    const log = buildLog('2024-04-30', {
      ONE_LETTER: { events: [POSTED, [A.DunningLetterIssued, '2024-03-01', { level: '1' }]] },
      TWO_LETTERS: { events: [POSTED, [A.DunningLetterIssued, '2024-03-01', { level: '1' }], [A.DunningLetterIssued, '2024-03-08', { level: '2' }]] },
    });
    // ONE_LETTER: nothing follows its letter (due by Mar 12). TWO_LETTERS: the second letter
    // answers the first within 7 days; the second one's own follow-up (due Mar 19) never came.
    expect(triples(checkConformance(log, policyOf(rule)).violations)).toEqual([
      ['ONE_LETTER', 'letter-after-letter', 'missing'],
      ['TWO_LETTERS', 'letter-after-letter', 'missing'],
    ]);
    const second = checkConformance(log, policyOf(rule)).violations[1];
    expect(second.dueAt).toBe(at('2024-03-19'));
  });
});

describe('follow-up-after (business days)', () => {
  const rule: PolicyRule = { id: 'contact-after-broken-promise', kind: 'follow-up-after', withinDays: 2 };
  const log = buildLog('2024-03-15', {
    TUESDAY: { events: [POSTED, [A.PromiseToPayBroken, '2024-03-01'], [A.CollectionContactMade, '2024-03-05T16:00:00Z']] },
    WEDNESDAY: { events: [POSTED, [A.PromiseToPayBroken, '2024-03-01'], [A.CollectionContactMade, '2024-03-06T09:00:00Z']] },
    NONE: { events: [POSTED, [A.PromiseToPayBroken, '2024-03-01']] },
  });

  it('counts business days over the weekend: Friday + 2 = Tuesday', () => {
    const result = checkConformance(log, policyOf(rule));
    expect(triples(result.violations)).toEqual([
      ['WEDNESDAY', 'contact-after-broken-promise', 'late'],
      ['NONE', 'contact-after-broken-promise', 'missing'],
    ]);
    expect(result.violations[0].dueAt).toBe(at('2024-03-06'));
  });

  it('gives one more day when Monday is a holiday, and one less counted in calendar days', () => {
    const withHoliday = parsePolicy({ calendar: { holidays: ['2024-03-04'] }, rules: [rule] });
    expect(triples(checkConformance(log, withHoliday).violations)).toEqual([['NONE', 'contact-after-broken-promise', 'missing']]);
    // Calendar days: Friday + 2 = Sunday, so even Tuesday's call is late.
    const calendar = policyOf({ ...rule, dayType: 'calendar' });
    expect(triples(checkConformance(log, calendar).violations).map(([id, , kind]) => `${id}:${kind}`)).toEqual([
      'TUESDAY:late',
      'WEDNESDAY:late',
      'NONE:missing',
    ]);
  });
});

describe('min-gap', () => {
  const rule: PolicyRule = {
    id: 'dunning-level-gap',
    kind: 'min-gap',
    minDays: 14,
    overrides: [{ when: { CustomerSegment: 'Enterprise' }, set: { minDays: 21 } }],
  };
  const letters = (level2: string): InvoiceEvent[] => [
    POSTED,
    [A.DunningLetterIssued, '2024-02-01', { level: '1' }],
    [A.DunningLetterIssued, level2, { level: '2' }],
  ];
  const log = buildLog('2024-03-31', {
    GAP_14: { attributes: { CustomerSegment: 'SMB' }, events: letters('2024-02-15') },
    GAP_9: { attributes: { CustomerSegment: 'SMB' }, events: letters('2024-02-10') },
    ENTERPRISE_GAP_14: { attributes: { CustomerSegment: 'Enterprise' }, events: letters('2024-02-15') },
    ENTERPRISE_GAP_21: { attributes: { CustomerSegment: 'Enterprise' }, events: letters('2024-02-22') },
  });

  it('flags a level sent too early, with the first allowed day, and applies the segment override', () => {
    const result = checkConformance(log, policyOf(rule));
    // Level 1 on Feb 1: level 2 allowed from Feb 15 (14 days), for Enterprise from Feb 22 (21 days).
    expect(triples(result.violations)).toEqual([
      ['GAP_9', 'dunning-level-gap', 'too-early'],
      ['ENTERPRISE_GAP_14', 'dunning-level-gap', 'too-early'],
    ]);
    expect(result.violations.map((v) => v.dueAt)).toEqual([at('2024-02-15'), at('2024-02-22')]);
  });
});

describe('no-skip', () => {
  it('flags a skipped or lowered level and accepts 1 → 2 → 3 → Legal with repeats', () => {
    const log = buildLog('2024-06-30', {
      IN_ORDER: {
        events: [
          POSTED,
          [A.DunningLetterIssued, '2024-02-01', { level: '1' }],
          [A.DunningLetterIssued, '2024-02-20', { level: '2' }],
          [A.DunningLetterIssued, '2024-03-01', { level: '2' }],
          [A.DunningLetterIssued, '2024-03-20', { level: '3' }],
          [A.DunningLetterIssued, '2024-04-20', { level: 'legal' }],
        ],
      },
      SKIPPED: { events: [POSTED, [A.DunningLetterIssued, '2024-02-01', { level: '1' }], [A.DunningLetterIssued, '2024-02-20', { level: '3' }]] },
      LEGAL_FIRST: { events: [POSTED, [A.DunningLetterIssued, '2024-02-01', { level: 'Legal' }]] },
    });
    const result = checkConformance(log, policyOf({ id: 'no-skipped-level', kind: 'no-skip' }));
    expect(triples(result.violations)).toEqual([
      ['SKIPPED', 'no-skipped-level', 'out-of-order'],
      ['LEGAL_FIRST', 'no-skipped-level', 'out-of-order'],
    ]);
    expect(result.violations[0].detail).toBe('level 3 after level 1');
  });
});

describe('forbidden-during', () => {
  it('flags reminders and letters while a dispute is open, not after it is resolved', () => {
    const log = buildLog('2024-03-31', {
      AFTER: { events: [POSTED, [A.DisputeRegistered, '2024-02-01'], [A.DisputeResolved, '2024-02-10'], [A.ReminderSent, '2024-02-12']] },
      DURING: {
        events: [POSTED, [A.DisputeRegistered, '2024-02-01'], [A.DunningLetterIssued, '2024-02-05', { level: '1' }], [A.DisputeResolved, '2024-02-10']],
      },
      STILL_OPEN: { events: [POSTED, [A.DisputeRegistered, '2024-02-01'], [A.ReminderSent, '2024-03-01']] },
    });
    const rule: PolicyRule = {
      id: 'no-dunning-during-dispute',
      kind: 'forbidden-during',
      forbidden: [A.ReminderSent, A.DunningLetterIssued],
      from: A.DisputeRegistered,
      until: A.DisputeResolved,
    };
    expect(triples(checkConformance(log, policyOf(rule)).violations)).toEqual([
      ['DURING', 'no-dunning-during-dispute', 'forbidden'],
      ['STILL_OPEN', 'no-dunning-during-dispute', 'forbidden'],
    ]);
  });
});

describe('precondition', () => {
  it('requires the final level and a contact before a write-off: missing or out of order', () => {
    const legal: InvoiceEvent = [A.DunningLetterIssued, '2024-03-01', { level: 'Legal' }];
    const log = buildLog('2024-06-30', {
      PROPER: { events: [POSTED, legal, [A.CollectionContactMade, '2024-03-05'], [A.InvoiceWrittenOff, '2024-04-01']] },
      NO_LEGAL: {
        events: [POSTED, [A.DunningLetterIssued, '2024-03-01', { level: '3' }], [A.CollectionContactMade, '2024-03-05'], [A.InvoiceWrittenOff, '2024-04-01']],
      },
      CONTACT_AFTER: { events: [POSTED, legal, [A.InvoiceWrittenOff, '2024-04-01'], [A.CollectionContactMade, '2024-04-05']] },
    });
    const rule: PolicyRule = {
      id: 'write-off-preconditions',
      kind: 'precondition',
      target: A.InvoiceWrittenOff,
      requires: [{ activity: A.DunningLetterIssued, atLeastLevel: 'final' }, { activity: A.CollectionContactMade }],
    };
    const result = checkConformance(log, policyOf(rule));
    expect(triples(result.violations)).toEqual([
      ['NO_LEGAL', 'write-off-preconditions', 'missing'],
      ['CONTACT_AFTER', 'write-off-preconditions', 'out-of-order'],
    ]);
    // Exposure: the 1000 still open when it was written off.
    expect(result.violations[0].exposure).toBe(1000);
  });
});

describe('the default policy', () => {
  it('applies segment rules: Government gets no automatic reminder, Enterprise a call before letter 2', () => {
    const overdue: InvoiceEvent[] = [POSTED, [A.PaymentDueDatePassed, '2024-03-01']];
    const log = buildLog('2024-04-30', {
      GOV_QUIET: { attributes: { CustomerSegment: 'Government' }, events: [...overdue, [A.CollectionContactMade, '2024-03-02']] },
      GOV_REMINDED: { attributes: { CustomerSegment: 'Government' }, events: [...overdue, [A.ReminderSent, '2024-03-02']] },
      ENT_NO_CALL: {
        attributes: { CustomerSegment: 'Enterprise' },
        events: [
          ...overdue,
          [A.ReminderSent, '2024-03-02'],
          [A.DunningLetterIssued, '2024-03-05', { level: '1' }],
          [A.DunningLetterIssued, '2024-03-27', { level: '2' }],
        ],
      },
      SMB_NO_CALL: {
        attributes: { CustomerSegment: 'SMB' },
        events: [
          ...overdue,
          [A.ReminderSent, '2024-03-02'],
          [A.DunningLetterIssued, '2024-03-05', { level: '1' }],
          [A.DunningLetterIssued, '2024-03-27', { level: '2' }],
        ],
      },
    });
    const result = checkConformance(log, DEFAULT_POLICY);
    // GOV_QUIET: no reminder needed. GOV_REMINDED: a reminder at all is forbidden. ENT_NO_CALL:
    // letter 2 (22 days after letter 1, Enterprise minimum 21) without a prior contact. SMB: conforms.
    expect(triples(result.violations)).toEqual([
      ['GOV_REMINDED', 'government-no-automatic-letters', 'forbidden'],
      ['ENT_NO_CALL', 'enterprise-contact-before-letter-2', 'missing'],
    ]);
    // 4 overdue invoices, 2 without a violation.
    expect(result.adherence).toBe(0.5);
  });
});

describe('allowlist and aggregates', () => {
  const rule: PolicyRule = { id: 'reminder-after-due', kind: 'required-after', anchor: A.PaymentDueDatePassed, step: [A.ReminderSent], withinDays: 3 };
  const overdue = (collector: string, team: string, segment: string, reminded: boolean): InvoiceCase => ({
    attributes: { CollectorName: collector, CreditTeam: team, CustomerSegment: segment },
    events: [POSTED, [A.PaymentDueDatePassed, '2024-03-01'], ...(reminded ? [[A.ReminderSent, '2024-03-02'] as InvoiceEvent] : [])],
  });
  const log = buildLog('2024-03-31', {
    I1: overdue('Alice', 'Team A', 'SMB', false),
    I2: overdue('Alice', 'Team A', 'SMB', true),
    I3: overdue('Bob', 'Team A', 'SMB', false),
    I4: overdue('Bob', 'Team B', 'Strategic', false),
    I5: overdue('Carol', 'Team B', 'SMB', false),
  });

  it('moves accepted deviations, by case or by attribute value, out of the violations', () => {
    const result = checkConformance(log, policyOf(rule), {
      allowlist: [
        { ruleId: 'reminder-after-due', caseId: 'I5', reason: 'agreed payment plan' },
        { ruleId: 'reminder-after-due', when: { CustomerSegment: 'Strategic' } },
      ],
    });
    expect(triples(result.violations)).toEqual([
      ['I1', 'reminder-after-due', 'missing'],
      ['I3', 'reminder-after-due', 'missing'],
    ]);
    expect(result.allowed.map((v) => [v.caseId, v.allowlistEntry])).toEqual([
      ['I4', 1],
      ['I5', 0],
    ]);
    expect(result.byRule[0]).toMatchObject({ violations: 2, cases: 2, allowed: 2 });
    // 5 overdue, I1 and I3 violate: adherence 3 / 5.
    expect(result.adherence).toBe(0.6);
  });

  it('aggregates violating overdue cases per collector and per team', () => {
    const result = checkConformance(log, policyOf(rule));
    const byCollector = Object.fromEntries(result.byCollector.map((o) => [o.key, [o.overdueCases, o.violatingCases, o.rate]]));
    // Alice: I1 violates, I2 conforms → 1 / 2. Bob: I3 and I4 → 2 / 2. Carol: I5 → 1 / 1.
    expect(byCollector).toEqual({ Alice: [2, 1, 0.5], Bob: [2, 2, 1], Carol: [1, 1, 1] });
    const byTeam = Object.fromEntries(result.byTeam.map((o) => [o.key, o.rate]));
    // Team A: I1, I3 of I1–I3 → 2 / 3. Team B: I4, I5 → 2 / 2.
    expect(byTeam['Team A']).toBeCloseTo(2 / 3, 9);
    expect(byTeam['Team B']).toBe(1);
  });

  it('only checks the selected cases', () => {
    const selection = new Uint8Array(log.caseIds.length);
    selection[log.caseIds.indexOf('I3')] = 1;
    const result = checkConformance(log, policyOf(rule), { cases: selection });
    expect(triples(result.violations)).toEqual([['I3', 'reminder-after-due', 'missing']]);
    expect(result.overdueCases).toBe(1);
  });
});

describe('result details', () => {
  it('lists one invoice\'s violations in rule order, with exposure in the reporting currency', () => {
    const log = buildLog('2024-03-31', {
      EUR_INVOICE: {
        amount: 1000,
        currency: 'EUR',
        events: [
          POSTED,
          [A.PaymentDueDatePassed, '2024-03-01'],
          [A.DunningLetterIssued, '2024-03-02', { level: '1' }],
          [A.DunningLetterIssued, '2024-03-04', { level: '3' }],
        ],
      },
    });
    const result = checkConformance(log, DEFAULT_POLICY);
    const own = result.violationsOfCase(0);
    // No reminder by Mar 4 (missing); level 3 right after level 1: skipped level 2.
    expect(own.map((v) => [v.ruleId, v.kind])).toEqual([
      ['reminder-after-due', 'missing'],
      ['no-skipped-level', 'out-of-order'],
    ]);
    // 1000 EUR × 1.08 = 1080 USD open when the reminder was due.
    expect(own[0].exposure).toBeCloseTo(1080, 9);
    expect(result.table.length).toBe(2);
  });

  it('warns about conditions on attributes the log lacks and allowlist entries that match nothing', () => {
    const log = buildLog('2024-03-31', { ONLY: { events: [POSTED, [A.PaymentDueDatePassed, '2024-03-01']] } });
    const policy = policyOf({
      id: 'reminder-after-due',
      kind: 'required-after',
      anchor: A.PaymentDueDatePassed,
      step: [A.ReminderSent],
      withinDays: 3,
      overrides: [{ when: { Region: 'EMEA' }, set: { withinDays: 10 } }],
    });
    const result = checkConformance(log, policy, { allowlist: [{ ruleId: 'no-such-rule', caseId: 'ONLY' }] });
    expect(result.warnings).toEqual([
      "Allowlist entry 1 names rule 'no-such-rule', which the policy does not have",
      "The log has no attribute 'Region'; conditions on it match no invoice",
    ]);
    // The override matched nothing, so the 3-day limit applies: the reminder is missing.
    expect(triples(result.violations)).toEqual([['ONLY', 'reminder-after-due', 'missing']]);
  });
});

describe('logs with many activities', () => {
  it('still finds violations whose activities come after the 31st distinct activity', () => {
    // Activity codes from 31 up share one presence bit; the rules must not skip those cases.
    const noise: InvoiceEvent[] = Array.from({ length: 35 }, (_, i) => [`Custom step ${i}`, '2024-01-31'] as InvoiceEvent);
    const log = buildLog('2024-03-31', {
      NOISY: { events: [POSTED, ...noise, [A.DisputeRegistered, '2024-02-01'], [A.ReminderSent, '2024-02-05']] },
    });
    expect(log.activities.indexOf(A.DisputeRegistered)).toBeGreaterThan(31);
    const rule: PolicyRule = { id: 'quiet', kind: 'forbidden-during', forbidden: [A.ReminderSent], from: A.DisputeRegistered, until: A.DisputeResolved };
    expect(triples(checkConformance(log, policyOf(rule)).violations)).toEqual([['NOISY', 'quiet', 'forbidden']]);
  });
});
