import { eventViewKey, toSelection, visibleEvents, type Selection, type SelectionInput } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';
import { PerLogCache } from '../log/per-log-cache.ts';
import { EMPTY_STATS, type DurationStats } from './distribution.ts';
import { markedStats, rankGroups, type RankedGroups } from './presorted.ts';
import { rankMarks } from './scratch.ts';

/** Per case index: first shown event's time and latest completion among its shown events; NaN when none is shown. */
export interface CaseSpans {
  readonly start: Float64Array;
  readonly end: Float64Array;
}

export interface CaseDurations {
  /** Per case index: duration in ms; NaN for cases outside the view. */
  readonly perCase: Float64Array;
  readonly stats: DurationStats;
}

const spanCache = new PerLogCache<CaseSpans>(4);

/**
 * Start and end of every case (selected or not) in the selection's event view. The end is the
 * latest completion, not the last event's: with durations, an earlier activity can finish
 * after a later one starts, and the case is not over until it does. Cached per log and view,
 * since filters and durations ask for the same spans again and again.
 */
export function caseSpans(log: EventLog, selection: Selection): CaseSpans {
  return spanCache.get(log, eventViewKey(log, selection), () => computeSpans(log, visibleEvents(log, selection)));
}

function computeSpans(log: EventLog, visible: Uint8Array | null): CaseSpans {
  const nCases = log.caseIds.length;
  const off = log.caseOffsets;
  const time = log.time;
  const endTime = log.endTime;
  const start = new Float64Array(nCases).fill(Number.NaN);
  const end = new Float64Array(nCases).fill(Number.NaN);
  for (let c = 0; c < nCases; c++) {
    const from = off[c];
    const to = off[c + 1];
    if (visible === null && endTime === null) {
      // Events are sorted by time: the first and last are the span.
      start[c] = time[from];
      end[c] = time[to - 1];
      continue;
    }
    let first = Number.NaN;
    let last = Number.NEGATIVE_INFINITY;
    for (let e = from; e < to; e++) {
      if (visible !== null && visible[e] === 0) continue;
      const t = time[e];
      if (first !== first) first = t;
      let done = t;
      if (endTime !== null) {
        const d = endTime[e];
        if (d === d) done = d;
      }
      if (done > last) last = done;
    }
    if (first === first) {
      start[c] = first;
      end[c] = last;
    }
  }
  return { start, end };
}

/** Case duration: latest completion of its shown events minus its first shown event's time. */
export function caseDurations(log: EventLog, input?: SelectionInput): CaseDurations {
  const selection = toSelection(log, input);
  const cases = selection.cases;
  const spans = caseSpans(log, selection);
  const { start, end } = spans;
  const { caseRank, rankCase } = durationOrder(spans);
  // Every slot written in the one pass, rather than filled with NaN first.
  const perCase = new Float64Array(cases.length);
  const marks = rankMarks(rankCase.length);
  let n = 0;
  let total = 0;
  for (let c = 0; c < cases.length; c++) {
    const s = start[c];
    if (cases[c] === 0 || s !== s) {
      perCase[c] = Number.NaN;
      continue;
    }
    const d = end[c] - s;
    perCase[c] = d;
    total += d;
    n++;
    const r = caseRank[c];
    marks[r >>> 5] |= 1 << (r & 31);
  }
  if (n === 0) return { perCase, stats: EMPTY_STATS };
  const stats = markedStats(marks, 0, rankCase.length, n, total, (r) => end[rankCase[r]] - start[rankCase[r]]);
  return { perCase, stats };
}

const orderCache = new WeakMap<CaseSpans, RankedGroups>();

/** Every case with a span, ranked by duration (one group): built once per spans, i.e. per log and view. */
export function durationOrder(spans: CaseSpans): RankedGroups {
  let order = orderCache.get(spans);
  if (!order) {
    const { start } = spans;
    const inView = new Int32Array(start.length);
    for (let c = 0; c < start.length; c++) inView[c] = start[c] === start[c] ? 0 : -1;
    order = rankGroups(inView, 1, spans.start, spans.end);
    orderCache.set(spans, order);
  }
  return order;
}
