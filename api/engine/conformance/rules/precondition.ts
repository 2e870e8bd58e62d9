import { openBalanceBefore } from '../../kpis/open-balance.ts';
import type { PreconditionRule } from '../policy-schema.ts';
import { MISSING, OUT_OF_ORDER, type Emit, type EvalEnv, type Evaluator } from './env.ts';

/** Target events of one case waiting for the end of the case to be judged; more are very rare. */
const MAX_TARGETS = 64;

/**
 * precondition: each target event (optionally only at one dunning level) must come after every
 * required activity (optionally at or above a level). Missing when a requirement never happens
 * in the case, out of order when it only happens after the target.
 */
export function precondition(rule: PreconditionRule, env: EvalEnv, emit: Emit): Evaluator | null {
  const target = env.code(rule.target);
  if (target < 0) return null;
  const targetLevel = rule.targetLevel === undefined ? 0 : env.levelOrdinal(rule.targetLevel);
  // Requirements as bits (the schema allows at most 20), so a case needs no arrays.
  const n = rule.requires.length;
  const reqCode = Int32Array.from(rule.requires, (r) => env.code(r.activity));
  const reqLevel = Uint8Array.from(rule.requires, (r) => (r.atLeastLevel === undefined ? 0 : env.levelOrdinal(r.atLeastLevel)));
  const labels = rule.requires.map((r, i) => (r.atLeastLevel === undefined ? r.activity : `${r.activity} at level ${env.levelNames[reqLevel[i] - 1]} or higher`));
  const detailOf = new Map<number, number>();
  /** Detail id for unmet bits given which of them happen later. */
  const detail = (unmet: number, later: number): number => {
    const key = unmet * 2 ** n + later;
    let id = detailOf.get(key);
    if (id === undefined) {
      const parts: string[] = [];
      for (let r = 0; r < n; r++) if (unmet & (1 << r)) parts.push(`${later & (1 << r) ? 'only after' : 'no'} ${labels[r]}`);
      id = env.detail(parts.join('; '));
      detailOf.set(key, id);
    }
    return id;
  };
  const all = (1 << n) - 1;
  const { activity, time, caseOffsets: off } = env.log;
  const { level, cutoff, balance } = env;
  const pendingEvent = new Int32Array(MAX_TARGETS);
  const pendingUnmet = new Int32Array(MAX_TARGETS);

  const { presence } = env;
  const trigger = env.bits([rule.target]);
  const check = (c: number): void => {
    if ((presence[c] & trigger) === 0) return;
    const end = off[c + 1];
    let seen = 0;
    let pending = 0;
    for (let e = off[c]; e < end; e++) {
      if (time[e] > cutoff) break;
      const a = activity[e];
      if (a === target && (targetLevel === 0 || level[e] === targetLevel) && seen !== all && pending < MAX_TARGETS) {
        pendingEvent[pending] = e;
        pendingUnmet[pending++] = all & ~seen;
      }
      for (let r = 0; r < n; r++) if (a === reqCode[r] && level[e] >= reqLevel[r]) seen |= 1 << r;
    }
    // Whether a requirement is missing or merely late is only known at the end of the case.
    for (let i = 0; i < pending; i++) {
      const unmet = pendingUnmet[i];
      const later = unmet & seen;
      const e = pendingEvent[i];
      emit(later === unmet ? OUT_OF_ORDER : MISSING, c, e, Number.NaN, openBalanceBefore(balance, c, e), detail(unmet, later));
    }
  };
  return (cases) => {
    for (let i = 0; i < cases.length; i++) check(cases[i]);
  };
}
