import type { AttributeColumn } from './columns.ts';

/**
 * The columnar event log every algorithm reads.
 *
 * Events are grouped by case (CSR layout): the events of case c are the indices
 * [caseOffsets[c], caseOffsets[c + 1]), ordered by time, with equal times in input order.
 * Case ids, activities and string attributes are dictionary-encoded; times are epoch
 * milliseconds in Float64Arrays. A log is immutable: filters select over it, derivations make
 * a new one.
 */
export interface EventLog {
  /** Case index → case id (the invoice number). */
  readonly caseIds: readonly string[];
  /** Activity code → activity name. */
  readonly activities: readonly string[];
  /** Length cases + 1. */
  readonly caseOffsets: Uint32Array;
  /** Per event: activity code. */
  readonly activity: Uint32Array;
  /** Per event: when it happened (the start, for an activity with a duration). */
  readonly time: Float64Array;
  /** Per event: when it completed, for merged start/complete pairs; NaN for instant events. Null when no event has a duration. */
  readonly endTime: Float64Array | null;
  /** Per event: 0 when recorded in the source, otherwise 1 + index into derivationRules. */
  readonly derived: Uint8Array;
  /** The rules that made derived events, e.g. "DueDate + 1 day, not settled by then". */
  readonly derivationRules: readonly string[];
  /** Per-event attributes, one slot per event. */
  readonly eventAttributes: ReadonlyMap<string, AttributeColumn>;
  /** Per-case attributes, one slot per case. */
  readonly caseAttributes: ReadonlyMap<string, AttributeColumn>;
  /** The "as of" instant for open-invoice figures (epoch ms); the last event time when the source gives none. */
  readonly lastDataUpdate: number;
}

export function caseCount(log: EventLog): number {
  return log.caseIds.length;
}

export function eventCount(log: EventLog): number {
  return log.activity.length;
}

const eventCaseCache = new WeakMap<EventLog, Uint32Array>();

/** Per event: its case index. Computed once per log. */
export function eventCaseIndex(log: EventLog): Uint32Array {
  let cached = eventCaseCache.get(log);
  if (!cached) {
    cached = new Uint32Array(log.activity.length);
    const off = log.caseOffsets;
    for (let c = 0; c < log.caseIds.length; c++) cached.fill(c, off[c], off[c + 1]);
    eventCaseCache.set(log, cached);
  }
  return cached;
}

const caseIndexCache = new WeakMap<EventLog, Map<string, number>>();

/** Case index of an id, or -1. */
export function caseIndexOf(log: EventLog, caseId: string): number {
  let index = caseIndexCache.get(log);
  if (!index) {
    index = new Map();
    log.caseIds.forEach((id, i) => index!.set(id, i));
    caseIndexCache.set(log, index);
  }
  return index.get(caseId) ?? -1;
}

/** Code of an activity name, or -1 when the log never has it. */
export function activityCode(log: EventLog, name: string): number {
  return log.activities.indexOf(name);
}

/** Completion time of event e (its time when it is instant). */
export function completionTime(log: EventLog, e: number): number {
  const end = log.endTime?.[e];
  return end === undefined || Number.isNaN(end) ? log.time[e] : end;
}
