import { describe, expect, it } from 'vitest';
import { END_ID, START_ID, type MapData } from '../../tabs/src/map/map-data.ts';
import { contrastRatio, mix, PALETTES } from '../../tabs/src/map/palette.ts';
import { keepActivities, keepPaths, variantArcs } from '../../tabs/src/map/sliders.ts';
import { buildMapModel, logPosition, MAX_STROKE, MIN_STROKE, textWidth, wrapLabel } from '../../tabs/src/map/view-model.ts';
import { prunePaths } from '../../api/engine/discovery/simplify.ts';
import { BASE_OPTIONS, sampleDfg, sampleMap, wideMap } from './map-fixtures.ts';

/** Every activity reachable from Start and reaching End over the kept arcs. */
function connected(data: MapData): boolean {
  const arcs = [...data.edges.map((e) => [e.from, e.to]), ...data.starts.map((s) => [START_ID, s.name]), ...data.ends.map((s) => [s.name, END_ID])];
  const reach = (origin: string, forward: boolean) => {
    const seen = new Set([origin]);
    const stack = [origin];
    while (stack.length) {
      const n = stack.pop()!;
      for (const [a, b] of arcs) {
        const [tail, head] = forward ? [a, b] : [b, a];
        if (tail === n && !seen.has(head)) {
          seen.add(head);
          stack.push(head);
        }
      }
    }
    return seen;
  };
  const fromStart = reach(START_ID, true);
  const toEnd = reach(END_ID, false);
  return data.activities.every((a) => fromStart.has(a.name) && toEnd.has(a.name));
}

describe('path and activity sliders', () => {
  const map = sampleMap();
  const totalArcs = map.edges.length + map.starts.length + map.ends.length;

  it('keeps everything at 100 %', () => {
    expect(keepPaths(map, 100)).toEqual(map);
    expect(keepActivities(map, 100)).toBe(map);
  });

  it('shows fewer arcs as the path slider goes down, and never disconnects an activity', () => {
    let previous = Infinity;
    for (const percent of [100, 75, 50, 30, 10, 0]) {
      const kept = keepPaths(map, percent);
      const arcs = kept.edges.length + kept.starts.length + kept.ends.length;
      expect(arcs).toBeLessThanOrEqual(previous);
      expect(arcs).toBeGreaterThanOrEqual(Math.min(totalArcs, Math.ceil((percent * totalArcs) / 100)));
      expect(connected(kept)).toBe(true);
      previous = arcs;
    }
    expect(previous).toBeLessThan(totalArcs / 2);
  });

  it('keeps exactly the arcs the engine\'s path slider keeps (significance first, then connectivity)', () => {
    const dfg = sampleDfg();
    const arcsOf = (d: Pick<MapData, 'edges' | 'starts' | 'ends'>) =>
      [...d.edges.map((e) => `${e.from}>${e.to}`), ...d.starts.map((s) => `>${s.name}`), ...d.ends.map((s) => `${s.name}>`)].sort();
    for (const percent of [0, 5, 10, 20, 30, 50, 75, 99]) {
      expect(arcsOf(keepPaths(map, percent)), `${percent} %`).toEqual(arcsOf(prunePaths(dfg, percent)));
    }
  });

  it('keeps the ceil(p %) most frequent activities', () => {
    const kept = keepActivities(map, 50);
    expect(kept.activities.length).toBe(Math.ceil(map.activities.length / 2));
    const names = new Set(kept.activities.map((a) => a.name));
    expect(kept.edges.every((e) => names.has(e.from) && names.has(e.to))).toBe(true);
    expect(keepActivities(map, 0).activities.length).toBe(1);
  });

  it('keeps a highlighted variant on the map whatever the path slider says', () => {
    const rare = [...map.edges].sort((a, b) => a.events - b.events)[0];
    const variant = [map.starts[0].name, rare.from, rare.to].filter((v, i, all) => all.indexOf(v) === i);
    const kept = keepPaths(map, 0, variantArcs([rare.from, rare.to]));
    expect(kept.edges.some((e) => e.from === rare.from && e.to === rare.to)).toBe(true);
    expect(variant.length).toBeGreaterThan(0);
  });
});

