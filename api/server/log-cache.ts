import type { EventLog } from '../engine/log/event-log.ts';
import type { LogInfo, Store } from '../adapters/store/index.ts';
import { recordedRevision, withRecordedEvents } from '../adapters/store/recorded-events.ts';

/**
 * Logs loaded from the store, kept in memory by (id, version): mining runs over the columnar
 * log, and loading it once per version is the point of an embedded analytical store.
 */
export class LogCache {
  private readonly loaded = new Map<string, { version: number; log: Promise<EventLog>; recorded: number; merged: Promise<EventLog> }>();

  constructor(private readonly store: Store) {}

  async get(info: LogInfo): Promise<EventLog> {
    const recorded = await recordedRevision(this.store, info.id);
    const hit = this.loaded.get(info.id);
    if (hit && hit.version === info.version && hit.recorded === recorded) return hit.merged;
    // Teams events only re-merge over the stored version already in memory.
    const log = hit && hit.version === info.version ? hit.log : this.store.loadLog(info.id);
    const merged = log.then((stored) => withRecordedEvents(this.store, info.id, stored));
    this.loaded.set(info.id, { version: info.version, log, recorded, merged });
    merged.catch(() => this.loaded.delete(info.id));
    return merged;
  }

  forget(id: string): void {
    this.loaded.delete(id);
  }
}
