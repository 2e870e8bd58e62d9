import type { Box, Point } from './layout.ts';

/** The map's pan and zoom: screen = world × scale + (x, y). */
export interface Viewport {
  readonly x: number;
  readonly y: number;
  readonly scale: number;
}

export const MIN_SCALE = 0.1;
export const MAX_SCALE = 3;
export const IDENTITY: Viewport = { x: 0, y: 0, scale: 1 };

export function clampScale(scale: number): number {
  return Math.min(MAX_SCALE, Math.max(MIN_SCALE, scale));
}

/** Zooms by factor keeping the screen point `at` fixed (the pointer, or the centre for buttons). */
export function zoomAt(view: Viewport, factor: number, at: Point): Viewport {
  const scale = clampScale(view.scale * factor);
  const k = scale / view.scale;
  return { scale, x: at.x - (at.x - view.x) * k, y: at.y - (at.y - view.y) * k };
}

export function panBy(view: Viewport, dx: number, dy: number): Viewport {
  return { ...view, x: view.x + dx, y: view.y + dy };
}

/** Below this, 13 px labels become unreadable: a larger map is shown from its start, to be panned. */
export const READABLE_SCALE = 0.7;

/**
 * The whole drawing in the visible area, centred. Never enlarged beyond 1 (a three-node map
 * blown up reads worse than at its natural size), never shrunk below READABLE_SCALE unless
 * asked: a wide map then opens at its left, where the process starts.
 */
export function fitView(
  content: { width: number; height: number },
  area: { width: number; height: number },
  padding = 16,
  minScale = READABLE_SCALE,
  start?: Box,
): Viewport {
  if (content.width <= 0 || content.height <= 0 || area.width <= 0 || area.height <= 0) return IDENTITY;
  const whole = Math.min(1, (area.width - 2 * padding) / content.width, (area.height - 2 * padding) / content.height);
  const scale = clampScale(Math.max(whole, Math.min(minScale, 1)));
  const x = content.width * scale <= area.width ? (area.width - content.width * scale) / 2 : padding;
  let y = (area.height - content.height * scale) / 2;
  if (content.height * scale > area.height) {
    // Too tall: centre the Start node, without showing empty space above or below the drawing.
    const wanted = start ? area.height / 2 - (start.y + start.height / 2) * scale : padding;
    y = Math.min(padding, Math.max(area.height - padding - content.height * scale, wanted));
  }
  return { scale, x, y };
}

/** Pans the least needed to bring a box (a focused node) fully into the visible area. */
export function revealBox(view: Viewport, box: Box, area: { width: number; height: number }, margin = 24): Viewport {
  const left = box.x * view.scale + view.x;
  const top = box.y * view.scale + view.y;
  const right = left + box.width * view.scale;
  const bottom = top + box.height * view.scale;
  let dx = 0;
  let dy = 0;
  if (left < margin) dx = margin - left;
  else if (right > area.width - margin) dx = area.width - margin - right;
  if (top < margin) dy = margin - top;
  else if (bottom > area.height - margin) dy = area.height - margin - bottom;
  return dx === 0 && dy === 0 ? view : panBy(view, dx, dy);
}

export function transformOf(view: Viewport): string {
  return `translate(${view.x.toFixed(1)} ${view.y.toFixed(1)}) scale(${view.scale.toFixed(4)})`;
}
