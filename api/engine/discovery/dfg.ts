import { Column } from '../domain/columns.ts';
import { allOnes } from '../filtering/bytes.ts';
import { SelectionMemo } from '../filtering/selection-memo.ts';
import { toSelection, type Selection, type SelectionInput } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';
import { activityStatsOf, type ActivityStats } from '../statistics/activity-stats.ts';
import { caseAmounts } from '../statistics/amounts.ts';
import type { DurationStats } from '../statistics/distribution.ts';
import { compareNames } from '../statistics/ordering.ts';
import { markedStats } from '../statistics/presorted.ts';
import { rankMarks } from '../statistics/scratch.ts';
import { activityCounts, endpointCounts, sumArcs, viewIndex, waitAtRank, type ViewIndex } from './view-index.ts';

/** One arc of the map: `to` directly follows `from` in some cases. */
export interface DfgEdge {
  readonly from: string;
  readonly to: string;
  readonly fromCode: number;
  readonly toCode: number;
  /** Directly-follows occurrences. */
  readonly events: number;
  /** Distinct cases with at least one occurrence. */
  readonly cases: number;
  /**
   * Waiting time per occurrence (ms): the next event's time minus this event's completion
   * time (endTime when it has one), clamped at 0. The difference is negative only when the
   * next activity starts before this one completes: overlapping work is no wait, and a
   * negative figure on an arc would read as time saved.
   */
  readonly waiting: DurationStats;
  /**
   * Σ over occurrences of waiting (ms) × the case's amount (options.amountAttribute; missing
   * → 0): the money-time behind the arc's bottleneck exposure.
   */
  readonly amountWaiting: number;
}

/** A start or end activity: the number of cases whose sequence begins or ends with it. */
export interface Endpoint {
  readonly code: number;
  readonly name: string;
  readonly cases: number;
}

/** The directly-follows graph of a view: what the process map draws. */
export interface Dfg {
  /** Cases in the view (selected, with at least one shown event). */
  readonly cases: number;
  /** Shown events of those cases. Σ edges.events = events − cases. */
  readonly events: number;
  /** Activities occurring in the view, most frequent first. */
  readonly activities: readonly ActivityStats[];
  /** Most frequent first, then by from and to name. */
  readonly edges: readonly DfgEdge[];
  /** Most frequent first, then by name. */
  readonly starts: readonly Endpoint[];
  readonly ends: readonly Endpoint[];
}

export interface DfgOptions {
  /** Case attribute weighing DfgEdge.amountWaiting; default InvoiceAmount. */
  readonly amountAttribute?: string;
}

/** Results are shared between callers through the memo, hence frozen. */
const memo = new SelectionMemo<Dfg>(4);

/**
 * Discovers the directly-follows graph over the selection's shown events. Consecutive shown
 * events of a case form an arc, so hidden events (derived, sliders) connect their neighbours.
 * The result is frozen and may be shared: the last few maps per log are remembered by
 * selection content, so the map, bottlenecks and summary of one view cost one pass.
 */
export function discoverDfg(log: EventLog, input?: SelectionInput, options: DfgOptions = {}): Dfg {
  const selection = toSelection(log, input);
  const amountAttribute = options.amountAttribute ?? Column.InvoiceAmount;
  const remembered = memo.get(log, selection, amountAttribute);
  if (remembered) return remembered;
  // Every case: the map a view opens with, kept with its index for as long as the index lives.
  const index = viewIndex(log, selection);
  const full = allOnes(selection.cases);
  let dfg = full ? fullMaps.get(index)?.get(amountAttribute) : undefined;
  if (!dfg) {
    dfg = deepFreeze(computeDfg(log, index, selection, caseAmounts(log, amountAttribute)));
    if (full) {
      let byAmount = fullMaps.get(index);
      if (!byAmount) fullMaps.set(index, (byAmount = new Map()));
      byAmount.set(amountAttribute, dfg);
    }
  }
  memo.set(log, selection, amountAttribute, dfg);
  return dfg;
}

const fullMaps = new WeakMap<ViewIndex, Map<string, Dfg>>();

/**
 * Re-aggregates the view's index under the case selection: one pass per arc, no log scan;
 * medians and p90s from the ranks the pass marks.
 */
function computeDfg(log: EventLog, index: ViewIndex, selection: Selection, amounts: Float64Array): Dfg {
  const cases = selection.cases;
  const ends = endpointCounts(log, index, cases);
  const { arcFrom, arcTo, arcStart, sortedWaits } = index;
  const waitAt = (rank: number) => waitAtRank(sortedWaits, rank);
  const marks = rankMarks(index.occRank.length);
  const arcs = sumArcs(index, cases, amounts, marks);
  const names = log.activities;
  const edges: DfgEdge[] = [];
  let events = ends.cases;
  for (let g = 0; g < arcFrom.length; g++) {
    const n = arcs.events[g];
    if (n === 0) continue;
    events += n;
    edges.push({
      from: names[arcFrom[g]],
      to: names[arcTo[g]],
      fromCode: arcFrom[g],
      toCode: arcTo[g],
      events: n,
      cases: arcs.cases[g],
      waiting: markedStats(marks, arcStart[g], arcStart[g + 1], n, arcs.wait[g], waitAt),
      amountWaiting: arcs.amountWaiting[g],
    });
  }
  edges.sort((x, y) => y.events - x.events || compareNames(x.from, y.from) || compareNames(x.to, y.to));

  return {
    cases: ends.cases,
    events,
    activities: activityStatsOf(log, index, cases, activityCounts(index, ends.startCount, arcs)),
    edges,
    starts: endpoints(names, ends.startCount),
    ends: endpoints(names, ends.endCount),
  };
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function endpoints(names: readonly string[], counts: Uint32Array): Endpoint[] {
  const result: Endpoint[] = [];
  for (let a = 0; a < counts.length; a++) if (counts[a] > 0) result.push({ code: a, name: names[a], cases: counts[a] });
  result.sort((x, y) => y.cases - x.cases || compareNames(x.name, y.name));
  return result;
}
