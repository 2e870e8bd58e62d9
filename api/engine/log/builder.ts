import { CASE_COLUMNS, EVENT_COLUMNS } from '../domain/columns.ts';
import { ColumnBuilder, type RowCases } from './column-builder.ts';
import { gatherColumn, keptSparse, type AttributeColumn, type AttributeKind, type AttributeValue, type DenseColumn } from './columns.ts';
import type { EventLog } from './event-log.ts';
import { GrowableFloat64, GrowableUint32 } from './growable.ts';

export type AttributeLevel = 'case' | 'event';

export interface LogBuilderOptions {
  /**
   * Level of named attributes given per event. 'case': one value per invoice (the latest when
   * it changes; the event values are then kept too). 'event': always per event. Any other
   * attribute becomes a case attribute when it never varies within a case, else an event one.
   * Defaults to the domain reference's levels.
   */
  readonly levels?: ReadonlyMap<string, AttributeLevel>;
  /** The source's "as of" instant; defaults to the last event time. */
  readonly lastDataUpdate?: number;
  /**
   * Whether attributes given per event that never vary within a case move to the case
   * (default true: flat CSV rows repeat invoice fields). Formats that declare levels
   * themselves, like XES, turn it off.
   */
  readonly promoteConstantAttributes?: boolean;
}

export class LogBuildError extends Error {}

function defaultLevels(): Map<string, AttributeLevel> {
  const levels = new Map<string, AttributeLevel>();
  for (const name of CASE_COLUMNS.keys()) levels.set(name, 'case');
  for (const name of EVENT_COLUMNS.keys()) levels.set(name, 'event');
  return levels;
}

/**
 * Collects events in input order and builds an {@link EventLog}: cases in order of first
 * appearance, events of a case sorted by time with equal times kept in input order.
 */
export class LogBuilder implements RowCases {
  private readonly caseIndex = new Map<string, number>();
  private readonly caseIds: string[] = [];
  /** caseIds[0, mappedCases) are in caseIndex. */
  private mappedCases = 0;
  private lastCaseId: string | null = null;
  private lastCase = -1;
  private readonly activityIndex = new Map<string, number>();
  private readonly activities: string[] = [];
  private readonly eventCase = new GrowableUint32();
  /** The cases of the rows once build has taken them out of eventCase. */
  private builtCases: Uint32Array | null = null;
  private readonly eventActivity = new GrowableUint32();
  private readonly eventTime = new GrowableFloat64();
  private eventEnd: GrowableFloat64 | null = null;
  private readonly eventColumns = new Map<string, ColumnBuilder>();
  private readonly caseColumns = new Map<string, ColumnBuilder>();
  private readonly levels: ReadonlyMap<string, AttributeLevel>;
  private readonly promoteConstant: boolean;
  lastDataUpdate: number | undefined;
  private added = 0;
  private lastAddedCase = -1;

  constructor(options: LogBuilderOptions = {}) {
    this.levels = options.levels ?? defaultLevels();
    this.lastDataUpdate = options.lastDataUpdate;
    this.promoteConstant = options.promoteConstantAttributes ?? true;
  }

  /** Events added (still counted after build, which empties the arrays). */
  get eventCount(): number {
    return this.added;
  }

  get caseCount(): number {
    return this.caseIds.length;
  }

  /** RowCases, for columns kept per case while they do not vary within one. */
  get rowCount(): number {
    return this.builtCases ? this.builtCases.length : this.eventCase.length;
  }

  caseOfRow(row: number): number {
    // Importers set a row's attributes right after adding it.
    if (row === this.added - 1 && !this.builtCases) return this.lastAddedCase;
    return this.builtCases ? this.builtCases[row] : this.eventCase.get(row);
  }

  /** Index of a case id, creating the case on first sight. */
  caseOf(caseId: string): number {
    // The rows of one invoice usually come together: skip the map for a repeat of the last id.
    if (caseId === this.lastCaseId) return this.lastCase;
    // Cases made by newCase join the map only when someone looks an id up.
    for (let k = this.mappedCases; k < this.caseIds.length; k++) this.caseIndex.set(this.caseIds[k], k);
    let c = this.caseIndex.get(caseId);
    if (c === undefined) {
      c = this.caseIds.length;
      this.caseIds.push(caseId);
      this.caseIndex.set(caseId, c);
    }
    this.mappedCases = this.caseIds.length;
    this.lastCaseId = caseId;
    this.lastCase = c;
    return c;
  }

