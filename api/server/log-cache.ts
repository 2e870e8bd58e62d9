import type { EventLog } from '../engine/log/event-log.ts';
import type { LogInfo, Store } from '../adapters/store/index.ts';

/**
 * Logs loaded from the store, kept in memory by (id, version): mining runs over the columnar
 * log, and loading it once per version is the point of an embedded analytical store.
 */
export class LogCache {
  private readonly loaded = new Map<string, { version: number; log: Promise<EventLog> }>();

  constructor(private readonly store: Store) {}

  async get(info: LogInfo): Promise<EventLog> {
    const hit = this.loaded.get(info.id);
    if (hit && hit.version === info.version) return hit.log;
    const log = this.store.loadLog(info.id);
    this.loaded.set(info.id, { version: info.version, log });
    log.catch(() => this.loaded.delete(info.id));
    return log;
  }

  forget(id: string): void {
    this.loaded.delete(id);
  }
}
