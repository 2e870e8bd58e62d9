import type { MapLayout } from './layout.ts';
import type { MapModel } from './view-model.ts';

/**
 * The order the keyboard walks the map in (one tab stop, arrow keys inside: the composite
 * widget pattern, so a map with a hundred arcs is one Tab away from the rest of the page):
 * activities in reading order (left to right, then top to bottom), then the arcs between
 * activities in the order of their source.
 */
export function focusOrder(model: MapModel, layout: MapLayout | null): string[] {
  if (!layout) return [];
  const at = (id: string) => layout.nodes.get(id) ?? { x: Number.POSITIVE_INFINITY, y: Number.POSITIVE_INFINITY };
  const byPosition = (a: { x: number; y: number }, b: { x: number; y: number }) => a.x - b.x || a.y - b.y;
  const nodes = model.nodes.filter((n) => n.kind === 'activity' && layout.nodes.has(n.id)).sort((a, b) => byPosition(at(a.id), at(b.id)));
  const edges = model.edges
    .filter((e) => e.kind === 'edge' && layout.edges.has(e.id))
    .sort((a, b) => byPosition(at(a.source), at(b.source)) || byPosition(at(a.target), at(b.target)));
  return [...nodes.map((n) => n.id), ...edges.map((e) => e.id)];
}

/** Where an arrow, Home or End key moves the focus from `current`; null for other keys. */
export function nextFocus(order: readonly string[], current: string, key: string): string | null {
  if (order.length === 0) return null;
  const i = Math.max(0, order.indexOf(current));
  switch (key) {
    case 'ArrowRight':
    case 'ArrowDown':
      return order[Math.min(order.length - 1, i + 1)];
    case 'ArrowLeft':
    case 'ArrowUp':
      return order[Math.max(0, i - 1)];
    case 'Home':
      return order[0];
    case 'End':
      return order[order.length - 1];
    default:
      return null;
  }
}
