import { eventViewKey, visibleEvents, type Selection } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';

/**
 * The shown events of one event view of a log (all cases), grouped so that a case selection
 * re-aggregates them without walking the log: every directly-follows occurrence filed under
 * its arc, every activity under the cases it occurs in. Within each group, cases ascend.
 *
 * Built once per log and view with two scans (count, then fill); a filter change then costs
 * one pass over these arrays with a case-mask lookup per entry, instead of a scan that
 * recomputes arcs and waits from the columns. About 24 bytes per event.
 */
export interface ViewIndex {
  /** Arc i goes from activity code arcFrom[i] to arcTo[i]. */
  readonly arcFrom: Uint32Array;
  readonly arcTo: Uint32Array;
  /** Arc i's occurrences: occCase / occWait[arcStart[i], arcStart[i + 1]). */
  readonly arcStart: Uint32Array;
  readonly occCase: Uint32Array;
  /** Next event's time minus this event's completion, clamped at 0 (see DfgEdge.waiting). */
  readonly occWait: Float64Array;
  /** Activity a occurs in cases actCase[actStart[a], actStart[a + 1]), each listed once, actEvents times. */
  readonly actStart: Uint32Array;
  readonly actCase: Uint32Array;
  readonly actEvents: Uint32Array;
  /** Activity a's events with an end time: timedCase / timedDuration[timedStart[a], timedStart[a + 1]). */
  readonly timedStart: Uint32Array;
  readonly timedCase: Uint32Array;
  readonly timedDuration: Float64Array;
  /** Per case: first and last shown activity code, -1 when the case shows no event. */
  readonly firstActivity: Int32Array;
  readonly lastActivity: Int32Array;
}

/** Activity pairs index a dense table up to this many activities (4 MB), a map beyond. */
const DENSE_LIMIT = 1024;

/**
 * Views without an activity mask (all events, derived hidden) are what filters change under,
 * so they keep their own slots; the activity slider's projections share one.
 */
const BASE_SLOTS = 2;
const cache = new WeakMap<EventLog, { base: Map<string, ViewIndex>; projected: { key: string; index: ViewIndex } | null }>();

export function viewIndex(log: EventLog, selection: Selection): ViewIndex {
  const key = eventViewKey(log, selection);
  let perLog = cache.get(log);
  if (!perLog) {
    perLog = { base: new Map(), projected: null };
    cache.set(log, perLog);
  }
  const projected = key.includes('|');
  const hit = projected ? (perLog.projected?.key === key ? perLog.projected.index : undefined) : perLog.base.get(key);
  if (hit) return hit;
  const index = buildIndex(log, visibleEvents(log, selection));
  if (projected) perLog.projected = { key, index };
  else {
    if (perLog.base.size >= BASE_SLOTS) perLog.base.delete(perLog.base.keys().next().value!);
    perLog.base.set(key, index);
  }
  return index;
}

function buildIndex(log: EventLog, visible: Uint8Array | null): ViewIndex {
  const nActivities = log.activities.length;
  const nCases = log.caseIds.length;
  const nEvents = log.activity.length;
  const capacity = Math.max(1, Math.min(nActivities * nActivities, nEvents));
  const counting: Counting = {
    dense: nActivities <= DENSE_LIMIT ? new Int32Array(nActivities * nActivities).fill(-1) : null,
    sparse: nActivities <= DENSE_LIMIT ? null : new Map(),
    arcFrom: new Uint32Array(capacity),
    arcTo: new Uint32Array(capacity),
    arcCount: new Uint32Array(capacity),
    nArcs: 0,
    actCount: new Uint32Array(nActivities),
    timedCount: new Uint32Array(nActivities),
  };
  const firstActivity = new Int32Array(nCases).fill(-1);
  const lastActivity = new Int32Array(nCases).fill(-1);
  scan(log, visible, counting, null, firstActivity, lastActivity);

  const nArcs = counting.nArcs;
  const arcStart = prefixSums(counting.arcCount, nArcs);
  const actStart = prefixSums(counting.actCount, nActivities);
  const timedStart = prefixSums(counting.timedCount, nActivities);
  const filling: Filling = {
    arcCursor: arcStart.slice(0, nArcs),
    occCase: new Uint32Array(arcStart[nArcs]),
    occWait: new Float64Array(arcStart[nArcs]),
    actCursor: actStart.slice(0, nActivities),
    actCase: new Uint32Array(actStart[nActivities]),
    actEvents: new Uint32Array(actStart[nActivities]),
    timedCursor: timedStart.slice(0, nActivities),
    timedCase: new Uint32Array(timedStart[nActivities]),
    timedDuration: new Float64Array(timedStart[nActivities]),
  };
  scan(log, visible, counting, filling, firstActivity, lastActivity);
  return {
    arcFrom: counting.arcFrom.slice(0, nArcs),
    arcTo: counting.arcTo.slice(0, nArcs),
    arcStart,
    occCase: filling.occCase,
    occWait: filling.occWait,
    actStart,
    actCase: filling.actCase,
    actEvents: filling.actEvents,
    timedStart,
    timedCase: filling.timedCase,
    timedDuration: filling.timedDuration,
    firstActivity,
    lastActivity,
  };
}