  /**
   * A case the caller knows to be new, with no lookup: for an importer that keeps its own
   * index of the ids it has seen (by their bytes). At 5×10^6 events, putting each of 700k new
   * invoice numbers into the id map cost a tenth of the import.
   */
  newCase(caseId: string): number {
    const c = this.caseIds.length;
    this.caseIds.push(caseId);
    this.lastCaseId = caseId;
    this.lastCase = c;
    return c;
  }

  /** Appends an event and returns its input index (for setting its attributes). */
  addEvent(caseId: string, activity: string, time: number, endTime = Number.NaN): number {
    if (!Number.isFinite(time)) throw new LogBuildError(`event of case "${caseId}" has no valid time`);
    return this.addEventOfCase(this.caseOf(caseId), activity, time, endTime);
  }

  /** addEvent for a case index (from caseOf or newCase). */
  addEventOfCase(c: number, activity: string, time: number, endTime = Number.NaN): number {
    if (!Number.isFinite(time)) throw new LogBuildError(`event of case "${this.caseIds[c]}" has no valid time`);
    let a = this.activityIndex.get(activity);
    if (a === undefined) {
      a = this.activities.length;
      this.activities.push(activity);
      this.activityIndex.set(activity, a);
    }
    const e = this.eventTime.length;
    this.added++;
    this.lastAddedCase = c;
    this.eventCase.push(c);
    this.eventActivity.push(a);
    this.eventTime.push(time);
    if (!Number.isNaN(endTime) || this.eventEnd) {
      if (!this.eventEnd) {
        this.eventEnd = new GrowableFloat64();
        for (let i = 0; i < e; i++) this.eventEnd.push(Number.NaN);
      }
      this.eventEnd.push(endTime);
    }
    return e;
  }

  /** The column for an event attribute; `kind` applies when the column is new. */
  eventColumn(name: string, kind: AttributeKind): ColumnBuilder {
    let column = this.eventColumns.get(name);
    if (!column) {
      const level = this.levels.get(name);
      const perCase = level === 'case' || (level === undefined && this.promoteConstant);
      column = perCase ? new ColumnBuilder(kind, this) : new ColumnBuilder(kind, null, true);
      this.eventColumns.set(name, column);
    }
    return column;
  }

  setEventAttribute(event: number, name: string, value: AttributeValue, kind?: AttributeKind): void {
    if (value === null) return;
    this.eventColumn(name, kind ?? kindOf(value)).set(event, value);
  }

  /** Sets an attribute of the case itself (an XES trace attribute, an invoice header field). */
  setCaseAttribute(caseId: string, name: string, value: AttributeValue, kind?: AttributeKind): void {
    if (value === null) return;
    const c = this.caseOf(caseId);
    let column = this.caseColumns.get(name);
    if (!column) {
      column = new ColumnBuilder(kind ?? kindOf(value));
      this.caseColumns.set(name, column);
    }
    column.set(c, value);
  }

