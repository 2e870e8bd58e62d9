import { Activity } from '../domain/activities.ts';
import { businessCalendar, DAY_MS, earliestAfter } from '../domain/calendar.ts';
import type { EventLog } from '../log/event-log.ts';
import { cachedMatcher } from '../conformance/case-match.ts';
import { checkConformance } from '../conformance/check.ts';
import { ruleVariant } from '../conformance/compile.ts';
import { levelKey, type DunningPolicy, type PolicyRule } from '../conformance/policy-schema.ts';
import type { StateContext } from './case-state.ts';
import type { NextStep, OpenState } from './types.ts';

/**
 * The next step the policy asks of each open invoice, in this order:
 *
 * 1. a step the policy requires by a deadline and that has not happened (a reminder after the
 *    due date, a call after a broken promise): the policy check itself finds them, run with the
 *    cut-off moved to the end of time, so a deadline still ahead shows up as due. A deadline that
 *    passed is kept only while nothing else was done since (otherwise the process moved on);
 * 2. an open dispute: dunning waits for its resolution;
 * 3. an open promise: the payment is expected by the promised date;
 * 4. not yet due: nothing until the due date;
 * 5. the next dunning letter, once the policy's minimum gap allows it and its preconditions are
 *    met (a call first, for Enterprise before letter 2); after the final level, the write-off
 *    review, once its preconditions are met.
 */
export function nextSteps(log: EventLog, policy: DunningPolicy, ctx: StateContext, open: readonly OpenState[]): NextStep[] {
  const mask = new Uint8Array(log.caseIds.length);
  for (const s of open) mask[s.c] = 1;
  const pending = checkConformance(log, policy, { cases: mask, asOf: Number.POSITIVE_INFINITY });
  const rules = new Map(policy.rules.map((r) => [r.id, r]));
  const variant = variants(log, policy);
  const calendar = businessCalendar(policy.calendar ?? {});
  const levels = ctx.levelNames;
  const ordinalOf = (name: string) => (levelKey(name) === 'final' ? levels.length : levels.findIndex((l) => levelKey(l) === levelKey(name)) + 1);
  const dunning = policy.dunningActivity ?? Activity.DunningLetterIssued;
  const asOf = log.lastDataUpdate;
  const codes = new Map<string, number>();
  const codeOf = (name: string): number => {
    let code = codes.get(name);
    if (code === undefined) codes.set(name, (code = log.activities.indexOf(name)));
    return code;
  };

  /** The case's recorded events of an activity at or above a level, before now. */
  const happened = (c: number, name: string, minLevel: number): boolean => {
    const code = codeOf(name);
    if (code < 0) return false;
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
      if (log.activity[e] === code && ctx.level[e] >= minLevel && log.time[e] <= asOf) return true;
    }
    return false;
  };
  /** The first precondition rule targeting `target` (at `level`) whose requirement is unmet. */
  const unmetRequirement = (c: number, target: string, level: number): NextStep | null => {
    for (const base of policy.rules) {
      if (base.kind !== 'precondition') continue;
      const rule = variant(base, c);
      if (rule.kind !== 'precondition' || rule.enabled === false || rule.target !== target) continue;
      if (rule.targetLevel !== undefined && ordinalOf(rule.targetLevel) !== level) continue;
      for (const req of rule.requires) {
        const min = req.atLeastLevel === undefined ? 0 : ordinalOf(req.atLeastLevel);
        if (happened(c, req.activity, min)) continue;
        const what = min > 0 ? `${req.activity} (level ${levels[min - 1]})` : req.activity;
        const before = level > 0 ? `${target} (level ${levels[level - 1]})` : target;
        return step(`${what} first: required before ${before}`, req.activity, min > 0 ? levels[min - 1] : null, rule.id, null, null, asOf);
      }
    }
    return null;
  };

  return open.map((s) => {
    const c = s.c;
    let obligation: NextStep | null = null;
    for (const v of pending.violationsOfCase(c)) {
      const rule = rules.get(v.ruleId);
      if (v.kind !== 'missing' || v.dueAt === null || !rule || (rule.kind !== 'required-after' && rule.kind !== 'follow-up-after')) continue;
      if (v.dueAt <= asOf && s.lastActionAt >= v.dueAt) continue;
      if (obligation && obligation.dueAt! <= v.dueAt) continue;
      const effective = variant(rule, c) as typeof rule;
      const steps = effective.step ?? [Activity.CollectionContactMade];
      obligation = step(`${steps.join(' or ')} by ${isoDay(v.dueAt - 1)}`, steps[0], null, rule.id, null, v.dueAt, asOf);
    }
    if (obligation) return obligation;
    if (s.disputeOpen) return step('Resolve the dispute: dunning waits while it is open', Activity.DisputeResolved, null, null, null, null, asOf);
    if (s.promiseBrokenAt === s.promiseBrokenAt) {
      return step(`Payment promised by ${isoDay(s.promiseDate)}`, Activity.PaymentReceived, null, null, null, s.promiseBrokenAt, asOf);
    }
    if (s.daysOverdue !== null && s.daysOverdue <= 0) {
      const dueEnd = s.dueDayStart + DAY_MS;
      return step(`Payment due ${isoDay(s.dueDayStart)}`, Activity.PaymentReceived, null, null, null, dueEnd, asOf);
    }
    if (s.level < levels.length) {
      const next = s.level + 1;
      const blocked = policy.rules.some((base) => {
        const rule = variant(base, c);
        return rule.kind === 'forbidden-during' && rule.enabled !== false && rule.from === undefined && rule.until === undefined && rule.forbidden.includes(dunning);
      });
      if (blocked) return step(`Call the customer: the policy allows no ${dunning} here`, Activity.CollectionContactMade, null, null, null, null, asOf);
      const first = unmetRequirement(c, dunning, next);
      if (first) return first;
      let from = asOf;
      let gapRule: string | null = null;
      for (const base of policy.rules) {
        if (base.kind !== 'min-gap' || s.level === 0) continue;
        const rule = variant(base, c);
        if (rule.kind !== 'min-gap' || rule.enabled === false) continue;
        const checked = rule.levels ? rule.levels.some((l) => ordinalOf(l) === next) : next > 1;
        if (!checked || s.lastLetterAt !== s.lastLetterAt) continue;
        const earliest = earliestAfter(s.lastLetterAt, rule.minDays, rule.dayType ?? 'calendar', calendar);
        if (earliest > from) {
          from = earliest;
          gapRule = rule.id;
        }
      }
      const label = `${dunning} (level ${levels[next - 1]})${from > asOf ? ` from ${isoDay(from)}` : ''}`;
      return step(label, dunning, levels[next - 1], gapRule, from, null, asOf);
    }
    const first = unmetRequirement(c, Activity.InvoiceWrittenOff, 0);
    if (first) return first;
    return step('Review for write-off: the final dunning level has been reached', Activity.InvoiceWrittenOff, null, null, null, null, asOf);
  });
}

