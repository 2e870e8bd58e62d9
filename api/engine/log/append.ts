import { EVENT_COLUMNS } from '../domain/columns.ts';
import { codeArray, codesHolding, sparseSlot, type AttributeColumn, type AttributeKind, type AttributeValue, type SparseColumn } from './columns.ts';
import { caseIndexOf, type EventLog } from './event-log.ts';
import { rebuildLog } from './rebuild.ts';

/** An event recorded outside the source system (a collector's action in Teams) for an invoice of the log. */
export interface AppendedEvent {
  readonly caseId: string;
  readonly activity: string;
  /** Epoch ms. */
  readonly time: number;
  /** Event-level attributes; times as epoch ms (a canonical time column such as PromiseDate becomes a time column). */
  readonly attributes?: Readonly<Record<string, AttributeValue>>;
}

export interface AppendResult {
  /** A raw log: derived events dropped, so prepareLog/deriveEvents can run again over the new facts. */
  readonly log: EventLog;
  readonly appended: number;
  /** Invoice numbers the log does not have; their events were left out. */
  readonly unknownCases: readonly string[];
}

/**
 * Merges recorded events into a (possibly prepared) log. Derived events are dropped because a
 * new fact can change them (a payment promise makes an earlier "broken" one renegotiated); the
 * caller runs prepareLog again. A new event goes after the log's events of the same instant, and
 * new events of one instant keep their input order. Cases and their attributes, and the log's
 * "as of" instant, stay as they are: a Teams action is not a new extract of the source.
 */
export function appendEvents(log: EventLog, events: readonly AppendedEvent[]): AppendResult {
  const unknown = new Set<string>();
  const byCase = new Map<number, { event: AppendedEvent; order: number }[]>();
  events.forEach((event, order) => {
    const c = caseIndexOf(log, event.caseId);
    if (c < 0) {
      unknown.add(event.caseId);
      return;
    }
    if (!Number.isFinite(event.time)) throw new RangeError(`event "${event.activity}" of invoice ${event.caseId} has no valid time`);
    const list = byCase.get(c) ?? [];
    list.push({ event, order });
    byCase.set(c, list);
  });
  for (const list of byCase.values()) list.sort((a, b) => a.event.time - b.event.time || a.order - b.order);

  const activities = log.activities.slice();
  const codeOf = new Map(activities.map((name, code) => [name, code]));
  const activityCode = (name: string) => {
    let code = codeOf.get(name);
    if (code === undefined) {
      code = activities.push(name) - 1;
      codeOf.set(name, code);
    }
    return code;
  };

  let kept = 0;
  for (let e = 0; e < log.derived.length; e++) if (log.derived[e] === 0) kept++;
  let appendedCount = 0;
  for (const list of byCase.values()) appendedCount += list.length;
  const total = kept + appendedCount;
  const nCases = log.caseIds.length;
  const caseOffsets = new Uint32Array(nCases + 1);
  const source = new Int32Array(total);
  const activity = new Uint32Array(total);
  const time = new Float64Array(total);
  const endTime = log.endTime ? new Float64Array(total) : null;
  const placed: { row: number; event: AppendedEvent }[] = [];
  let out = 0;
  for (let c = 0; c < nCases; c++) {
    const added = byCase.get(c) ?? [];
    let a = 0;
    const flushUpTo = (limit: number) => {
      while (a < added.length && added[a].event.time < limit) {
        const { event } = added[a++];
        source[out] = -1;
        activity[out] = activityCode(event.activity);
        time[out] = event.time;
        if (endTime) endTime[out] = Number.NaN;
        placed.push({ row: out, event });
        out++;
      }
    };
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
      if (log.derived[e] !== 0) continue;
      flushUpTo(log.time[e]);
      source[out] = e;
      activity[out] = log.activity[e];
      time[out] = log.time[e];
      if (endTime) endTime[out] = log.endTime![e];
      out++;
    }
    flushUpTo(Number.POSITIVE_INFINITY);
    caseOffsets[c + 1] = out;
  }

  const rebuilt = rebuildLog(log, { caseOffsets, source, activity, time, endTime, derived: new Uint8Array(total) }, { activities, derivationRules: [] });
  const eventAttributes = new Map(rebuilt.eventAttributes);
  for (const { row, event } of placed) {
    for (const [name, value] of Object.entries(event.attributes ?? {})) {
      if (value === null) continue;
      const column = eventAttributes.get(name) ?? emptyColumn(kindFor(name, value), total);
      eventAttributes.set(name, withValue(column, row, value));
    }
  }
  return { log: { ...rebuilt, eventAttributes }, appended: placed.length, unknownCases: [...unknown] };
}

function kindFor(name: string, value: AttributeValue): AttributeKind {
  const canonical = EVENT_COLUMNS.get(name);
  if (canonical) return canonical;
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'boolean' : 'string';
}

function emptyColumn(kind: AttributeKind, rows: number): AttributeColumn {
  switch (kind) {
    case 'string':
      return { kind, dict: [''], codes: codeArray(1, rows) };
    case 'boolean':
      return { kind, values: new Uint8Array(rows) };
    default:
      // Appended events are few: their numbers start sparse.
      return { kind, sparse: true, length: rows, rows: new Uint32Array(0), at: new Float64Array(0) };
  }
}

/**
 * Sets one row. The rebuilt columns own their arrays (rebuildLog gathers into new ones), but a
 * string dictionary is shared with the input log, so it is copied before it grows. A value the
 * column's kind cannot hold is left missing rather than guessed.
 */
function withValue(column: AttributeColumn, row: number, value: Exclude<AttributeValue, null>): AttributeColumn {
  if (column.sparse) {
    const n = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
    return Number.isNaN(n) ? column : withSparseValue(column, row, n);
  }
  switch (column.kind) {
    case 'string': {
      const text = String(value);
      let code = column.dict.indexOf(text, 1);
      let dict = column.dict;
      if (code < 0) {
        dict = [...dict, text];
        code = dict.length - 1;
      }
      const codes = codesHolding(column.codes, code);
      codes[row] = code;
      return dict === column.dict && codes === column.codes ? column : { ...column, dict, codes };
    }
    case 'boolean':
      if (typeof value === 'boolean') column.values[row] = value ? 2 : 1;
      return column;
    default: {
      const n = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : Number.NaN;
      column.values[row] = n;
      return column;
    }
  }
}

/** A sparse column with `row` set to `value` (a copy: the arrays may be shared with the input log). */
function withSparseValue(column: SparseColumn, row: number, value: number): SparseColumn {
  const slot = sparseSlot(column, row);
  if (slot >= 0) {
    const at = column.at.slice();
    at[slot] = value;
    return { ...column, at };
  }
  let k = 0;
  while (k < column.rows.length && column.rows[k] < row) k++;
  const rows = new Uint32Array(column.rows.length + 1);
  const at = new Float64Array(column.at.length + 1);
  rows.set(column.rows.subarray(0, k));
  at.set(column.at.subarray(0, k));
  rows[k] = row;
  at[k] = value;
  rows.set(column.rows.subarray(k), k + 1);
  at.set(column.at.subarray(k), k + 1);
  return { ...column, rows, at };
}
