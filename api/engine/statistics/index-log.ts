import { CYCLE_TIME_PAIRS } from '../domain/activities.ts';
import { discoverDfg } from '../discovery/dfg.ts';
import { selectAll, type Selection } from '../filtering/selection.ts';
import { activityCode, type EventLog } from '../log/event-log.ts';
import { caseDurations } from './durations.ts';
import { throughputTime } from './throughput.ts';
import { discoverVariants } from './variants.ts';

export interface IndexLogOptions {
  /** Throughput pairs to prepare; default CYCLE_TIME_PAIRS. */
  readonly throughputPairs?: readonly (readonly [string, string])[];
  /** Case attribute weighing the map's waits (DfgOptions.amountAttribute); default InvoiceAmount. */
  readonly amountAttribute?: string;
}

/**
 * Builds the per-log indexes the map, performance, variant and duration views read, for the
 * view of all events (derived ones shown): the directly-follows occurrences ranked by wait,
 * the variants with their cases ranked by duration, the case spans, the case amounts and the
 * throughput pairs; and the map of all cases, which every view opens with. Loaders call it once a log is loaded, so that the first view after the
 * load costs what any later one does. Idempotent; the indexes live as long as the log (they
 * are weakly keyed by it) and are built on first use anyway when this is not called.
 */
export function indexLog(log: EventLog, options: IndexLogOptions = {}): void {
  const all: Selection = { cases: selectAll(log), hideDerived: false, activities: null };
  discoverDfg(log, all, { amountAttribute: options.amountAttribute });
  // Variants and durations build their indexes on first use; asking once also has the
  // optimiser compile their kernels now rather than during the first view.
  discoverVariants(log, all);
  caseDurations(log, all);
  for (const [from, to] of options.throughputPairs ?? CYCLE_TIME_PAIRS) {
    // Pairs the log never has cost nothing to ask.
    if (activityCode(log, from) >= 0 && activityCode(log, to) >= 0) throughputTime(log, from, to, all);
  }
}
