import type { EventLog } from './event-log.ts';

/** Bounds the bytes a cache holds per log, for entries that grow with the log. */
export interface CacheBudget<T> {
  readonly bytes: number;
  readonly sizeOf: (value: T) => number;
  /** Entries kept whatever their size, so a huge log still reuses its last few. */
  readonly minEntries: number;
}

/**
 * Values derived from a log (indexes, masks), kept while the log lives: weakly keyed by it, a
 * few per log by string key, the least recently used dropped first.
 */
export class PerLogCache<T> {
  private readonly perLog = new WeakMap<EventLog, Map<string, T>>();

  constructor(
    private readonly maxEntries: number,
    private readonly budget?: CacheBudget<T>,
  ) {}

  /** The value kept under `key`, or the one `compute` makes, which is kept. */
  get(log: EventLog, key: string, compute: () => T): T {
    let entries = this.perLog.get(log);
    if (!entries) this.perLog.set(log, (entries = new Map()));
    const kept = entries.get(key);
    if (kept !== undefined) {
      entries.delete(key);
      entries.set(key, kept); // most recently used last
      return kept;
    }
    const value = compute();
    const budget = this.budget;
    const limit = budget
      ? Math.max(budget.minEntries, Math.min(this.maxEntries, Math.floor(budget.bytes / Math.max(1, budget.sizeOf(value)))))
      : this.maxEntries;
    while (entries.size >= limit) entries.delete(entries.keys().next().value!);
    entries.set(key, value);
    return value;
  }
}
