import { Column } from '../domain/columns.ts';
import { SelectionMemo } from '../filtering/selection-memo.ts';
import { toSelection, type Selection, type SelectionInput } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';
import { activityStatsOf, type ActivityStats } from '../statistics/activity-stats.ts';
import { caseAmounts } from '../statistics/amounts.ts';
import { durationStats, type DurationStats } from '../statistics/distribution.ts';
import { compareNames } from '../statistics/ordering.ts';
import { groupedBuffer } from '../statistics/scratch.ts';
import { viewIndex } from './view-index.ts';

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
  const dfg = deepFreeze(computeDfg(log, selection, caseAmounts(log, amountAttribute)));
  memo.set(log, selection, amountAttribute, dfg);
  return dfg;
}

/** Re-aggregates the view's index under the case selection: one pass per arc, no log scan. */
function computeDfg(log: EventLog, selection: Selection, amounts: Float64Array): Dfg {
  const index = viewIndex(log, selection);
  const cases = selection.cases;
  const nActivities = log.activities.length;
  const startCount = new Uint32Array(nActivities);
  const endCount = new Uint32Array(nActivities);
  let nCases = 0;
  for (let c = 0; c < cases.length; c++) {
    const first = index.firstActivity[c];
    if (cases[c] === 0 || first < 0) continue;
    startCount[first]++;
    endCount[index.lastActivity[c]]++;
    nCases++;
  }

  const { arcFrom, arcTo, arcStart, occCase, occWait } = index;
  const nArcs = arcFrom.length;
  const waits = groupedBuffer(occWait.length);
  const names = log.activities;
  const edges: DfgEdge[] = [];
  let events = nCases;
  for (let g = 0; g < nArcs; g++) {
    let n = 0;
    let distinct = 0;
    let last = -1;
    let amountWaiting = 0;
    // Branch-free over the occurrences: every wait is written, selected ones advance n. Cases
    // ascend within an arc, so a case's occurrences are adjacent and a change of case counts it.
    for (let k = arcStart[g], to = arcStart[g + 1]; k < to; k++) {
      const c = occCase[k];
      const s = cases[c];
      const wait = occWait[k];
      waits[n] = wait;
      n += s;
      amountWaiting += wait * amounts[c] * s;
      distinct += c !== last ? s : 0;
      last = c;
    }
    if (n === 0) continue;
    events += n;
    edges.push({
      from: names[arcFrom[g]],
      to: names[arcTo[g]],
      fromCode: arcFrom[g],
      toCode: arcTo[g],
      events: n,
      cases: distinct,
      waiting: durationStats(waits, 0, n),
      amountWaiting,
    });
  }
  edges.sort((x, y) => y.events - x.events || compareNames(x.from, y.from) || compareNames(x.to, y.to));

  return {
    cases: nCases,
    events,
    activities: activityStatsOf(log, index, cases),
    edges,
    starts: endpoints(names, startCount),
    ends: endpoints(names, endCount),
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
