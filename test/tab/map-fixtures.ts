import { logFromRecords } from '../../api/adapters/import/records.ts';
import { discoverDfg, type Dfg } from '../../api/engine/discovery/dfg.ts';
import { prepareLog } from '../../api/engine/prepare.ts';
import { generateSample } from '../../api/sample/generator.ts';
import { isDerivedActivity } from '../../tabs/src/map/activity-kind.ts';
import type { MapArc, MapData } from '../../tabs/src/map/map-data.ts';
import type { MapModelOptions } from '../../tabs/src/map/view-model.ts';

let sample: MapData | null = null;
let dfg: Dfg | null = null;

/** The engine's directly-follows graph of the bundled sample (with derived events). */
export function sampleDfg(): Dfg {
  if (!dfg) dfg = discoverDfg(prepareLog(logFromRecords(generateSample({ events: 20_000 }))).log);
  return dfg;
}

/** The process map of the bundled sample, as the API would send it (JSON). */
export function sampleMap(): MapData {
  sample ??= JSON.parse(JSON.stringify(sampleDfg())) as MapData;
  return sample;
}

const DAY = 86_400_000;

function arc(from: string, to: string, events: number, meanDays: number): MapArc {
  const mean = meanDays * DAY;
  return { from, to, events, cases: events, waiting: { count: events, total: mean * events, mean, median: mean * 0.8, p90: mean * 2 } };
}

/**
 * A larger map than the sample: 26 activities in a main line with rework loops (each step can
 * go back two steps) and self-loops, so layout readability is tested beyond 20 activities.
 */
export function wideMap(): MapData {
  const names = Array.from({ length: 26 }, (_, i) => `Step ${String.fromCharCode(65 + i)}`);
  const edges: MapArc[] = [];
  names.forEach((name, i) => {
    if (i + 1 < names.length) edges.push(arc(name, names[i + 1], 1000 - i * 30, 1 + i));
    if (i + 2 < names.length) edges.push(arc(name, names[i + 2], 120 + i, 3));
    if (i >= 2) edges.push(arc(name, names[i - 2], 40 + i, 5));
    if (i % 5 === 0) edges.push(arc(name, name, 25, 0.5));
  });
  return {
    cases: 1000,
    events: 30_000,
    activities: names.map((name, i) => ({ name, events: 1200 - i * 30, cases: 1000 - i * 30 })),
    edges,
    starts: [{ name: names[0], cases: 1000 }],
    ends: [
      { name: names[25], cases: 900 },
      { name: names[12], cases: 100 },
    ],
  };
}

export const BASE_OPTIONS: MapModelOptions = {
  mode: 'frequency',
  sliders: { activities: 100, paths: 100 },
  theme: 'light',
  isDerived: isDerivedActivity,
  label: (a) => a,
  startLabel: 'Start',
  endLabel: 'End',
  formatCount: (n) => n.toLocaleString('en'),
  formatDuration: (ms) => `${(ms / DAY).toFixed(1)} d`,
};
