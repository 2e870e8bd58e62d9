import { Activity } from '../../domain/activities.ts';
import { deadlineAfter, type DayType } from '../../domain/calendar.ts';
import { openBalanceAt } from '../../kpis/open-balance.ts';
import type { FollowUpAfterRule, RequiredAfterRule } from '../policy-schema.ts';
import { LATE, MISSING, type Emit, type EvalEnv, type Evaluator } from './env.ts';

/** Pauses in a row before giving up on a case (a dispute reopened more often is pathological). */
const MAX_PAUSES = 16;

/**
 * required-after / follow-up-after: after each anchor event, one of the steps must follow within
 * N calendar or business days (inclusive of the last day). Missing when none came by the
 * deadline, late when it came after it. Nothing is due when the invoice closed before the
 * deadline, or while the deadline is after the cut-off. A pause window (a dispute) open at the
 * anchor, or opening before the step and the deadline, restarts the full allowance when it closes.
 */
export function requiredAfter(rule: RequiredAfterRule | FollowUpAfterRule, env: EvalEnv, emit: Emit): Evaluator | null {
  const followUp = rule.kind === 'follow-up-after';
  const anchor = env.code(rule.anchor ?? Activity.PromiseToPayBroken);
  if (anchor < 0) return null;
  const isStep = env.mask(rule.step ?? [Activity.CollectionContactMade]);
  const days = rule.withinDays;
  const dayType: DayType = rule.dayType ?? (followUp ? 'business' : 'calendar');
  const pauseStart = rule.pausedBetween ? env.code(rule.pausedBetween.start) : -1;
  const pauseEnd = rule.pausedBetween ? env.code(rule.pausedBetween.end) : -1;
  const { activity, time, caseOffsets: off } = env.log;
  const { cutoff, calendar, balance } = env;
  const closedAt = env.facts.closedAt;
  const presence = env.presence;
  const trigger = env.bits([rule.anchor ?? Activity.PromiseToPayBroken]);
  const pauseBits = rule.pausedBetween ? env.bits([rule.pausedBetween.start]) : 0;

  /**
   * First step at or after t (and by the cut-off), or -1; events before index `from` are
   * earlier than t. The anchor event itself never answers its own rule ("a letter within N days
   * after a letter" needs another letter).
   */
  const stepFrom = (c: number, t: number, from: number, anchorEvent: number): number => {
    for (let e = from; e < off[c + 1]; e++) {
      const te = time[e];
      if (te > cutoff) break;
      if (e !== anchorEvent && te >= t && isStep[activity[e]]) return e;
    }
    return -1;
  };

  /** When a pause overlapping [from, until) ends: -1 none, Infinity still open. */
  const pauseOver = (c: number, from: number, until: number): number => {
    if (pauseStart < 0 || (presence[c] & pauseBits) === 0) return -1;
    let open = false;
    for (let e = off[c]; e < off[c + 1]; e++) {
      const a = activity[e];
      const t = time[e];
      if (!open && t >= until) return -1;
      if (a === pauseStart) open = true;
      else if (a === pauseEnd && open) {
        if (t > from) return t;
        open = false;
      }
    }
    return open ? Number.POSITIVE_INFINITY : -1;
  };

  const check = (c: number): void => {
    if ((presence[c] & trigger) === 0) return;
    for (let e = off[c]; e < off[c + 1]; e++) {
      if (activity[e] !== anchor || time[e] > cutoff) continue;
      let from = time[e];
      // Equal times keep input order, so a step at the anchor's instant may sit just before it.
      let firstIndex = e;
      while (firstIndex > off[c] && time[firstIndex - 1] === from) firstIndex--;
      for (let pauses = 0; pauses <= MAX_PAUSES; pauses++) {
        const deadline = deadlineAfter(from, days, dayType, calendar);
        const step = stepFrom(c, from, firstIndex, e);
        const stepTime = step < 0 ? Number.POSITIVE_INFINITY : time[step];
        const resume = pauseOver(c, from, Math.min(deadline, stepTime));
        if (resume === Number.POSITIVE_INFINITY) break;
        if (resume >= 0) {
          from = resume;
          continue;
        }
        if (stepTime < deadline || closedAt[c] < deadline || deadline > cutoff) break;
        const exposure = openBalanceAt(balance, c, deadline);
        if (step >= 0) emit(LATE, c, step, deadline, exposure, 0);
        else emit(MISSING, c, e, deadline, exposure, 0);
        break;
      }
    }
  };
  return (cases) => {
    for (let i = 0; i < cases.length; i++) check(cases[i]);
  };
}
