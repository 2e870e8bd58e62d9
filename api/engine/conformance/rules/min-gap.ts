import { earliestAfter } from '../../domain/calendar.ts';
import { openBalanceBefore } from '../../kpis/open-balance.ts';
import type { MinGapRule } from '../policy-schema.ts';
import { TOO_EARLY, type Emit, type EvalEnv, type Evaluator } from './env.ts';

/**
 * min-gap: a letter at level k+1 no earlier than N days after the latest letter at level k
 * (calendar or business days, counted from the day of level k). Too early otherwise.
 */
export function minGap(rule: MinGapRule, env: EvalEnv, emit: Emit): Evaluator | null {
  const dunning = env.dunningCode;
  if (dunning < 0) return null;
  const names = env.levelNames;
  const checked = new Uint8Array(names.length + 1);
  if (rule.levels) for (const name of rule.levels) checked[env.levelOrdinal(name)] = 1;
  else checked.fill(1, 2);
  const { minDays } = rule;
  const dayType = rule.dayType ?? 'calendar';
  const details = names.map((name, i) => (i === 0 ? 0 : env.detail(`level ${name} less than ${minDays} ${dayType} days after level ${names[i - 1]}`)));
  const { activity, time, caseOffsets: off } = env.log;
  const { level, cutoff, calendar, balance } = env;
  const lastAt = new Float64Array(names.length + 1);

  const { presence } = env;
  const trigger = env.bits([env.log.activities[dunning]]);
  const check = (c: number): void => {
    if ((presence[c] & trigger) === 0) return;
    let seen = false;
    for (let e = off[c]; e < off[c + 1]; e++) {
      const ord = level[e];
      if (ord === 0 || activity[e] !== dunning || time[e] > cutoff) continue;
      if (!seen) {
        lastAt.fill(Number.NaN);
        seen = true;
      }
      const previous = ord > 1 ? lastAt[ord - 1] : Number.NaN;
      if (checked[ord] && previous === previous) {
        const earliest = earliestAfter(previous, minDays, dayType, calendar);
        if (time[e] < earliest) emit(TOO_EARLY, c, e, earliest, openBalanceBefore(balance, c, e), details[ord - 1]);
      }
      lastAt[ord] = time[e];
    }
  };
  return (cases) => {
    for (let i = 0; i < cases.length; i++) check(cases[i]);
  };
}
