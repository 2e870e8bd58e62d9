import { activityNodeId, arcId, END_ID, START_ID, type MapData, type MapMode } from './map-data.ts';
import { mix, PALETTES, textOn, type ThemeKind } from './palette.ts';
import { keepActivities, keepPaths, variantArcs, type SliderSettings } from './sliders.ts';

export interface MapNodeModel {
  readonly id: string;
  /** Activity name as in the log; '' for Start and End. */
  readonly name: string;
  readonly kind: 'activity' | 'start' | 'end';
  readonly lines: readonly string[];
  readonly metric: string;
  readonly derived: boolean;
  readonly events: number;
  readonly cases: number;
  readonly width: number;
  readonly height: number;
  readonly fill: string;
  readonly textColour: string;
  readonly stroke: string;
  readonly dimmed: boolean;
}

export interface MapEdgeModel {
  readonly id: string;
  readonly source: string;
  readonly target: string;
  /** Activity names, or '' for Start / End. */
  readonly from: string;
  readonly to: string;
  readonly kind: 'edge' | 'start' | 'end';
  readonly label: string;
  readonly events: number;
  readonly cases: number;
  readonly meanWait: number | null;
  readonly medianWait: number | null;
  readonly p90Wait: number | null;
  readonly totalWait: number | null;
  readonly amountWaiting: number | null;
  /** Position of the edge's metric between the map's smallest (0) and largest (1). */
  readonly intensity: number;
  readonly strokeWidth: number;
  readonly colour: string;
  readonly dashed: boolean;
  readonly dimmed: boolean;
  readonly highlighted: boolean;
}

export interface MapModel {
  readonly nodes: readonly MapNodeModel[];
  readonly edges: readonly MapEdgeModel[];
  readonly totalActivities: number;
  readonly totalArcs: number;
  readonly shownActivities: number;
  readonly shownArcs: number;
  /** The metric range the legend shows, already formatted. */
  readonly legend: { readonly low: string; readonly high: string; readonly lowColour: string; readonly highColour: string };
  readonly empty: boolean;
}

export interface MapModelOptions {
  readonly mode: MapMode;
  readonly sliders: SliderSettings;
  readonly theme: ThemeKind;
  /** Whether the server already applied the activity slider (then it is not applied again). */
  readonly activitiesApplied?: boolean;
  /** A variant to highlight: its activities in order. */
  readonly highlight?: readonly string[] | null;
  readonly isDerived: (activity: string) => boolean;
  readonly label: (activity: string) => string;
  readonly startLabel: string;
  readonly endLabel: string;
  readonly formatCount: (n: number) => string;
  readonly formatDuration: (ms: number) => string;
}

export const MIN_STROKE = 1.25;
export const MAX_STROKE = 9;
const NODE_MIN_WIDTH = 120;
const NODE_MAX_WIDTH = 230;
const LINE_HEIGHT = 16;
const ENDPOINT_SIZE = 44;

/**
 * Everything the map draws, decided without a browser: which nodes and arcs survive the
 * sliders, their sizes (for the layout), colours, stroke widths and labels.
 */
