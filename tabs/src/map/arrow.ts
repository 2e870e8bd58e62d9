import type { Point } from './layout.ts';

/**
 * An arrowhead as its own small triangle at the end of a route, pointing along the last
 * segment: drawn in the edge's colour without one SVG marker per colour, and sized with the
 * stroke so thick edges keep visible heads.
 */
export function arrowHead(points: readonly Point[], strokeWidth: number): string {
  if (points.length < 2) return '';
  const tip = points[points.length - 1];
  let from = points[points.length - 2];
  for (let i = points.length - 2; i >= 0 && from.x === tip.x && from.y === tip.y; i--) from = points[i];
  const len = Math.hypot(tip.x - from.x, tip.y - from.y) || 1;
  const ux = (tip.x - from.x) / len;
  const uy = (tip.y - from.y) / len;
  const size = 6 + strokeWidth * 1.2;
  const half = 3.5 + strokeWidth * 0.7;
  const bx = tip.x - ux * size;
  const by = tip.y - uy * size;
  const f = (v: number) => (Math.round(v * 10) / 10).toString();
  return `M${f(tip.x)},${f(tip.y)} L${f(bx - uy * half)},${f(by + ux * half)} L${f(bx + uy * half)},${f(by - ux * half)} Z`;
}

/** The route shortened by the arrowhead's length, so a thick stroke does not poke through the tip. */
export function trimEnd(points: readonly Point[], by: number): Point[] {
  if (points.length < 2) return [...points];
  const out = [...points];
  const tip = out[out.length - 1];
  const prev = out[out.length - 2];
  const len = Math.hypot(tip.x - prev.x, tip.y - prev.y);
  if (len <= by) return out;
  out[out.length - 1] = { x: tip.x - ((tip.x - prev.x) / len) * by, y: tip.y - ((tip.y - prev.y) / len) * by };
  return out;
}
