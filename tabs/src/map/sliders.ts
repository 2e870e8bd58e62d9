import { END_ID, START_ID, type MapData } from './map-data.ts';

/** Disco-style sliders in percent; 100 keeps everything. */
export interface SliderSettings {
  readonly activities: number;
  readonly paths: number;
}

export const FULL_SLIDERS: SliderSettings = { activities: 100, paths: 100 };

interface Arc {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  readonly index: number;
  readonly kind: 'edge' | 'start' | 'end';
}

/**
 * Keeps the ceil(p %) most frequent activities. The server projects the log instead (so the
 * neighbours of a hidden activity connect, as api/engine/discovery/simplify.ts does); this is
 * the instant approximation shown while that answer is on its way, and the fallback when the
 * API cannot project.
 */
export function keepActivities(data: MapData, percent: number): MapData {
  const ranked = [...data.activities].sort((x, y) => y.events - x.events || y.cases - x.cases || x.name.localeCompare(y.name));
  const keep = percent >= 100 ? ranked.length : Math.max(1, Math.ceil((Math.max(0, percent) * ranked.length) / 100));
  if (keep >= ranked.length) return data;
  const kept = new Set(ranked.slice(0, keep).map((a) => a.name));
  return {
    ...data,
    activities: data.activities.filter((a) => kept.has(a.name)),
    edges: data.edges.filter((e) => kept.has(e.from) && kept.has(e.to)),
    starts: data.starts.filter((s) => kept.has(s.name)),
    ends: data.ends.filter((s) => kept.has(s.name)),
  };
}

/**
 * The path slider, exactly as the engine's prunePaths (api/engine/discovery/simplify.ts, checked
 * arc for arc by test/tab/map-view-model.test.ts): keep the ceil(p %) most significant arcs (start
 * and end arcs ranked with the others), then add back, in the same order, the dropped arcs needed
 * for every activity to be reachable from Start and to reach End. Done here rather than by the
 * API so the slider answers instantly. `mustKeep` holds arc ids (from→to, with START_ID / END_ID)
 * that stay whatever the slider says: the highlighted variant's path.
 */
export function keepPaths(data: MapData, percent: number, mustKeep: ReadonlySet<string> = new Set()): MapData {
  const arcs: Arc[] = [
    ...data.edges.map((e, index) => ({ from: e.from, to: e.to, count: e.events, index, kind: 'edge' as const })),
    ...data.starts.map((s, index) => ({ from: START_ID, to: s.name, count: s.cases, index, kind: 'start' as const })),
    ...data.ends.map((s, index) => ({ from: s.name, to: END_ID, count: s.cases, index, kind: 'end' as const })),
  ];
  const significance = arcSignificance(arcs);
  const order = arcs.map((_, i) => i).sort((x, y) => significance[y] - significance[x] || arcs[y].count - arcs[x].count || x - y);
  const quota = percent >= 100 ? arcs.length : Math.ceil((Math.max(0, percent) * arcs.length) / 100);
  const kept = new Uint8Array(arcs.length);
  for (let i = 0; i < quota; i++) kept[order[i]] = 1;
  arcs.forEach((arc, i) => {
    if (mustKeep.has(`${arc.from}\u2192${arc.to}`)) kept[i] = 1;
  });
  if (quota < arcs.length) {
    const names = data.activities.map((a) => a.name);
    connect(names, arcs, order, kept, true);
    connect(names, arcs, order, kept, false);
  }
  const keptOf = (kind: Arc['kind']) => new Set(arcs.filter((a, i) => a.kind === kind && kept[i] === 1).map((a) => a.index));
  const edges = keptOf('edge');
  const starts = keptOf('start');
  const ends = keptOf('end');
  return {
    ...data,
    edges: data.edges.filter((_, i) => edges.has(i)),
    starts: data.starts.filter((_, i) => starts.has(i)),
    ends: data.ends.filter((_, i) => ends.has(i)),
  };
}

/**
 * Fuzzy Miner's local binary significance, as the engine ranks arcs: an arc's share of its
 * source's outgoing flow or of its target's incoming flow, whichever is larger.
 */
function arcSignificance(arcs: readonly Arc[]): Float64Array {
  const out = new Map<string, number>();
  const into = new Map<string, number>();
  for (const a of arcs) {
    out.set(a.from, (out.get(a.from) ?? 0) + a.count);
    into.set(a.to, (into.get(a.to) ?? 0) + a.count);
  }
  return Float64Array.from(arcs, (a) => Math.max(a.count / (out.get(a.from) || 1), a.count / (into.get(a.to) || 1)));
}

function connect(names: readonly string[], arcs: readonly Arc[], order: readonly number[], kept: Uint8Array, forward: boolean): void {
  const origin = forward ? START_ID : END_ID;
  const tail = (a: Arc) => (forward ? a.from : a.to);
  const head = (a: Arc) => (forward ? a.to : a.from);
  const reached = new Set<string>();
  const spread = (node: string) => {
    const stack = [node];
    reached.add(node);
    while (stack.length > 0) {
      const n = stack.pop()!;
      arcs.forEach((arc, i) => {
        if (kept[i] === 1 && tail(arc) === n && !reached.has(head(arc))) {
          reached.add(head(arc));
          stack.push(head(arc));
        }
      });
    }
  };
  spread(origin);
  while (names.some((n) => !reached.has(n))) {
    const next = order.find((i) => kept[i] === 0 && reached.has(tail(arcs[i])) && !reached.has(head(arcs[i])) && head(arcs[i]) !== START_ID && head(arcs[i]) !== END_ID);
    if (next === undefined) return; // a map cut by the client-side activity slider may not connect
    kept[next] = 1;
    spread(head(arcs[next]));
  }
}

/** The arcs a variant walks, Start and End included, as ids for keepPaths' mustKeep. */
export function variantArcs(activities: readonly string[]): Set<string> {
  const ids = new Set<string>();
  if (activities.length === 0) return ids;
  ids.add(`${START_ID}\u2192${activities[0]}`);
  for (let i = 1; i < activities.length; i++) ids.add(`${activities[i - 1]}\u2192${activities[i]}`);
  ids.add(`${activities[activities.length - 1]}\u2192${END_ID}`);
  return ids;
}
