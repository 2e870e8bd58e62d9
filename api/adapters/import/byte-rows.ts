import { cellString, isPlain, plainDecimal, plainIsoInstant, utf8 } from './byte-cells.ts';
import type { ColumnBuilder } from '../../engine/log/column-builder.ts';
import { ByteDictionary } from './byte-dictionary.ts';
import { EventRowWriter, EXPECTED_ACTIVITY, EXPECTED_CASE, NUMBER, STRING, type Slot } from './event-rows.ts';

/**
 * EventRowWriter for rows as bytes (ByteCsvReader). The rows of one invoice repeat its ~15
 * invoice columns: a field the reader found byte for byte equal to the row before takes that
 * row's value, with no string made, interned or parsed, and the builder gets the very instance
 * it saw last. A changed value is read from the bytes when it is plain (byte-cells.ts), else
 * from the cell's string through the same converters, checks and errors as `add`.
 */
const NONE = new Uint8Array(1 << 16);

export class ByteRowWriter extends EventRowWriter {
  /** Per source column of numbers or times: the value the slot holds, unboxed. */
  private readonly lastNumber: Float64Array;
  /** Per source column of text: its values by their bytes while they are few (the slot's `kept`). */
  private readonly dictionaries: (ByteDictionary | null)[] = [];
  /** The reader's same[] speaks of the previous record: usable when that was a row written in full. */
  private previousDone = false;
  private previousCase = '';
  /** Case ids seen so far by their bytes, while every one was a plain cell. */
  private caseTable: ByteDictionary | null = new ByteDictionary();

  constructor(...args: ConstructorParameters<typeof EventRowWriter>) {
    super(...args);
    const n = this.plan.headers.length;
    for (let i = 0; i < n; i++) this.dictionaries.push(null);
    this.lastNumber = new Float64Array(n);
    for (const s of [this.caseSlot, this.activitySlot, ...this.attributes]) if (s.kept) this.dictionaries[s.index] = new ByteDictionary();
  }

  /**
   * Adds the event of one data row: field k is buf[starts[k], ends[k]) as ByteCsvReader gives
   * it, same[k] whether it repeats the field of the record before.
   */
  addBytes(buf: Buffer, starts: Int32Array, ends: Int32Array, same: Uint8Array, row: number, line: number): void {
    if (!this.previousDone) same = NONE;
    this.previousDone = false;
    const caseSlot = this.caseSlot;
    let i = caseSlot.index;
    let caseId: string;
    let isNew = false;
    if (same[i] === 1) caseId = caseSlot.lastValue as string;
    else if (this.caseTable !== null && ends[i] > starts[i] && isPlain(buf, starts[i], ends[i])) {
      // Invoice numbers by their bytes: a new one goes to the builder with no lookup there.
      const known = this.caseTable.get(buf, starts[i], ends[i]);
      isNew = known === undefined;
      caseId = known ?? utf8(buf, starts[i], ends[i]);
      if (isNew) this.caseTable.set(buf, starts[i], ends[i], caseId);
      this.remember(caseSlot);
      caseSlot.lastValue = caseId;
    } else {
      // A case id written otherwise (quoted, padded) may equal one seen plain: from here on the
      // builder's own map decides, as it does for every other importer.
      this.caseTable = null;
      caseId = this.textAt(caseSlot, buf, starts[i], ends[i]);
    }
    if (caseId === '') {
      if (this.allEmpty(buf, starts, ends)) {
        this.emptyRows++;
        return;
      }
      throw this.error(caseSlot, '', row, line, EXPECTED_CASE);
    }
    const activitySlot = this.activitySlot;
    i = activitySlot.index;
    const activity = same[i] === 1 ? (activitySlot.lastValue as string) : this.textAt(activitySlot, buf, starts[i], ends[i]);
    if (activity === '') throw this.error(activitySlot, '', row, line, EXPECTED_ACTIVITY);
    const timeSlot = this.timeSlot;
    i = timeSlot.index;
    let time = same[i] === 1 ? this.lastNumber[i] : this.timeAt(timeSlot, buf, starts[i], ends[i], row, line);
    if (Number.isNaN(time)) time = this.timeFrom(timeSlot, '', row, line);

    const e = isNew ? this.builder.addEventOfCase(this.builder.newCase(caseId), activity, time) : this.builder.addEvent(caseId, activity, time);
    // Columns kept per invoice hear of a row only when its field changes (reportChangesOnly):
    // a field repeating the previous row of the same invoice costs no call at all.
    const sameCase = caseId === this.previousCase;
    this.previousCase = caseId;
    const attributes = this.attributes;
    for (let k = 0; k < attributes.length; k++) {
      const s = attributes[k];
      i = s.index;
      const start = starts[i];
      const end = ends[i];
      const column = s.column;
      if (end === start) {
        column?.missing(e);
        continue;
      }
      // (Not after a field of spaces: that row had no value, and a repeat of it has none either.)
      if (same[i] === 1 && sameCase && column !== null && column.perCase && (s.kind === STRING ? s.lastValue !== '' : this.lastNumber[i] === this.lastNumber[i])) continue;
      if (s.kind === STRING) {
        const text = same[i] === 1 ? (s.lastValue as string) : this.textAt(s, buf, start, end);
        if (text.length === 0) {
          column?.missing(e);
          continue;
        }
        (column ?? this.newByteColumn(s, 'string', row, e)).setString(e, text);
      } else if (s.kind === NUMBER) {
        const value = same[i] === 1 ? this.lastNumber[i] : this.numberAt(s, buf, start, end, row, line);
        if (Number.isNaN(value)) {
          column?.missing(e);
          continue;
        }
        (column ?? this.newByteColumn(s, 'number', row, e)).set(e, value);
      } else {
        const value = same[i] === 1 ? this.lastNumber[i] : this.timeAt(s, buf, start, end, row, line);
        if (Number.isNaN(value)) {
          column?.missing(e);
          continue;
        }
        (column ?? this.newByteColumn(s, 'time', row, e)).set(e, value);
      }
    }
    const update = this.lastUpdateSlot;
    if (update) {
      i = update.index;
      const t = same[i] === 1 ? this.lastNumber[i] : this.timeAt(update, buf, starts[i], ends[i], row, line);
      if (!Number.isNaN(t)) this.noteDataUpdate(t);
    }
    this.rows++;
    this.previousDone = true;
  }

