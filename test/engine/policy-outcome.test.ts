import { describe, expect, it } from 'vitest';
import { Activity as A } from '../../api/engine/domain/activities.ts';
import { checkConformance, parsePolicy } from '../../api/engine/conformance/index.ts';
import type { AttributeValue } from '../../api/engine/log/columns.ts';
import { computeKpis } from '../../api/engine/kpis/compute.ts';
import { rememberedViolations, rememberViolations } from '../../api/engine/kpis/policy-outcome.ts';
import { findRootCauses } from '../../api/engine/rootcause/index.ts';
import { logOf, t, type HandEvent } from '../helpers/logs.ts';

/**
 * Four invoices due 2024-03-01, overdue from 2024-03-02; the policy wants a reminder within 3 days.
 * P1 and P2 (Ann) get none, P3 is reminded in time, P4 late: P1, P2 and P4 violate it.
 */
function overdueLog() {
  const events: HandEvent[] = [];
  const cases: Record<string, Record<string, AttributeValue>> = {};
  for (const [id, collector, reminder] of [
    ['P1', 'Ann', null],
    ['P2', 'Ann', null],
    ['P3', 'Bob', '2024-03-03T09:00:00Z'],
    ['P4', 'Bob', '2024-03-09T09:00:00Z'],
  ] as const) {
    events.push({ c: id, a: A.InvoicePosted, at: '2024-02-01T09:00:00Z' }, { c: id, a: A.PaymentDueDatePassed, at: '2024-03-02T00:00:00Z' });
    if (reminder) events.push({ c: id, a: A.ReminderSent, at: reminder });
    cases[id] = { CollectorName: collector };
  }
  return logOf(events, cases, '2024-04-01T00:00:00Z');
}

const rules = [{ id: 'r', kind: 'required-after', anchor: A.PaymentDueDatePassed, step: [A.ReminderSent], withinDays: 3 }];
const asOf = t('2024-04-01T00:00:00Z');
const byCase = (log: ReturnType<typeof overdueLog>, violated: Uint8Array | null) =>
  violated && Object.fromEntries(log.caseIds.map((id, c) => [id, violated[c]]));

describe('remembered policy outcome', () => {
  it('keeps, after the KPIs, which invoices violate the policy, per policy and cut-off', () => {
    const log = overdueLog();
    const policy = parsePolicy({ rules });
    expect(rememberedViolations(log, policy, asOf)).toBeNull();
    computeKpis(log, { policy });
    expect(byCase(log, rememberedViolations(log, policy, asOf))).toEqual({ P1: 1, P2: 1, P3: 0, P4: 1 });
    // Another policy object, or another cut-off, is another question.
    expect(rememberedViolations(log, parsePolicy({ rules }), asOf)).toBeNull();
    expect(rememberedViolations(log, policy, asOf - 1)).toBeNull();
  });

  it('gives the root causes the figures of their own check', () => {
    const log = overdueLog();
    const policy = parsePolicy({ rules });
    const options = { minCases: 1, minShare: 0, outcomes: ['policyViolated'] as const, policy };
    const checked = findRootCauses(log, { ...options, conformance: checkConformance(log, policy) }).outcomes.policyViolated!;
    // The root causes' own check of every invoice is remembered, and the next call reads it.
    const first = findRootCauses(log, options).outcomes.policyViolated!;
    expect(rememberedViolations(log, policy, asOf)).not.toBeNull();
    const again = findRootCauses(log, options).outcomes.policyViolated!;
    // Violating: 3 of the 4 overdue; Ann's two both violate, lift 1 / 0.75.
    expect([checked.population, checked.outcomeCases]).toEqual([4, 3]);
    expect(first).toEqual(checked);
    expect(again).toEqual(checked);
  });

  it('does not keep a check of some invoices only, or one with an allowlist', () => {
    const log = overdueLog();
    const policy = parsePolicy({ rules });
    const some = Uint8Array.from([1, 1, 0, 0]);
    rememberViolations(log, policy, { cases: some }, checkConformance(log, policy, { cases: some }));
    expect(rememberedViolations(log, policy, asOf)).toBeNull();
    findRootCauses(log, { outcomes: ['policyViolated'], policy, cases: some });
    expect(rememberedViolations(log, policy, asOf)).toBeNull();
  });
});
