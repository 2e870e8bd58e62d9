import { toSelection, visibleEvents, type SelectionInput } from '../filtering/selection.ts';
import { activityCode, type EventLog } from '../log/event-log.ts';
import { durationStats, EMPTY_STATS, type DurationStats } from './distribution.ts';

export interface Throughput {
  readonly from: string;
  readonly to: string;
  /** Per case index: ms from the first `from` to the completion of the next `to` after it; NaN when the case has no such pair or is outside the view. */
  readonly perCase: Float64Array;
  /** Over the cases with the pair. */
  readonly stats: DurationStats;
}

/**
 * Throughput time between two activities: in each case, from the first `from` event to the
 * completion of the first `to` event after it (later in the case's order; the same activity
 * twice pairs an occurrence with the next one). Cases without such a pair are left out, not
 * counted as 0. E.g. dispute resolution (Dispute Registered → Dispute Resolved), cash
 * application lag (Payment Received → Payment Applied to Invoice), credit approval (Credit
 * Limit Requested → Credit Limit Approved).
 */
export function throughputTime(log: EventLog, from: string, to: string, input?: SelectionInput): Throughput {
  const selection = toSelection(log, input);
  const cases = selection.cases;
  const perCase = new Float64Array(cases.length).fill(Number.NaN);
  const a = activityCode(log, from);
  const b = activityCode(log, to);
  if (a < 0 || b < 0) return { from, to, perCase, stats: EMPTY_STATS };
  const visible = visibleEvents(log, selection);
  const off = log.caseOffsets;
  const act = log.activity;
  const time = log.time;
  const end = log.endTime;
  const values = new Float64Array(cases.length);
  const first = firstOccurrences(log, a);
  let n = 0;
  for (let c = 0; c < cases.length; c++) {
    if (cases[c] === 0 || first[c] < 0) continue;
    let startTime = Number.NaN;
    // No `from` event sits before the case's first one, visible or not: start there.
    for (let e = first[c], last = off[c + 1]; e < last; e++) {
      if (visible !== null && visible[e] === 0) continue;
      const code = act[e];
      if (startTime !== startTime) {
        if (code === a) startTime = time[e];
        continue;
      }
      if (code === b) {
        let done = time[e];
        if (end !== null && end[e] === end[e]) done = end[e];
        perCase[c] = done - startTime;
        values[n++] = done - startTime;
        break;
      }
    }
  }
  return { from, to, perCase, stats: durationStats(values, 0, n) };
}

const firstCache = new WeakMap<EventLog, Map<number, Int32Array>>();

/**
 * Per case: the index of its first event of an activity, or -1. Built once per (log, activity),
 * so repeated throughput questions (a dashboard asks the same three every time the filter
 * changes) visit only the cases that have the activity, from that event on.
 */
function firstOccurrences(log: EventLog, activity: number): Int32Array {
  let byActivity = firstCache.get(log);
  if (!byActivity) firstCache.set(log, (byActivity = new Map()));
  let first = byActivity.get(activity);
  if (!first) {
    const off = log.caseOffsets;
    const act = log.activity;
    const nCases = log.caseIds.length;
    first = new Int32Array(nCases).fill(-1);
    for (let c = 0; c < nCases; c++) {
      for (let e = off[c], last = off[c + 1]; e < last; e++) {
        if (act[e] === activity) {
          first[c] = e;
          break;
        }
      }
    }
    byActivity.set(activity, first);
  }
  return first;
}
