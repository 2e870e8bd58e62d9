import { Activity, Column, type Violation } from '../../api/engine/index.ts';
import type { MissedStep } from '../cards/model.ts';
import type { Analysis } from './analysis.ts';
import { openAt } from './case-state.ts';

/**
 * Policy steps that should have happened and did not: "missing" violations whose deadline has
 * passed, on invoices still open. A step recorded since (in Teams, after the data's "as of",
 * which the policy check does not look past) no longer counts as missed.
 */
export function missedSteps(a: Analysis, cases: readonly number[]): MissedStep[] {
  const out: MissedStep[] = [];
  for (const c of cases) {
    if (a.conformance.caseViolations[c] === 0 || openAt(a, c, a.asOf) === null) continue;
    for (const v of a.conformance.violationsOfCase(c)) {
      if (v.kind !== 'missing' || v.dueAt === null || v.dueAt > a.asOf) continue;
      const steps = stepsOf(a, v.ruleId);
      if (steps.length === 0 || doneSince(a, c, v, steps)) continue;
      const rule = a.policy.rules.find((r) => r.id === v.ruleId);
      out.push({ invoice: v.caseId, customer: a.text(Column.CustomerName, c), steps, dueAt: v.dueAt, ruleId: v.ruleId, rule: rule?.description ?? v.ruleId });
    }
  }
  return out.sort((x, y) => x.dueAt - y.dueAt || (x.invoice < y.invoice ? -1 : 1));
}

function stepsOf(a: Analysis, ruleId: string): readonly string[] {
  const rule = a.policy.rules.find((r) => r.id === ruleId);
  if (!rule) return [];
  if (rule.kind === 'required-after') return rule.step;
  if (rule.kind === 'follow-up-after') return rule.step ?? [Activity.CollectionContactMade];
  return [];
}

function doneSince(a: Analysis, c: number, v: Violation, steps: readonly string[]): boolean {
  const { log } = a;
  const codes = new Set(steps.map((s) => log.activities.indexOf(s)).filter((code) => code >= 0));
  const from = v.event === null ? -Infinity : log.time[v.event];
  for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) if (codes.has(log.activity[e]) && log.time[e] >= from) return true;
  return false;
}
