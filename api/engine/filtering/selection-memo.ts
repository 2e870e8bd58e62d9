import type { EventLog } from '../log/event-log.ts';
import { sameBytes } from './bytes.ts';
import type { Selection } from './selection.ts';

interface Entry<T> {
  readonly key: string;
  readonly cases: Uint8Array;
  readonly hideDerived: boolean;
  readonly activities: Uint8Array | null;
  readonly value: T;
}

/**
 * The last few results of one computation per log, by selection. The panels of one view (map,
 * bottlenecks, summary) then share a single pass over the events. Selections compare by
 * content, not identity, since a caller may refill the same bitmap; comparing 500k case bytes
 * costs well under a millisecond against ~100 ms for a map.
 */
export class SelectionMemo<T> {
  private readonly perLog = new WeakMap<EventLog, Entry<T>[]>();

  constructor(private readonly size: number) {}

  get(log: EventLog, selection: Selection, key: string): T | undefined {
    const entries = this.perLog.get(log);
    if (!entries) return undefined;
    const i = entries.findIndex((entry) => entry.key === key && sameSelection(entry, selection));
    if (i < 0) return undefined;
    const [entry] = entries.splice(i, 1);
    entries.push(entry); // most recently used last
    return entry.value;
  }

  set(log: EventLog, selection: Selection, key: string, value: T): void {
    let entries = this.perLog.get(log);
    if (!entries) {
      entries = [];
      this.perLog.set(log, entries);
    }
    if (entries.length >= this.size) entries.shift();
    entries.push({
      key,
      cases: selection.cases.slice(),
      hideDerived: selection.hideDerived,
      activities: selection.activities ? selection.activities.slice() : null,
      value,
    });
  }
}

function sameSelection<T>(entry: Entry<T>, selection: Selection): boolean {
  if (entry.hideDerived !== selection.hideDerived) return false;
  const activities = selection.activities ?? null;
  if ((entry.activities === null) !== (activities === null)) return false;
  if (entry.activities !== null && !sameBytes(entry.activities, activities!)) return false;
  return sameBytes(entry.cases, selection.cases);
}
