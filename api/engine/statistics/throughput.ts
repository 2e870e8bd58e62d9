import { eventViewKey, toSelection, visibleEvents, type Selection, type SelectionInput } from '../filtering/selection.ts';
import { builtViewIndex, casesWithActivity } from '../discovery/view-index.ts';
import { activityCode, type EventLog } from '../log/event-log.ts';
import { PerLogCache } from '../log/per-log-cache.ts';
import { EMPTY_STATS, type DurationStats } from './distribution.ts';
import { markedStats, rankGroups } from './presorted.ts';
import { rankMarks } from './scratch.ts';

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
  const { pairCase, pairTime, pairRank, rankPair } = pairIndex(log, selection, a, b);
  const marks = rankMarks(pairCase.length);
  let n = 0;
  let total = 0;
  for (let k = 0; k < pairCase.length; k++) {
    const c = pairCase[k];
    if (cases[c] === 0) continue;
    const d = pairTime[k];
    perCase[c] = d;
    total += d;
    n++;
    const r = pairRank[k];
    marks[r >>> 5] |= 1 << (r & 31);
  }
  if (n === 0) return { from, to, perCase, stats: EMPTY_STATS };
  return { from, to, perCase, stats: markedStats(marks, 0, pairCase.length, n, total, (r) => pairTime[rankPair[r]]) };
}

/** The cases of one event view that have a (from, to) pair, ascending, with their throughput times, ranked. */
interface PairIndex {
  readonly pairCase: Uint32Array;
  readonly pairTime: Float64Array;
  /** Position of pair k among the times sorted ascending, and the inverse. */
  readonly pairRank: Uint32Array;
  readonly rankPair: Uint32Array;
}

/**
 * A dashboard asks the same few pairs every time the filter changes, so each (view, pair) is
 * computed once per log and a selection then only visits the cases that have the pair.
 */
const pairCache = new PerLogCache<PairIndex>(8);

function pairIndex(log: EventLog, selection: Selection, a: number, b: number): PairIndex {
  return pairCache.get(log, `${a} ${b} ${eventViewKey(log, selection)}`, () => buildPairIndex(log, selection, a, b));
}

function buildPairIndex(log: EventLog, selection: Selection, a: number, b: number): PairIndex {
  const visible = visibleEvents(log, selection);
  // With the view's index at hand, only cases that show `a` are walked (a dispute is in one
  // case of ten); without, building that index just for this would cost more than the walk.
  const built = builtViewIndex(log, selection);
  const candidates = built ? casesWithActivity(built, a) : null;
  const off = log.caseOffsets;
  const act = log.activity;
  const time = log.time;
  const end = log.endTime;
  const nCases = log.caseIds.length;
  const times = new Float64Array(nCases).fill(Number.NaN);
  let count = 0;
  for (let c = 0; c < nCases; c++) {
    if (candidates !== null && candidates[c] === 0) continue;
    let startTime = Number.NaN;
    for (let e = off[c], last = off[c + 1]; e < last; e++) {
      if (visible !== null && visible[e] === 0) continue;
      const code = act[e];
      if (startTime !== startTime) {
        if (code === a) startTime = time[e];
        continue;
      }
      if (code === b) {
        let done = time[e];
        if (end !== null && end[e] === end[e]) done = end[e];
        times[c] = done - startTime;
        count++;
        break;
      }
    }
  }
  const pairCase = new Uint32Array(count);
  const pairTime = new Float64Array(count);
  const groupOf = new Int32Array(count);
  for (let c = 0, k = 0; c < nCases; c++) {
    if (times[c] !== times[c]) continue;
    pairCase[k] = c;
    pairTime[k++] = times[c];
  }
  // One group, and rankGroups' "cases" are pair numbers; it ranks by end − start, start 0.
  const zero = new Float64Array(count);
  const { caseRank, rankCase } = rankGroups(groupOf, 1, zero, pairTime);
  return { pairCase, pairTime, pairRank: caseRank, rankPair: rankCase };
}
