import {
  applyFilters,
  caseDurations,
  CYCLE_TIME_PAIRS,
  discoverDfg,
  discoverVariants,
  rankBottlenecks,
  selectAll,
  throughputTime,
  type EventLog,
  type Selection,
} from '../api/engine/index.ts';
import { median, timed } from './measure.ts';


/** Milliseconds per part of one "map + performance + variants + case durations" view. */
export interface ViewTimes {
  readonly dfg: number;
  readonly bottlenecks: number;
  readonly throughput: number;
  readonly variants: number;
  readonly durations: number;
  readonly total: number;
}

export interface ViewCounts {
  readonly edges: number;
  readonly variants: number;
  readonly cases: number;
  readonly meanDurationMs: number;
}

/**
 * What the process-map screen computes for one selection: the map, its bottlenecks, the three
 * domain throughput times, the variant list and the case durations. Each part timed alone,
 * with no collection in between (the view's parts run back to back in a request too).
 */
export function computeView(log: EventLog, selection: Selection | undefined): { times: ViewTimes; counts: ViewCounts } {
  const clock = () => performance.now();
  let t = clock();
  const dfg = discoverDfg(log, selection);
  const dfgMs = clock() - t;
  t = clock();
  rankBottlenecks(log, selection);
  const bottlenecksMs = clock() - t;
  t = clock();
  for (const [from, to] of CYCLE_TIME_PAIRS) throughputTime(log, from, to, selection);
  const throughputMs = clock() - t;
  t = clock();
  const variants = discoverVariants(log, selection);
  const variantsMs = clock() - t;
  t = clock();
  const durations = caseDurations(log, selection);
  const durationsMs = clock() - t;
  return {
    times: {
      dfg: dfgMs,
      bottlenecks: bottlenecksMs,
      throughput: throughputMs,
      variants: variantsMs,
      durations: durationsMs,
      total: dfgMs + bottlenecksMs + throughputMs + variantsMs + durationsMs,
    },
    counts: { edges: dfg.edges.length, variants: variants.variants.length, cases: variants.cases, meanDurationMs: durations.stats.mean },
  };
}

/**
 * Every case but one. The map is remembered per selection content, so asking again for the
 * same view returns the remembered map in microseconds; leaving out a different case each
 * time makes every repeat a real recompute over warm indexes, at practically the full size.
 */
export function allButOne(log: EventLog, repeat: number): Selection {
  const cases = selectAll(log);
  cases[(repeat * 7919) % cases.length] = 0;
  return { cases, hideDerived: false, activities: null };
}

export interface ViewMeasure {
  readonly cold: ViewTimes;
  /** Medians per part over the repeats (so the parts need not add up to total exactly). */
  readonly warm: ViewTimes;
  readonly counts: ViewCounts;
}

/** The first view after load (builds the per-log indexes), then `repeat` recomputes. */
export function measureView(log: EventLog, repeat: number): ViewMeasure {
  const first = timed(() => computeView(log, undefined)).value;
  const runs: ViewTimes[] = [];
  for (let r = 0; r < repeat; r++) runs.push(timed(() => computeView(log, allButOne(log, r + 1))).value.times);
  return { cold: first.times, warm: medianTimes(runs), counts: first.counts };
}

function medianTimes(runs: readonly ViewTimes[]): ViewTimes {
  const of = (key: keyof ViewTimes) => median(runs.map((r) => r[key]));
  return {
    dfg: of('dfg'),
    bottlenecks: of('bottlenecks'),
    throughput: of('throughput'),
    variants: of('variants'),
    durations: of('durations'),
    total: of('total'),
  };
}

export interface FilterMeasure {
  /** Median ms of the whole change: filter + DFG + variants + durations. */
  readonly total: number;
  readonly filter: number;
  readonly recompute: number;
  /** Cases the last filter kept, to show the filter is not trivial. */
  readonly selectedCases: number;
}

/**
 * A user dragging the amount slider: a new lower bound each time (so no filter mask is
 * cached), then the map, variants and durations of the new selection.
 */
export function measureFilterChange(log: EventLog, repeat: number): FilterMeasure {
  const totals: number[] = [];
  const filters: number[] = [];
  const recomputes: number[] = [];
  let selectedCases = 0;
  for (let r = 0; r < repeat; r++) {
    const { value } = timed(() => {
      const t0 = performance.now();
      const selection = applyFilters(log, { filters: [{ kind: 'range', attribute: 'InvoiceAmount', min: 1000 + 137 * r }] });
      const t1 = performance.now();
      discoverDfg(log, selection);
      const variants = discoverVariants(log, selection);
      caseDurations(log, selection);
      const t2 = performance.now();
      selectedCases = variants.cases;
      return { filter: t1 - t0, recompute: t2 - t1 };
    });
    filters.push(value.filter);
    recomputes.push(value.recompute);
    totals.push(value.filter + value.recompute);
  }
  return { total: median(totals), filter: median(filters), recompute: median(recomputes), selectedCases };
}

/** First call and the median of `repeat` further calls. */
export function measureCall(work: () => unknown, repeat: number): { first: number; warm: number } {
  const first = timed(work).ms;
  const runs: number[] = [];
  for (let r = 0; r < repeat; r++) runs.push(timed(work).ms);
  return { first, warm: median(runs) };
}