  /** The log. It consumes the builder: its arrays are released as they are copied. */
  build(): EventLog {
    const nEvents = this.eventTime.length;
    const nOldCases = this.caseIds.length;
    const eventCase = this.eventCase.take();
    this.builtCases = eventCase;
    const time = this.eventTime.take();

    // Cases with no events (empty XES traces, attribute-only rows) are dropped.
    const counts = new Uint32Array(nOldCases);
    for (let e = 0; e < nEvents; e++) counts[eventCase[e]]++;
    const newCase = new Int32Array(nOldCases).fill(-1);
    const caseIds: string[] = [];
    const keptOldCase: number[] = [];
    for (let c = 0; c < nOldCases; c++) {
      if (counts[c] > 0) {
        newCase[c] = caseIds.length;
        caseIds.push(this.caseIds[c]);
        keptOldCase.push(c);
      }
    }
    const nCases = caseIds.length;
    const caseOffsets = new Uint32Array(nCases + 1);
    for (let c = 0; c < nCases; c++) caseOffsets[c + 1] = caseOffsets[c] + counts[keptOldCase[c]];

    // Stable counting sort by case, then a stable sort by time within each case.
    const perm = new Uint32Array(nEvents);
    const cursor = caseOffsets.slice(0, nCases);
    for (let e = 0; e < nEvents; e++) perm[cursor[newCase[eventCase[e]]]++] = e;
    for (let c = 0; c < nCases; c++) sortCaseByTime(perm, caseOffsets[c], caseOffsets[c + 1], time);

    const activity = gatherInts(this.eventActivity.take(), perm);
    const sortedTime = gatherFloats(time, perm);
    const endTime = this.eventEnd ? gatherFloats(this.eventEnd.take(), perm) : null;

    // Each column is gathered straight from its builder's arrays, and the builder is let go at
    // once: at 10^7 events, holding every builder until the end doubled the peak memory.
    const caseAttributes = new Map<string, AttributeColumn>();
    for (const [name, builder] of this.caseColumns) {
      caseAttributes.set(name, gatherColumn(builder.view(nOldCases), keptOldCase));
      this.caseColumns.delete(name);
    }
    const eventAttributes = new Map<string, AttributeColumn>();
    let inverse: Uint32Array | null = null;
    for (const [name, builder] of this.eventColumns) {
      this.eventColumns.delete(name);
      if (builder.perCase && !caseAttributes.has(name)) {
        caseAttributes.set(name, gatherColumn(builder.caseView(nOldCases), keptOldCase));
        continue;
      }
      const sparse = builder.sparseView();
      if (sparse) {
        inverse ??= inversePermutation(perm);
        eventAttributes.set(name, placeSparse(sparse.column, sparse.rows, inverse, nEvents));
        continue;
      }
      const column = gatherColumn(builder.view(nEvents), perm) as DenseColumn; // a view is dense, and so is its gather
      const level = this.levels.get(name);
      if (level === 'event' || caseAttributes.has(name)) {
        eventAttributes.set(name, column);
        continue;
      }
      if (level === undefined && !this.promoteConstant) {
        eventAttributes.set(name, column);
        continue;
      }
      const constant = isConstantPerCase(column, caseOffsets);
      if (level === 'case' || constant) caseAttributes.set(name, lastValuePerCase(column, caseOffsets));
      if (!constant) eventAttributes.set(name, column);
    }
    this.builtCases = null;

    let last = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < nEvents; i++) {
      const t = endTime && !Number.isNaN(endTime[i]) ? endTime[i] : sortedTime[i];
      if (t > last) last = t;
    }

    return {
      caseIds,
      activities: this.activities.slice(),
      caseOffsets,
      activity,
      time: sortedTime,
      endTime,
      derived: new Uint8Array(nEvents),
      derivationRules: [],
      eventAttributes,
      caseAttributes,
      lastDataUpdate: this.lastDataUpdate ?? (nEvents > 0 ? last : 0),
    };
  }
}

function gatherInts(values: Uint32Array, perm: Uint32Array): Uint32Array {
  const out = new Uint32Array(perm.length);
  for (let i = 0; i < perm.length; i++) out[i] = values[perm[i]];
  return out;
}

function gatherFloats(values: Float64Array, perm: Uint32Array): Float64Array {
  const out = new Float64Array(perm.length);
  for (let i = 0; i < perm.length; i++) out[i] = values[perm[i]];
  return out;
}

/** Position in the built log of each input row. */
function inversePermutation(perm: Uint32Array): Uint32Array {
  const inverse = new Uint32Array(perm.length);
  for (let i = 0; i < perm.length; i++) inverse[perm[i]] = i;
  return inverse;
}

/**
 * The column in log order from values at input rows `rows` (ascending), placed by `inverse`:
 * sparse when it holds numbers or times for few rows (compactColumn's rule), else dense. Files
 * list an invoice's events in time order, so the positions mostly ascend already and the
 * values are placed in one pass over them; otherwise they are ordered first.
 */
