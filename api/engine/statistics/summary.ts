import { discoverDfg } from '../discovery/dfg.ts';
import type { SelectionInput } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';
import { bottlenecksOf, type BottleneckOptions } from './bottlenecks.ts';
import { caseDurations } from './durations.ts';
import { discoverVariants } from './variants.ts';

/**
 * What the CLI prints and the API returns for a log: counts, the map's arcs, the top
 * variants, case durations and bottlenecks. Durations in seconds, exposure in the invoice
 * amounts' currency. Medians: the mean of the two middle values for an even count.
 */
export interface LogSummary {
  /** Selected cases with at least one shown event. */
  readonly cases: number;
  /** Shown events of those cases (derived ones left out when hidden). */
  readonly events: number;
  /** Distinct activities among those events. */
  readonly activities: number;
  readonly variants: number;
  /** Activity name → cases starting with it, most first. */
  readonly startActivities: Readonly<Record<string, number>>;
  /** Activity name → cases ending with it, most first. */
  readonly endActivities: Readonly<Record<string, number>>;
  /** Every directly-follows pair, by count desc then from and to name. */
  readonly dfg: readonly SummaryEdge[];
  /** The most frequent variants (at most options.topVariants, default 20). */
  readonly topVariants: readonly { readonly activities: readonly string[]; readonly count: number }[];
  readonly caseDurationSeconds: { readonly mean: number; readonly median: number };
  /** Every arc, by total waiting time desc. */
  readonly bottlenecks: readonly SummaryBottleneck[];
}

export interface SummaryEdge {
  readonly from: string;
  readonly to: string;
  readonly count: number;
  readonly meanSeconds: number;
  readonly medianSeconds: number;
}

export interface SummaryBottleneck {
  readonly from: string;
  readonly to: string;
  readonly cases: number;
  readonly totalWaitSeconds: number;
  readonly meanWaitSeconds: number;
  readonly exposure: number;
}

export interface SummaryOptions extends Omit<BottleneckOptions, 'rankBy'> {
  /** How many variants topVariants lists; default 20. */
  readonly topVariants?: number;
}

export function summarizeLog(log: EventLog, selection?: SelectionInput, options: SummaryOptions = {}): LogSummary {
  const dfg = discoverDfg(log, selection, { amountAttribute: options.amountAttribute });
  const variants = discoverVariants(log, selection);
  const durations = caseDurations(log, selection);
  const seconds = (ms: number) => ms / 1000;
  return {
    cases: dfg.cases,
    events: dfg.events,
    activities: dfg.activities.length,
    variants: variants.variants.length,
    startActivities: Object.fromEntries(dfg.starts.map((s) => [s.name, s.cases])),
    endActivities: Object.fromEntries(dfg.ends.map((s) => [s.name, s.cases])),
    dfg: dfg.edges.map((e) => ({
      from: e.from,
      to: e.to,
      count: e.events,
      meanSeconds: seconds(e.waiting.mean),
      medianSeconds: seconds(e.waiting.median),
    })),
    topVariants: variants.variants.slice(0, options.topVariants ?? 20).map((v) => ({ activities: v.activities, count: v.cases })),
    caseDurationSeconds: { mean: seconds(durations.stats.mean), median: seconds(durations.stats.median) },
    bottlenecks: bottlenecksOf(dfg, { annualCostOfCapital: options.annualCostOfCapital, rankBy: 'wait' }).map((b) => ({
      from: b.from,
      to: b.to,
      cases: b.cases,
      totalWaitSeconds: seconds(b.totalWait),
      meanWaitSeconds: seconds(b.meanWait),
      exposure: b.exposure,
    })),
  };
}
