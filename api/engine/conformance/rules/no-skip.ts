import { openBalanceBefore } from '../../kpis/open-balance.ts';
import type { NoSkipRule } from '../policy-schema.ts';
import { OUT_OF_ORDER, type Emit, type EvalEnv, type Evaluator } from './env.ts';

/**
 * no-skip: dunning levels escalate one step at a time (1 → 2 → 3 → Legal). A letter more than
 * one level above the highest so far skipped a level; one below it went backwards. Repeating a
 * level is fine.
 */
export function noSkip(_rule: NoSkipRule, env: EvalEnv, emit: Emit): Evaluator | null {
  const dunning = env.dunningCode;
  if (dunning < 0) return null;
  const names = env.levelNames;
  const L = names.length;
  // detail[highest * (L + 1) + ord]: the words for "level ord after highest level so far".
  const details = new Uint32Array((L + 1) * (L + 1));
  for (let highest = 0; highest <= L; highest++) {
    for (let ord = 1; ord <= L; ord++) {
      const after = highest === 0 ? 'as the first letter' : `after level ${names[highest - 1]}`;
      details[highest * (L + 1) + ord] = env.detail(`level ${names[ord - 1]} ${after}`);
    }
  }
  const { activity, time, caseOffsets: off } = env.log;
  const { level, cutoff, balance } = env;
  const { presence } = env;
  const trigger = env.bits([env.log.activities[dunning]]);
  const check = (c: number): void => {
    if ((presence[c] & trigger) === 0) return;
    let highest = 0;
    for (let e = off[c]; e < off[c + 1]; e++) {
      const ord = level[e];
      if (ord === 0 || activity[e] !== dunning || time[e] > cutoff) continue;
      if (ord > highest + 1 || ord < highest) {
        emit(OUT_OF_ORDER, c, e, Number.NaN, openBalanceBefore(balance, c, e), details[highest * (L + 1) + ord]);
      }
      if (ord > highest) highest = ord;
    }
  };
  return (cases) => {
    for (let i = 0; i < cases.length; i++) check(cases[i]);
  };
}
