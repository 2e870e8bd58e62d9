import ELK from 'elkjs/lib/elk.bundled.js';
import { describe, expect, it } from 'vitest';
import { arrowHead, trimEnd } from '../../tabs/src/map/arrow.ts';
import { elkGraph, LAYOUT_OPTIONS, layoutMap, processOrder, routePath, type Box, type MapLayout } from '../../tabs/src/map/layout.ts';
import { END_ID, START_ID } from '../../tabs/src/map/map-data.ts';
import { buildMapModel, type MapModel } from '../../tabs/src/map/view-model.ts';
import { clampScale, fitView, MAX_SCALE, MIN_SCALE, panBy, READABLE_SCALE, revealBox, zoomAt } from '../../tabs/src/map/viewport.ts';
import { BASE_OPTIONS, sampleMap, wideMap } from './map-fixtures.ts';

const elk = new ELK();

function overlaps(a: Box, b: Box, gap = 0): boolean {
  return a.x < b.x + b.width + gap && b.x < a.x + a.width + gap && a.y < b.y + b.height + gap && b.y < a.y + a.height + gap;
}

function onBorder(p: { x: number; y: number }, box: Box, tolerance = 2): boolean {
  const inside = p.x >= box.x - tolerance && p.x <= box.x + box.width + tolerance && p.y >= box.y - tolerance && p.y <= box.y + box.height + tolerance;
  const nearEdge =
    Math.abs(p.x - box.x) <= tolerance || Math.abs(p.x - box.x - box.width) <= tolerance || Math.abs(p.y - box.y) <= tolerance || Math.abs(p.y - box.y - box.height) <= tolerance;
  return inside && nearEdge;
}

/** Checks every readability property we rely on; returns the layout for more. */
async function checkedLayout(model: MapModel): Promise<MapLayout> {
  const layout = await layoutMap(elk, model);
  const boxes = model.nodes.map((n) => [n, layout.nodes.get(n.id)!] as const);
  for (const [node, box] of boxes) {
    expect(box, node.id).toBeDefined();
    expect(box.width).toBe(node.width);
    expect(box.height).toBe(node.height);
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(layout.width);
    expect(box.y + box.height).toBeLessThanOrEqual(layout.height);
  }
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) expect(overlaps(boxes[i][1], boxes[j][1], 4), `${boxes[i][0].id} / ${boxes[j][0].id}`).toBe(false);
  }
  for (const edge of model.edges) {
    const route = layout.edges.get(edge.id)!;
    expect(route, edge.id).toBeDefined();
    expect(route.points.length).toBeGreaterThanOrEqual(2);
    expect(onBorder(route.points[0], layout.nodes.get(edge.source)!), `${edge.id} leaves its source`).toBe(true);
    expect(onBorder(route.points.at(-1)!, layout.nodes.get(edge.target)!), `${edge.id} reaches its target`).toBe(true);
    // Orthogonal routing: every segment is horizontal or vertical.
    for (let k = 1; k < route.points.length; k++) {
      const [a, b] = [route.points[k - 1], route.points[k]];
      expect(Math.abs(a.x - b.x) < 0.5 || Math.abs(a.y - b.y) < 0.5, `${edge.id} segment ${k}`).toBe(true);
    }
    expect(route.label, edge.id).not.toBeNull();
    for (const [node, box] of boxes) expect(overlaps(route.label!, box), `label of ${edge.id} over ${node.id}`).toBe(false);
  }
  return layout;
}

