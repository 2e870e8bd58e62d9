import { discoverDfg, type Dfg } from '../discovery/dfg.ts';
import type { SelectionInput } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';
import { MS_PER_DAY } from './distribution.ts';
import { compareNames } from './ordering.ts';

export const DEFAULT_ANNUAL_COST_OF_CAPITAL = 0.08;

export interface BottleneckOptions {
  /** Yearly cost of the money tied up while an invoice waits; default 0.08. */
  readonly annualCostOfCapital?: number;
  /** Case attribute holding the amount at stake; default InvoiceAmount. Missing or non-numeric → 0. */
  readonly amountAttribute?: string;
  /** Order: by total waiting time (default) or by money at stake. */
  readonly rankBy?: 'wait' | 'exposure';
}

export interface Bottleneck {
  readonly from: string;
  readonly to: string;
  readonly fromCode: number;
  readonly toCode: number;
  readonly events: number;
  readonly cases: number;
  /** ms, summed over occurrences. */
  readonly totalWait: number;
  readonly meanWait: number;
  readonly medianWait: number;
  /**
   * Money at stake: Σ over occurrences of waiting days × invoice amount × annual cost of
   * capital ÷ 365 (the financing cost of the wait, in the amounts' currency).
   */
  readonly exposure: number;
}

/** The arcs of the map ranked by waiting time or by money at stake. */
export function rankBottlenecks(log: EventLog, input?: SelectionInput, options: BottleneckOptions = {}): Bottleneck[] {
  return bottlenecksOf(discoverDfg(log, input, { amountAttribute: options.amountAttribute }), options);
}

/** The bottlenecks of an already discovered map (its amountWaiting must use the amount wanted). */
export function bottlenecksOf(dfg: Dfg, options: Omit<BottleneckOptions, 'amountAttribute'> = {}): Bottleneck[] {
  const rate = options.annualCostOfCapital ?? DEFAULT_ANNUAL_COST_OF_CAPITAL;
  const result: Bottleneck[] = dfg.edges.map((edge) => ({
    from: edge.from,
    to: edge.to,
    fromCode: edge.fromCode,
    toCode: edge.toCode,
    events: edge.events,
    cases: edge.cases,
    totalWait: edge.waiting.total,
    meanWait: edge.waiting.mean,
    medianWait: edge.waiting.median,
    exposure: ((edge.amountWaiting / MS_PER_DAY) * rate) / 365,
  }));
  const byExposure = options.rankBy === 'exposure';
  result.sort(
    (x, y) =>
      (byExposure ? y.exposure - x.exposure || y.totalWait - x.totalWait : y.totalWait - x.totalWait || y.exposure - x.exposure) ||
      compareNames(x.from, y.from) ||
      compareNames(x.to, y.to),
  );
  return result;
}