  private newByteColumn(s: Slot, kind: 'string' | 'number' | 'time', row: number, event: number): ColumnBuilder {
    const column = (s.column = this.newColumn(s, kind, row));
    if (column.perCase) column.reportChangesOnly(event);
    return column;
  }

  /** The cell's kept string; '' for an empty cell (one of spaces, "" included). */
  private textAt(s: Slot, buf: Buffer, start: number, end: number): string {
    if (end === start) return '';
    const dictionary = this.dictionaries[s.index];
    let text = dictionary?.get(buf, start, end);
    if (text === undefined) {
      text = isPlain(buf, start, end) ? utf8(buf, start, end) : cellString(buf, start, end);
      if (text !== '') text = this.keep(s, text);
      if (dictionary) {
        if (s.kept) dictionary.set(buf, start, end, text);
        else this.dictionaries[s.index] = null;
      }
    }
    this.remember(s);
    s.lastValue = text;
    return text;
  }

  /** The cell's number; NaN for an empty cell (a cell that holds no number throws). */
  private numberAt(s: Slot, buf: Buffer, start: number, end: number, row: number, line: number): number {
    if (end === start) return Number.NaN;
    let value: number;
    if (isPlain(buf, start, end)) {
      value = plainDecimal(buf, start, end);
      if (Number.isNaN(value)) value = this.numberFrom(s, utf8(buf, start, end), row, line);
    } else {
      const cell = cellString(buf, start, end);
      value = cell === '' ? Number.NaN : this.numberFrom(s, cell, row, line);
    }
    this.remember(s);
    this.lastNumber[s.index] = value;
    return value;
  }

  /** The cell's instant; NaN for an empty cell (a cell that holds no time throws). */
  private timeAt(s: Slot, buf: Buffer, start: number, end: number, row: number, line: number): number {
    if (end === start) return Number.NaN;
    let value: number;
    if (isPlain(buf, start, end)) {
      value = plainIsoInstant(buf, start, end);
      if (Number.isNaN(value)) value = this.timeFrom(s, utf8(buf, start, end), row, line);
    } else {
      const cell = cellString(buf, start, end);
      value = cell === '' ? Number.NaN : this.timeFrom(s, cell, row, line);
    }
    this.remember(s);
    this.lastNumber[s.index] = value;
    return value;
  }

  /** The slot's value changes: the caller stores it, in lastValue (text) or lastNumber ('' or NaN for an empty cell). */
  private remember(s: Slot): void {
    // `add` compares cells with `last`: it must not pair an older cell with this slot's value.
    s.last = Number.NaN;
  }

  private allEmpty(buf: Buffer, starts: Int32Array, ends: Int32Array): boolean {
    for (let i = 0; i < this.plan.headers.length; i++) {
      const start = starts[i];
      const end = ends[i];
      if (end !== start && (isPlain(buf, start, end) || cellString(buf, start, end) !== '')) return false;
    }
    return true;
  }
}