/**
 * The rule as it applies to an invoice, through the conformance engine's own override merge. The
 * variants are few (one per combination of matching overrides), so each is made once.
 */
function variants(log: EventLog, policy: DunningPolicy): (rule: PolicyRule, c: number) => PolicyRule {
  const matcher = cachedMatcher(log, () => {});
  const masks = new Map(policy.rules.map((rule) => [rule, (rule.overrides ?? []).map((o) => matcher(o.when))]));
  const made = new Map<PolicyRule, Map<number, PolicyRule>>();
  return (rule, c) => {
    const ruleMasks = masks.get(rule)!;
    if (ruleMasks.length === 0) return rule;
    let key = 0;
    for (let i = 0; i < ruleMasks.length; i++) if (ruleMasks[i][c] === 1) key |= 1 << i;
    let perKey = made.get(rule);
    if (!perKey) made.set(rule, (perKey = new Map()));
    let v = perKey.get(key);
    if (!v) perKey.set(key, (v = ruleVariant(rule, (i) => (key & (1 << i)) !== 0)));
    return v;
  };
}

function step(action: string, activity: string | null, level: string | null, ruleId: string | null, from: number | null, dueAt: number | null, asOf: number): NextStep {
  return { action, activity, level, ruleId, from, dueAt, overdue: dueAt !== null && dueAt <= asOf };
}

const isoDays = new Map<number, string>();

/** YYYY-MM-DD of an instant; remembered per day, as a worklist repeats the same few dates thousands of times. */
function isoDay(t: number): string {
  const day = Math.floor(t / DAY_MS);
  let text = isoDays.get(day);
  if (text === undefined) {
    text = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (isoDays.size < 100_000) isoDays.set(day, text);
  }
  return text;
}