function placeSparse(values: AttributeColumn, rows: Uint32Array, inverse: Uint32Array, n: number): AttributeColumn {
  const count = rows.length;
  const positions = new Uint32Array(count);
  let ascending = true;
  for (let k = 0; k < count; k++) {
    const p = inverse[rows[k]];
    positions[k] = p;
    if (k > 0 && p < positions[k - 1]) ascending = false;
  }
  // Value slot k in position order: the identity when they ascend.
  let order: Uint32Array | null = null;
  if (!ascending && (count >= 16_777_216 || n >= 134_217_728)) {
    order = Uint32Array.from({ length: count }, (_, k) => k).sort((a, b) => positions[a] - positions[b]);
  } else if (!ascending) {
    const keyed = new Float64Array(count);
    // position × 2^24 + k sorts by position and stays exact (both < 2^27 and 2^24 here).
    for (let k = 0; k < count; k++) keyed[k] = positions[k] * 16_777_216 + k;
    keyed.sort();
    order = new Uint32Array(count);
    for (let j = 0; j < count; j++) {
      const k = keyed[j] % 16_777_216;
      order[j] = k;
    }
  }
  if (!values.sparse && (values.kind === 'number' || values.kind === 'time') && keptSparse(count, n)) {
    const outRows = new Uint32Array(count);
    const at = new Float64Array(count);
    for (let j = 0; j < count; j++) {
      const k = order === null ? j : order[j];
      outRows[j] = positions[k];
      at[j] = values.values[k];
    }
    return { kind: values.kind, sparse: true, length: n, rows: outRows, at };
  }
  const source = new Int32Array(n).fill(-1);
  for (let k = 0; k < count; k++) source[positions[k]] = k;
  return gatherColumn(values, source);
}

function kindOf(value: string | number | boolean): AttributeKind {
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  return 'string';
}

/** Stable sort of perm[from, to) by time; cases are short and usually already in order. */
function sortCaseByTime(perm: Uint32Array, from: number, to: number, time: Float64Array): void {
  let sorted = true;
  for (let i = from + 1; i < to; i++) {
    if (time[perm[i]] < time[perm[i - 1]]) {
      sorted = false;
      break;
    }
  }
  if (sorted) return;
  if (to - from <= 32) {
    for (let i = from + 1; i < to; i++) {
      const e = perm[i];
      const t = time[e];
      let j = i - 1;
      while (j >= from && time[perm[j]] > t) {
        perm[j + 1] = perm[j];
        j--;
      }
      perm[j + 1] = e;
    }
    return;
  }
  // Array.prototype.sort is stable; ties fall back on input index to make that explicit.
  const slice = Array.from(perm.subarray(from, to));
  slice.sort((a, b) => time[a] - time[b] || a - b);
  perm.set(slice, from);
}

function isConstantPerCase(column: DenseColumn, offsets: Uint32Array): boolean {
  const nCases = offsets.length - 1;
  for (let c = 0; c < nCases; c++) {
    let seen = false;
    let first = 0;
    for (let e = offsets[c]; e < offsets[c + 1]; e++) {
      const v = column.kind === 'string' ? column.codes[e] : column.values[e];
      if (column.kind === 'string' || column.kind === 'boolean' ? v === 0 : Number.isNaN(v)) continue;
      if (!seen) {
        seen = true;
        first = v;
      } else if (v !== first) return false;
    }
  }
  return true;
}

function lastValuePerCase(column: DenseColumn, offsets: Uint32Array): AttributeColumn {
  const nCases = offsets.length - 1;
  const rows = new Int32Array(nCases).fill(-1);
  for (let c = 0; c < nCases; c++) {
    for (let e = offsets[c + 1] - 1; e >= offsets[c]; e--) {
      const missing =
        column.kind === 'string' ? column.codes[e] === 0 : column.kind === 'boolean' ? column.values[e] === 0 : Number.isNaN(column.values[e]);
      if (!missing) {
        rows[c] = e;
        break;
      }
    }
  }
  return gatherColumn(column, rows);
}
