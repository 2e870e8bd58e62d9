import { gatherColumn, type AttributeColumn } from './columns.ts';
import type { EventLog } from './event-log.ts';

/**
 * The event rows of a log rebuilt from another: each new event either copies an old event
 * (`source[i] >= 0`) or is new (-1) with its own activity, time and derivation. Used by every
 * transformation that adds, drops or merges events, so attribute columns are carried over in
 * one place.
 */
export interface EventRows {
  readonly caseOffsets: Uint32Array;
  readonly source: Int32Array;
  readonly activity: Uint32Array;
  readonly time: Float64Array;
  readonly endTime: Float64Array | null;
  readonly derived: Uint8Array;
}

export function rebuildLog(
  log: EventLog,
  rows: EventRows,
  changes: {
    activities?: readonly string[];
    derivationRules?: readonly string[];
    eventAttributes?: ReadonlyMap<string, AttributeColumn>;
    dropEventAttributes?: readonly string[];
    /**
     * The caller gives `log` up: each of its attribute columns is released once copied, so the
     * old and the new log never hold all their columns at once (at 5×10^6 events that is a few
     * hundred MB of the load's peak). `log` must not be read afterwards.
     */
    consume?: boolean;
  } = {},
): EventLog {
  const eventAttributes = new Map<string, AttributeColumn>();
  const dropped = new Set(changes.dropEventAttributes ?? []);
  const source = changes.eventAttributes ?? log.eventAttributes;
  for (const [name, column] of source) {
    if (!dropped.has(name)) eventAttributes.set(name, gatherColumn(column, rows.source));
    if (changes.consume && source instanceof Map) source.delete(name);
  }
  return {
    caseIds: log.caseIds,
    activities: changes.activities ?? log.activities,
    caseOffsets: rows.caseOffsets,
    activity: rows.activity,
    time: rows.time,
    endTime: rows.endTime,
    derived: rows.derived,
    derivationRules: changes.derivationRules ?? log.derivationRules,
    eventAttributes,
    caseAttributes: log.caseAttributes,
    lastDataUpdate: log.lastDataUpdate,
  };
}
