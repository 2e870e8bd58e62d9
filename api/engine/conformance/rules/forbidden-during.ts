import { openBalanceBefore } from '../../kpis/open-balance.ts';
import type { ForbiddenDuringRule } from '../policy-schema.ts';
import { FORBIDDEN, type Emit, type EvalEnv, type Evaluator } from './env.ts';

/**
 * forbidden-during: none of the forbidden activities while a window is open, from a `from`
 * event to the next `until` event (a dispute). Without `from` the window opens with the case,
 * without `until` it never closes: no `from` and no `until` forbids them outright.
 */
export function forbiddenDuring(rule: ForbiddenDuringRule, env: EvalEnv, emit: Emit): Evaluator | null {
  const isForbidden = env.mask(rule.forbidden);
  if (!isForbidden.includes(1)) return null;
  const from = rule.from === undefined ? -1 : env.code(rule.from);
  if (rule.from !== undefined && from < 0) return null;
  const until = rule.until === undefined ? -1 : env.code(rule.until);
  const { activity, time, caseOffsets: off } = env.log;
  const { cutoff, balance } = env;
  const detail = rule.from ? env.detail(`after ${rule.from}, before ${rule.until ?? 'the end of the case'}`) : 0;
  const openAtStart = rule.from === undefined;
  const { presence } = env;
  const forbiddenBits = env.bits(rule.forbidden);
  const fromBits = rule.from === undefined ? 0 : env.bits([rule.from]);
  const check = (c: number): void => {
    const p = presence[c];
    if ((p & forbiddenBits) === 0 || (fromBits !== 0 && (p & fromBits) === 0)) return;
    let open = openAtStart;
    for (let e = off[c]; e < off[c + 1]; e++) {
      if (time[e] > cutoff) break;
      const a = activity[e];
      if (a === from) open = true;
      else if (a === until) open = false;
      else if (open && isForbidden[a]) emit(FORBIDDEN, c, e, Number.NaN, openBalanceBefore(balance, c, e), detail);
    }
  };
  return (cases) => {
    for (let i = 0; i < cases.length; i++) check(cases[i]);
  };
}