interface Counting {
  readonly dense: Int32Array | null;
  readonly sparse: Map<number, number> | null;
  readonly arcFrom: Uint32Array;
  readonly arcTo: Uint32Array;
  readonly arcCount: Uint32Array;
  nArcs: number;
  readonly actCount: Uint32Array;
  readonly timedCount: Uint32Array;
}

interface Filling {
  readonly arcCursor: Uint32Array;
  readonly occCase: Uint32Array;
  readonly occWait: Float64Array;
  readonly actCursor: Uint32Array;
  readonly actCase: Uint32Array;
  readonly actEvents: Uint32Array;
  readonly timedCursor: Uint32Array;
  readonly timedCase: Uint32Array;
  readonly timedDuration: Float64Array;
}

/**
 * One pass over every case's shown events: without `fill` it numbers the arcs and counts
 * group sizes (and notes first and last activities); with it, it files each occurrence at its
 * group's cursor. One function for both, so the two passes cannot disagree.
 */
function scan(
  log: EventLog,
  visible: Uint8Array | null,
  counting: Counting,
  fill: Filling | null,
  firstActivity: Int32Array,
  lastActivity: Int32Array,
): void {
  const nActivities = log.activities.length;
  const nCases = log.caseIds.length;
  const off = log.caseOffsets;
  const act = log.activity;
  const time = log.time;
  const end = log.endTime;
  const { dense, sparse, arcFrom, arcTo, arcCount, actCount, timedCount } = counting;
  // Per activity: the last case listed, and where (each activity is listed once per case).
  const actLastCase = new Int32Array(nActivities).fill(-1);
  const actEntry = new Uint32Array(nActivities);
  for (let c = 0; c < nCases; c++) {
    let prev = -1;
    let prevDone = 0;
    for (let e = off[c], to = off[c + 1]; e < to; e++) {
      if (visible !== null && visible[e] === 0) continue;
      const a = act[e];
      const t = time[e];
      if (actLastCase[a] !== c) {
        actLastCase[a] = c;
        if (fill === null) actCount[a]++;
        else {
          const at = fill.actCursor[a]++;
          fill.actCase[at] = c;
          fill.actEvents[at] = 1;
          actEntry[a] = at;
        }
      } else if (fill !== null) fill.actEvents[actEntry[a]]++;
      if (prev < 0) firstActivity[c] = a;
      else {
        const key = prev * nActivities + a;
        let id = dense !== null ? dense[key] : (sparse!.get(key) ?? -1);
        if (id < 0) {
          id = counting.nArcs++;
          if (dense !== null) dense[key] = id;
          else sparse!.set(key, id);
          arcFrom[id] = prev;
          arcTo[id] = a;
        }
        if (fill === null) arcCount[id]++;
        else {
          const at = fill.arcCursor[id]++;
          const diff = t - prevDone;
          fill.occCase[at] = c;
          fill.occWait[at] = diff > 0 ? diff : 0;
        }
      }
      prev = a;
      prevDone = t;
      if (end !== null) {
        const done = end[e];
        if (done === done) {
          // not NaN: an activity with a duration
          prevDone = done;
          if (fill === null) timedCount[a]++;
          else {
            const at = fill.timedCursor[a]++;
            fill.timedCase[at] = c;
            fill.timedDuration[at] = done - t;
          }
        }
      }
    }
    lastActivity[c] = prev;
  }
}

function prefixSums(counts: Uint32Array, n: number): Uint32Array {
  const start = new Uint32Array(n + 1);
  for (let i = 0; i < n; i++) start[i + 1] = start[i] + counts[i];
  return start;
}
