import { toSelection, type Selection, type SelectionInput } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';
import { activityStats } from '../statistics/activity-stats.ts';
import { discoverDfg, type Dfg } from './dfg.ts';

/** Disco-style sliders, in percent (0–100); 100 keeps everything. */
export interface SimplifyOptions {
  /** Share of the view's activities to keep, most frequent first; at least one stays. Default 100. */
  readonly activities?: number;
  /** Share of the arcs (start and end arcs included) to keep, most significant first. Default 100. */
  readonly paths?: number;
}

/**
 * The simplified process map: the activity slider projects the sequences onto the kept
 * activities and the DFG is discovered on that projection (so neighbours of a dropped activity
 * connect, with their real waiting time); the path slider then keeps the most frequent arcs,
 * adding back the most frequent ones needed so that every kept activity is reachable from a
 * start and reaches an end. At 100 % / 100 % it is the full DFG.
 */
export function simplifyMap(log: EventLog, input?: SelectionInput, options: SimplifyOptions = {}): Dfg {
  const projected = keepFrequentActivities(log, toSelection(log, input), options.activities ?? 100);
  return prunePaths(discoverDfg(log, projected), options.paths ?? 100);
}

/**
 * The selection narrowed to the ceil(percent %) most frequent activities of the view (by events,
 * then cases, then name); events of the others are hidden, not their cases. Returns the selection
 * itself when every activity stays.
 */
export function keepFrequentActivities(log: EventLog, selection: Selection, percent: number): Selection {
  const ranked = activityStats(log, selection);
  const keep = percent >= 100 ? ranked.length : Math.max(1, Math.ceil((Math.max(0, percent) * ranked.length) / 100));
  if (keep >= ranked.length) return selection;
  const shown = new Uint8Array(log.activities.length);
  for (let i = 0; i < keep; i++) shown[ranked[i].code] = 1;
  return { ...selection, activities: shown };
}

/** An arc of the map between nodes: activity codes, or START / END for the virtual endpoints. */
interface Arc {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

const START = -1;
const END = -2;

/**
 * Keeps the ceil(percent %) most significant arcs of a DFG (edges, start arcs and end arcs
 * ranked together; see arcSignificance; ties by count, then the DFG's order), then repairs connectivity: while an activity
 * cannot be reached from START, the most frequent dropped arc from a reached node into an
 * unreached one comes back; then likewise towards END. Every activity of a DFG is connected in
 * the full graph (each event lies on its case's path from start to end), so this ends.
 */
export function prunePaths(dfg: Dfg, percent: number): Dfg {
  const arcs: Arc[] = [
    ...dfg.edges.map((e) => ({ from: e.fromCode, to: e.toCode, count: e.events })),
    ...dfg.starts.map((s) => ({ from: START, to: s.code, count: s.cases })),
    ...dfg.ends.map((s) => ({ from: s.code, to: END, count: s.cases })),
  ];
  const significance = arcSignificance(arcs);
  const order = arcs.map((_, i) => i).sort((x, y) => significance[y] - significance[x] || arcs[y].count - arcs[x].count || x - y);
  const total = arcs.length;
  const quota = percent >= 100 ? total : Math.ceil((Math.max(0, percent) * total) / 100);
  const kept = new Uint8Array(total);
  for (let i = 0; i < quota; i++) kept[order[i]] = 1;
  if (quota < total) {
    connect(dfg, arcs, order, kept, 'forward');
    connect(dfg, arcs, order, kept, 'backward');
  }
  const nEdges = dfg.edges.length;
  const nStarts = dfg.starts.length;
  return {
    ...dfg,
    edges: dfg.edges.filter((_, i) => kept[i] === 1),
    starts: dfg.starts.filter((_, i) => kept[nEdges + i] === 1),
    ends: dfg.ends.filter((_, i) => kept[nEdges + nStarts + i] === 1),
  };
}

/** Adds back arcs until every activity is reachable from START (forward) or reaches END (backward). */
function connect(dfg: Dfg, arcs: readonly Arc[], order: readonly number[], kept: Uint8Array, direction: 'forward' | 'backward'): void {
  const forward = direction === 'forward';
  const origin = forward ? START : END;
  const tail = (arc: Arc) => (forward ? arc.from : arc.to);
  const head = (arc: Arc) => (forward ? arc.to : arc.from);
  const reached = new Set<number>([origin]);
  const spread = (node: number) => {
    const stack = [node];
    reached.add(node);
    while (stack.length > 0) {
      const n = stack.pop()!;
      for (let i = 0; i < arcs.length; i++) {
        if (kept[i] === 1 && tail(arcs[i]) === n && !reached.has(head(arcs[i]))) {
          reached.add(head(arcs[i]));
          stack.push(head(arcs[i]));
        }
      }
    }
  };
  spread(origin);
  const activities = dfg.activities.map((a) => a.code);
  while (activities.some((a) => !reached.has(a))) {
    const next = order.find((i) => kept[i] === 0 && reached.has(tail(arcs[i])) && !reached.has(head(arcs[i])) && head(arcs[i]) !== START && head(arcs[i]) !== END);
    if (next === undefined) return; // unreachable for a DFG; guards against a hand-made one
    kept[next] = 1;
    spread(head(arcs[next]));
  }
}

/**
 * How much an arc matters where it stands: its share of its source's outgoing flow or of its
 * target's incoming flow, whichever is larger (Fuzzy Miner's local binary significance). A rare
 * arc that is the only way out of a rare activity outranks a slightly more frequent arc that is
 * one of many from a busy one, so the path slider thins the busy crossroads first.
 */
function arcSignificance(arcs: readonly Arc[]): Float64Array {
  const out = new Map<number, number>();
  const into = new Map<number, number>();
  for (const a of arcs) {
    out.set(a.from, (out.get(a.from) ?? 0) + a.count);
    into.set(a.to, (into.get(a.to) ?? 0) + a.count);
  }
  return Float64Array.from(arcs, (a) => Math.max(a.count / (out.get(a.from) || 1), a.count / (into.get(a.to) || 1)));
}
