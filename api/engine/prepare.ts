import { deriveEvents } from './derive/derived-events.ts';
import type { EventLog } from './log/event-log.ts';
import { mergeLifecycle } from './log/lifecycle.ts';

export interface PrepareOptions {
  /** Every source row is one event: no lifecycle merging, no derived events. */
  readonly raw?: boolean;
  /**
   * The caller drops the raw log after this call (an import does): its columns are released
   * as they are copied, which lowers the load's peak memory. The raw log must not be used after.
   */
  readonly consume?: boolean;
}

export interface PreparedLog {
  readonly log: EventLog;
  /** What preparation did, in words for the person who imported the file. */
  readonly notes: readonly string[];
}

/** From an imported (raw) log to the one every analysis reads. */
export function prepareLog(raw: EventLog, options: PrepareOptions = {}): PreparedLog {
  if (options.raw) return { log: raw, notes: [] };
  const notes: string[] = [];
  const lifecycle = mergeLifecycle(raw);
  if (lifecycle.merged > 0) notes.push(`${lifecycle.merged} start/complete pairs merged into activities with a duration`);
  if (lifecycle.dropped > 0) notes.push(`${lifecycle.dropped} events with other lifecycle transitions left out`);
  // A log the lifecycle merge made is this function's own to give up.
  const derived = deriveEvents(lifecycle.log, options.consume === true || lifecycle.log !== raw);
  for (const [rule, count] of Object.entries(derived.made)) notes.push(`${count} derived: ${rule}`);
  return { log: derived.log, notes };
}
