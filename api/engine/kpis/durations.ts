import { CYCLE_TIME_PAIRS } from '../domain/activities.ts';
import { DAY_MS } from '../domain/calendar.ts';
import { casePresence, presenceBits } from './activity-codes.ts';
import { ratio, type KpiContext, type KpiCounts, type Kpis } from './types.ts';

/** Cycle times between a start and an end activity, measured when the end falls in the period. */
export type DurationKpis = Pick<Kpis, 'disputeResolutionDays' | 'cashApplicationLagDays' | 'creditApprovalDays'> & {
  readonly counts: Pick<KpiCounts, 'disputesResolved' | 'cashApplications' | 'creditApprovals'>;
};


export function durationKpis(ctx: KpiContext): DurationKpis[] {
  const { days, count } = pairedDurations(ctx);
  const G = ctx.groups.keys.length;
  return ctx.groups.keys.map((_, g) => ({
    disputeResolutionDays: ratio(days[g], count[g]),
    cashApplicationLagDays: ratio(days[G + g], count[G + g]),
    creditApprovalDays: ratio(days[2 * G + g], count[2 * G + g]),
    counts: { disputesResolved: count[g], cashApplications: count[G + g], creditApprovals: count[2 * G + g] },
  }));
}

/**
 * Per pair p and group g (index p × groups + g): summed days and count. Each end is paired with
 * the oldest unpaired start before it in the same case (first in, first out: two payments
 * received then two applied are two lags, not one). One pass over the events serves all pairs.
 */
function pairedDurations(ctx: KpiContext): { days: Float64Array; count: Uint32Array } {
  const G = ctx.groups.keys.length;
  const P = CYCLE_TIME_PAIRS.length;
  const days = new Float64Array(P * G);
  const count = new Uint32Array(P * G);
  const { activities, activity, time, caseOffsets: off } = ctx.log;
  // Per activity code: 0 none, 1 + 2p start of pair p, 2 + 2p end of pair p.
  const role = new Uint8Array(activities.length);
  const startCodes: number[] = [];
  CYCLE_TIME_PAIRS.forEach(([start, end], p) => {
    const s = activities.indexOf(start);
    const e = activities.indexOf(end);
    if (s >= 0 && e >= 0) {
      role[s] = 1 + 2 * p;
      role[e] = 2 + 2 * p;
      startCodes.push(s);
    }
  });
  if (startCodes.length === 0) return { days, count };
  const presence = casePresence(ctx.log);
  const startBits = presenceBits(startCodes);

  const group = ctx.groups.group;
  const { start: periodStart, end: periodEnd } = ctx.period;
  let pending: Float64Array[] = [new Float64Array(16), new Float64Array(16), new Float64Array(16)];
  const head = new Int32Array(P);
  const tail = new Int32Array(P);
  for (let c = 0; c < group.length; c++) {
    const g = group[c];
    if (g < 0 || (presence[c] & startBits) === 0) continue;
    head.fill(0);
    tail.fill(0);
    for (let e = off[c]; e < off[c + 1]; e++) {
      const r = role[activity[e]];
      if (r === 0) continue;
      const p = (r - 1) >> 1;
      if ((r & 1) === 1) {
        if (tail[p] === pending[p].length) pending = grow(pending, p);
        pending[p][tail[p]++] = time[e];
      } else if (head[p] < tail[p]) {
        const t = time[e];
        const t0 = pending[p][head[p]++];
        if (t > periodStart && t <= periodEnd) {
          days[p * G + g] += (t - t0) / DAY_MS;
          count[p * G + g]++;
        }
      }
    }
  }
  return { days, count };
}

function grow(queues: readonly Float64Array[], p: number): Float64Array[] {
  const grown = new Float64Array(queues[p].length * 2);
  grown.set(queues[p]);
  return queues.map((q, i) => (i === p ? grown : q));
}