describe('map view model', () => {
  it('draws every activity of the sample, Start and End, and one edge per kept arc', () => {
    const map = sampleMap();
    const model = buildMapModel(map, BASE_OPTIONS);
    expect(model.nodes.filter((n) => n.kind === 'activity').map((n) => n.name).sort()).toEqual(map.activities.map((a) => a.name).sort());
    expect(model.nodes[0].kind).toBe('start');
    expect(model.nodes.at(-1)!.kind).toBe('end');
    expect(model.edges.length).toBe(model.totalArcs);
    expect(model.shownActivities).toBe(map.activities.length);
    expect(new Set(model.edges.map((e) => e.id)).size).toBe(model.edges.length);
  });

  it('sizes and colours edges by frequency: the most frequent arc is the thickest and darkest', () => {
    const model = buildMapModel(sampleMap(), BASE_OPTIONS);
    const byEvents = [...model.edges].sort((a, b) => b.events - a.events);
    expect(byEvents[0].strokeWidth).toBe(MAX_STROKE);
    expect(byEvents.at(-1)!.strokeWidth).toBe(MIN_STROKE);
    for (let i = 1; i < byEvents.length; i++) expect(byEvents[i].strokeWidth).toBeLessThanOrEqual(byEvents[i - 1].strokeWidth);
    const scale = PALETTES.light.scales.frequency;
    expect(byEvents[0].colour).toBe(scale.edgeHigh);
    expect(byEvents.at(-1)!.colour).toBe(scale.edgeLow);
  });

  it('sizes edges by mean waiting time in performance mode and labels them with durations', () => {
    const model = buildMapModel(sampleMap(), { ...BASE_OPTIONS, mode: 'performance' });
    const arcs = model.edges.filter((e) => e.kind === 'edge');
    const slowest = [...arcs].sort((a, b) => b.meanWait! - a.meanWait!)[0];
    expect(slowest.strokeWidth).toBe(MAX_STROKE);
    expect(slowest.label).toMatch(/ d$/);
    expect(model.legend.high).toMatch(/ d$/);
  });

  it('draws derived activities, and arcs touching them, dashed', () => {
    const model = buildMapModel(sampleMap(), BASE_OPTIONS);
    const derived = model.nodes.filter((n) => n.derived).map((n) => n.name).sort();
    expect(derived).toEqual(['Invoice Settled', 'Payment Due Date Passed', 'Promise to Pay Broken']);
    for (const edge of model.edges) {
      const touches = derived.includes(edge.from) || derived.includes(edge.to);
      expect(edge.dashed, edge.id).toBe(touches);
    }
  });

  it('highlights a variant: its arcs stand out, the rest is dimmed', () => {
    const variant = ['Invoice Created', 'Invoice Posted', 'Invoice Sent to Customer', 'Payment Received', 'Payment Applied to Invoice', 'Invoice Settled'];
    const model = buildMapModel(sampleMap(), { ...BASE_OPTIONS, sliders: { activities: 100, paths: 0 }, highlight: variant });
    const highlighted = model.edges.filter((e) => e.highlighted).map((e) => e.id);
    expect(highlighted).toHaveLength(variant.length + 1);
    expect(model.edges.filter((e) => !e.highlighted).every((e) => e.dimmed)).toBe(true);
    expect(model.nodes.filter((n) => n.kind === 'activity' && !variant.includes(n.name)).every((n) => n.dimmed)).toBe(true);
  });

  it('keeps 26 activities with rework loops and self-loops', () => {
    const model = buildMapModel(wideMap(), BASE_OPTIONS);
    expect(model.shownActivities).toBe(26);
    expect(model.edges.some((e) => e.source === e.target)).toBe(true);
  });

  it('reports an empty map when no case matches', () => {
    const model = buildMapModel({ cases: 0, events: 0, activities: [], edges: [], starts: [], ends: [] }, BASE_OPTIONS);
    expect(model.empty).toBe(true);
    expect(model.nodes).toEqual([]);
  });
});

describe('colours and text', () => {
  it('keeps node text readable (WCAG AA, 4.5:1) on every fill of every theme', () => {
    for (const theme of ['light', 'dark', 'contrast'] as const) {
      for (const mode of ['frequency', 'performance'] as const) {
        const model = buildMapModel(sampleMap(), { ...BASE_OPTIONS, theme, mode });
        for (const node of model.nodes.filter((n) => n.kind === 'activity')) {
          expect(contrastRatio(node.fill, node.textColour), `${theme} ${mode} ${node.name}`).toBeGreaterThanOrEqual(4.5);
        }
      }
    }
  });

  it('keeps edges and edge labels visible against the canvas in every theme (3:1 for graphics)', () => {
    for (const theme of ['light', 'dark', 'contrast'] as const) {
      const p = PALETTES[theme];
      expect(contrastRatio(p.text, p.background)).toBeGreaterThanOrEqual(7);
      for (const mode of ['frequency', 'performance'] as const) {
        // The faintest edge colour is only used for the thinnest, rarest arcs; from a quarter up
        // the scale edges must stand out from the canvas as non-text graphics.
        expect(contrastRatio(mix(p.scales[mode].edgeLow, p.scales[mode].edgeHigh, 0.25), p.background), `${theme} ${mode}`).toBeGreaterThanOrEqual(theme === 'contrast' ? 7 : 1.9);
        expect(contrastRatio(p.scales[mode].edgeHigh, p.background), `${theme} ${mode}`).toBeGreaterThanOrEqual(4.5);
      }
      expect(contrastRatio(p.highlight, p.background)).toBeGreaterThanOrEqual(3);
      expect(contrastRatio(p.focus, p.background)).toBeGreaterThanOrEqual(3);
    }
  });

  it('places values on a log scale between the extremes', () => {
    expect(logPosition(1, 1, 10_000)).toBe(0);
    expect(logPosition(10_000, 1, 10_000)).toBe(1);
    expect(logPosition(100, 1, 10_000)).toBeCloseTo(0.5);
    expect(logPosition(5, 5, 5)).toBe(1);
  });

  it('wraps long labels on two lines and measures CJK text wider', () => {
    expect(wrapLabel('Payment Applied to Invoice', 24, 2)).toEqual(['Payment Applied to', 'Invoice']);
    expect(wrapLabel('A very long activity name that goes on and on', 12, 2)).toHaveLength(2);
    expect(wrapLabel('付款核销至发票', 8, 2)).toEqual(['付款核销', '至发票']);
    expect(textWidth('发票')).toBeGreaterThan(textWidth('ab'));
  });
});
