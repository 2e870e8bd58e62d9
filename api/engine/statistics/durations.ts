import { eventViewKey, toSelection, visibleEvents, type Selection, type SelectionInput } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';
import { durationStats, type DurationStats } from './distribution.ts';

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

const SPAN_CACHE_SIZE = 4;
const spanCache = new WeakMap<EventLog, Map<string, CaseSpans>>();

/**
 * Start and end of every case (selected or not) in the selection's event view. The end is the
 * latest completion, not the last event's: with durations, an earlier activity can finish
 * after a later one starts, and the case is not over until it does. Cached per log and view,
 * since filters and durations ask for the same spans again and again.
 */
export function caseSpans(log: EventLog, selection: Selection): CaseSpans {
  const key = eventViewKey(log, selection);
  let perLog = spanCache.get(log);
  if (!perLog) {
    perLog = new Map();
    spanCache.set(log, perLog);
  }
  const cached = perLog.get(key);
  if (cached) return cached;
  const spans = computeSpans(log, visibleEvents(log, selection));
  if (perLog.size >= SPAN_CACHE_SIZE) perLog.delete(perLog.keys().next().value!);
  perLog.set(key, spans);
  return spans;
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
  const { start, end } = caseSpans(log, selection);
  const perCase = new Float64Array(cases.length).fill(Number.NaN);
  const values = new Float64Array(cases.length);
  let n = 0;
  for (let c = 0; c < cases.length; c++) {
    if (cases[c] === 0) continue;
    const s = start[c];
    if (s !== s) continue;
    const d = end[c] - s;
    perCase[c] = d;
    values[n++] = d;
  }
  return { perCase, stats: durationStats(values, 0, n) };
}