export function buildMapModel(data: MapData, options: MapModelOptions): MapModel {
  const palette = PALETTES[options.theme];
  const scale = palette.scales[options.mode];
  const highlight = options.highlight && options.highlight.length > 0 ? options.highlight : null;
  const highlightArcs = highlight ? variantArcs(highlight) : new Set<string>();
  const highlightNodes = new Set(highlight ?? []);

  const projected = options.activitiesApplied ? data : keepActivities(data, options.sliders.activities);
  const shown = keepPaths(projected, options.sliders.paths, highlightArcs);

  const maxEvents = Math.max(1, ...shown.activities.map((a) => a.events));
  const minEvents = Math.min(maxEvents, ...shown.activities.map((a) => a.events));
  const nodes: MapNodeModel[] = [];
  if (shown.activities.length > 0) nodes.push(endpoint(START_ID, 'start', options.startLabel, shown.cases, palette.endpoint, palette.background, options));
  for (const activity of shown.activities) {
    const t = options.mode === 'frequency' ? logPosition(activity.events, minEvents, maxEvents) : 0.1;
    const fill = mix(scale.nodeLow, scale.nodeHigh, t);
    const label = options.label(activity.name);
    const lines = wrapLabel(label, 24, 2);
    const width = clamp(Math.max(...lines.map(textWidth), textWidth(options.formatCount(activity.events))) + 28, NODE_MIN_WIDTH, NODE_MAX_WIDTH);
    nodes.push({
      id: activityNodeId(activity.name),
      name: activity.name,
      kind: 'activity',
      lines,
      metric: options.formatCount(activity.events),
      derived: options.isDerived(activity.name),
      events: activity.events,
      cases: activity.cases,
      width,
      height: 20 + lines.length * LINE_HEIGHT + LINE_HEIGHT,
      fill,
      textColour: options.theme === 'contrast' ? palette.text : textOn(fill),
      stroke: palette.nodeStroke,
      dimmed: highlight !== null && !highlightNodes.has(activity.name),
    });
  }
  if (shown.activities.length > 0) nodes.push(endpoint(END_ID, 'end', options.endLabel, shown.cases, palette.endpoint, palette.background, options));

  const arcs = [
    ...shown.starts.map((s) => ({ from: START_ID, to: s.name, kind: 'start' as const, events: s.cases, cases: s.cases, waiting: null, amountWaiting: null })),
    ...shown.edges.map((e) => ({ from: e.from, to: e.to, kind: 'edge' as const, events: e.events, cases: e.cases, waiting: e.waiting, amountWaiting: e.amountWaiting ?? null })),
    ...shown.ends.map((s) => ({ from: s.name, to: END_ID, kind: 'end' as const, events: s.cases, cases: s.cases, waiting: null, amountWaiting: null })),
  ];
  const metricOf = (arc: (typeof arcs)[number]) => (options.mode === 'frequency' ? arc.events : arc.waiting ? arc.waiting.mean : null);
  const values = arcs.map(metricOf).filter((v): v is number => v !== null);
  const lo = values.length > 0 ? Math.min(...values) : 0;
  const hi = values.length > 0 ? Math.max(...values) : 1;
  const edges: MapEdgeModel[] = arcs.map((arc) => {
    const value = metricOf(arc);
    const t = value === null ? 0 : options.mode === 'frequency' ? logPosition(value, lo, hi) : logPosition(value + 3_600_000, lo + 3_600_000, hi + 3_600_000);
    const id = arcId(arc.from, arc.to);
    const isHighlighted = highlightArcs.has(id);
    const derived = (arc.kind !== 'start' && options.isDerived(arc.from)) || (arc.kind !== 'end' && options.isDerived(arc.to));
    return {
      id,
      source: arc.kind === 'start' ? START_ID : activityNodeId(arc.from),
      target: arc.kind === 'end' ? END_ID : activityNodeId(arc.to),
      from: arc.kind === 'start' ? '' : arc.from,
      to: arc.kind === 'end' ? '' : arc.to,
      kind: arc.kind,
      label: value === null ? options.formatCount(arc.events) : options.mode === 'frequency' ? options.formatCount(value) : options.formatDuration(value),
      events: arc.events,
      cases: arc.cases,
      meanWait: arc.waiting?.mean ?? null,
      medianWait: arc.waiting?.median ?? null,
      p90Wait: arc.waiting?.p90 ?? null,
      totalWait: arc.waiting?.total ?? null,
      amountWaiting: arc.amountWaiting,
      intensity: t,
      strokeWidth: MIN_STROKE + t * (MAX_STROKE - MIN_STROKE),
      colour: isHighlighted ? palette.highlight : mix(scale.edgeLow, scale.edgeHigh, t),
      dashed: derived,
      dimmed: highlight !== null && !isHighlighted,
      highlighted: isHighlighted,
    };
  });

  const format = (v: number) => (options.mode === 'frequency' ? options.formatCount(v) : options.formatDuration(v));
  return {
    nodes,
    edges,
    totalActivities: data.activities.length,
    totalArcs: data.edges.length + data.starts.length + data.ends.length,
    shownActivities: shown.activities.length,
    shownArcs: edges.length,
    legend: { low: format(lo), high: format(hi), lowColour: scale.edgeLow, highColour: scale.edgeHigh },
    empty: shown.activities.length === 0,
  };
}

function endpoint(id: string, kind: 'start' | 'end', label: string, cases: number, stroke: string, fill: string, options: MapModelOptions): MapNodeModel {
  return {
    id,
    name: '',
    kind,
    lines: [label],
    metric: options.formatCount(cases),
    derived: false,
    events: cases,
    cases,
    width: ENDPOINT_SIZE,
    height: ENDPOINT_SIZE,
    fill,
    textColour: stroke,
    stroke,
    dimmed: false,
  };
}

/** Position of v between lo and hi on a log scale: counts span several orders of magnitude. */
export function logPosition(v: number, lo: number, hi: number): number {
  if (!(hi > lo) || v <= lo) return hi > lo ? 0 : 1;
  if (v >= hi) return 1;
  const l = Math.log(Math.max(lo, 1e-9));
  return (Math.log(v) - l) / (Math.log(hi) - l);
}

/** Rough rendered width at 13 px: CJK glyphs are about twice as wide as Latin ones. */
export function textWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2e80-\u9fff\uac00-\ud7af\uff00-\uffef]/.test(ch) ? 13 : 7.2;
  return Math.ceil(w);
}

/** Word-wraps at spaces (or anywhere for CJK text), at most maxLines lines, ellipsis beyond. */
export function wrapLabel(text: string, maxChars: number, maxLines: number): string[] {
  const cjk = /[\u2e80-\u9fff]/.test(text);
  const words = cjk ? [...text] : text.split(/\s+/);
  const limit = cjk ? Math.ceil(maxChars / 2) : maxChars;
  const lines: string[] = [];
  let line = '';
  for (const word of words) {
    const candidate = line === '' ? word : cjk ? line + word : `${line} ${word}`;
    if ([...candidate].length > limit && line !== '') {
      lines.push(line);
      line = word;
    } else line = candidate;
  }
  if (line !== '') lines.push(line);
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = `${kept[maxLines - 1]}…`;
  return kept;
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
