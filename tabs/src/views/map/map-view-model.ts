import type { Filter, FilterSpec, ProcessMap } from '../../api/types.ts';
import { END_ID, START_ID, type MapData } from '../../map/map-data.ts';

/** The API's process map as the map component reads it. */
export function toMapData(map: ProcessMap): MapData {
  return {
    cases: map.cases,
    events: map.events,
    activities: map.nodes.map((n) => ({ name: n.name, events: n.events, cases: n.cases })),
    edges: map.edges,
    starts: map.starts,
    ends: map.ends,
  };
}

export type MapSelection = { readonly kind: 'activity'; readonly activity: string } | { readonly kind: 'arc'; readonly from: string; readonly to: string };

/** Route's `select` (a node id "a:Name" or an arc id "From→To") back to what was picked. */
export function parseSelection(select: string | null): MapSelection | null {
  if (!select) return null;
  if (select.startsWith('a:')) return { kind: 'activity', activity: select.slice(2) };
  const at = select.indexOf('\u2192');
  if (at < 0) return null;
  const from = select.slice(0, at);
  const to = select.slice(at + 1);
  if (!from || !to || from === START_ID || to === END_ID) return null;
  return { kind: 'arc', from, to };
}

/** The filter selecting the cases behind a node (contains the activity) or an arc (directly follows). */
export function selectionFilter(selection: MapSelection): Filter {
  return selection.kind === 'activity'
    ? { kind: 'activity', activities: [selection.activity] }
    : { kind: 'follows', from: selection.from, to: selection.to, directly: true };
}

export function withFilter(spec: FilterSpec, filter: Filter): FilterSpec {
  return { ...spec, filters: [...(spec.filters ?? []), filter] };
}