describe('process map layout (elkjs layered, left to right, orthogonal)', () => {
  it('uses ELK layered, direction RIGHT, orthogonal routing', () => {
    const graph = elkGraph(buildMapModel(sampleMap(), BASE_OPTIONS));
    expect(LAYOUT_OPTIONS['elk.algorithm']).toBe('layered');
    expect(graph.layoutOptions?.['elk.direction']).toBe('RIGHT');
    expect(graph.layoutOptions?.['elk.edgeRouting']).toBe('ORTHOGONAL');
    expect(graph.children).toHaveLength(sampleMap().activities.length + 2);
    expect(graph.edges?.every((e) => e.labels?.[0]?.width && e.labels[0].height)).toBe(true);
  });

  it('lays out the sample at the default path slider without overlaps, Start first and End last', async () => {
    const model = buildMapModel(sampleMap(), { ...BASE_OPTIONS, sliders: { activities: 100, paths: 30 } });
    const layout = await checkedLayout(model);
    const start = layout.nodes.get(START_ID)!;
    const end = layout.nodes.get(END_ID)!;
    for (const [id, box] of layout.nodes) {
      if (id !== START_ID) expect(box.x, id).toBeGreaterThan(start.x);
      if (id !== END_ID) expect(box.x, id).toBeLessThan(end.x);
    }
    // Reads left to right: the happy path's steps come in order.
    const x = (name: string) => layout.nodes.get(`a:${name}`)!.x;
    expect(x('Invoice Created')).toBeLessThan(x('Invoice Posted'));
    expect(x('Invoice Posted')).toBeLessThan(x('Invoice Sent to Customer'));
    expect(x('Invoice Sent to Customer')).toBeLessThan(x('Payment Received'));
    expect(x('Payment Received')).toBeLessThan(x('Payment Applied to Invoice'));
  });

  it('follows the process: the arcs most invoices take point forward, loops go back', async () => {
    const model = buildMapModel(sampleMap(), { ...BASE_OPTIONS, sliders: { activities: 100, paths: 30 } });
    const order = processOrder(model).map((n) => n.id);
    expect(order[0]).toBe(START_ID);
    expect(order.at(-1)).toBe(END_ID);
    expect(new Set(order).size).toBe(model.nodes.length);
    const at = (name: string) => order.indexOf(`a:${name}`);
    expect(at('Invoice Created')).toBeLessThan(at('Invoice Posted'));
    expect(at('Invoice Posted')).toBeLessThan(at('Invoice Sent to Customer'));
    expect(at('Invoice Sent to Customer')).toBeLessThan(at('Payment Received'));
    const layout = await layoutMap(elk, model);
    const x = (id: string) => layout.nodes.get(id)!.x;
    const total = model.edges.reduce((s, e) => s + e.events, 0);
    const backwards = model.edges.filter((e) => x(e.target) <= x(e.source)).reduce((s, e) => s + e.events, 0);
    expect(backwards / total).toBeLessThan(0.1);
  });

  it('lays out the full sample map (every arc) readably', async () => {
    const model = buildMapModel(sampleMap(), BASE_OPTIONS);
    const started = performance.now();
    await checkedLayout(model);
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('lays out 26 activities with rework loops and self-loops readably', async () => {
    const model = buildMapModel(wideMap(), { ...BASE_OPTIONS, sliders: { activities: 100, paths: 60 } });
    expect(model.nodes.length).toBe(28);
    const layout = await checkedLayout(model);
    // Loops are drawn as back edges: the main line still reads left to right.
    const xs = wideMap().activities.map((a) => layout.nodes.get(`a:${a.name}`)!.x);
    for (let i = 1; i < xs.length; i++) expect(xs[i], wideMap().activities[i].name).toBeGreaterThan(xs[i - 1]);
  });

  it('is deterministic: the same map gives the same drawing', async () => {
    const model = buildMapModel(sampleMap(), { ...BASE_OPTIONS, sliders: { activities: 100, paths: 20 } });
    const a = await layoutMap(elk, model);
    const b = await layoutMap(elk, model);
    expect([...b.nodes]).toEqual([...a.nodes]);
    expect([...b.edges]).toEqual([...a.edges]);
  });

  it('returns an empty drawing for an empty map', async () => {
    const layout = await layoutMap(elk, buildMapModel({ cases: 0, events: 0, activities: [], edges: [], starts: [], ends: [] }, BASE_OPTIONS));
    expect(layout.nodes.size).toBe(0);
  });
});

describe('edge drawing', () => {
  it('rounds the corners of orthogonal routes', () => {
    expect(routePath([{ x: 0, y: 0 }, { x: 100, y: 0 }])).toBe('M0,0 L100,0');
    const d = routePath([{ x: 0, y: 0 }, { x: 100, y: 0 }, { x: 100, y: 50 }]);
    expect(d).toMatch(/^M0,0 L94,0 Q100,0 100,6 L100,50$/);
  });

  it('points arrowheads along the last segment and trims the stroke under them', () => {
    const head = arrowHead([{ x: 0, y: 0 }, { x: 100, y: 0 }], 2);
    expect(head.startsWith('M100,0')).toBe(true);
    expect(trimEnd([{ x: 0, y: 0 }, { x: 100, y: 0 }], 10).at(-1)).toEqual({ x: 90, y: 0 });
  });
});

describe('zoom and pan', () => {
  it('zooms around the pointer: the point under it stays put', () => {
    const view = { x: 30, y: -20, scale: 0.8 };
    const at = { x: 400, y: 300 };
    const world = { x: (at.x - view.x) / view.scale, y: (at.y - view.y) / view.scale };
    const zoomed = zoomAt(view, 1.5, at);
    expect(zoomed.scale).toBeCloseTo(1.2);
    expect(world.x * zoomed.scale + zoomed.x).toBeCloseTo(at.x);
    expect(world.y * zoomed.scale + zoomed.y).toBeCloseTo(at.y);
  });

  it('clamps the zoom', () => {
    expect(clampScale(100)).toBe(MAX_SCALE);
    expect(clampScale(0)).toBe(MIN_SCALE);
    expect(zoomAt({ x: 0, y: 0, scale: MAX_SCALE }, 2, { x: 0, y: 0 }).scale).toBe(MAX_SCALE);
  });

  it('fits a small map at natural size, centred', () => {
    const view = fitView({ width: 400, height: 200 }, { width: 1000, height: 600 });
    expect(view).toEqual({ scale: 1, x: 300, y: 200 });
  });

  it('opens a wide map at a readable scale from its start, and "fit" shows it whole', () => {
    const readable = fitView({ width: 4000, height: 1000 }, { width: 1200, height: 600 });
    expect(readable.scale).toBe(READABLE_SCALE);
    expect(readable.x).toBe(16);
    const whole = fitView({ width: 4000, height: 1000 }, { width: 1200, height: 600 }, 16, 0);
    expect(4000 * whole.scale).toBeLessThanOrEqual(1200 - 32 + 1e-9);
  });

  it('pans just enough to reveal a focused node', () => {
    const view = { x: 0, y: 0, scale: 1 };
    expect(revealBox(view, { x: 30, y: 30, width: 50, height: 20 }, { width: 500, height: 300 })).toBe(view);
    const moved = revealBox(view, { x: 900, y: 30, width: 100, height: 20 }, { width: 500, height: 300 });
    expect(moved.x).toBe(500 - 24 - 1000);
    expect(panBy(view, 5, -5)).toEqual({ x: 5, y: -5, scale: 1 });
  });
});
