import { codesHolding, type AttributeColumn, type AttributeKind, type AttributeValue, type Codes } from './columns.ts';

/** Where a builder's rows belong: the event builder's case of each row so far. */
export interface RowCases {
  caseOfRow(row: number): number;
  readonly rowCount: number;
}

/**
 * How a column keeps its values while rows arrive. Each row holds one number: a dictionary
 * code (strings), 1/2 (booleans, 0 = missing) or the value itself (numbers and times, NaN =
 * missing).
 *
 * - PER_CASE: one value per case while no case has shown two different values. Flat CSV rows
 *   repeat every invoice field on every event; storing them once per invoice instead of once
 *   per event is most of the import's memory. The runs of rows without a value are noted, so
 *   the first conflicting value can still rebuild the exact per-row column. Rows must arrive in
 *   ascending order (every importer's do); one that does not turns the column DENSE.
 * - SPARSE: (row, value) pairs, for event fields most events leave empty (promise dates,
 *   settled amounts), likewise in ascending order.
 * - DENSE: one slot per row.
 */
const PER_CASE = 0;
const SPARSE = 1;
const DENSE = 2;

/**
 * Sparse stops paying once a third of the rows have a value (pairs cost 1.5-2 slots); below
 * this many pairs it is not worth switching.
 */
const SPARSE_MIN_ROWS = 4096;

/**
 * A growable column. Rows can be set in any order (out of order costs the compact storage);
 * unset rows are missing. A value of another
 * type than the column's turns the column into strings, so a source that mixes types loses
 * nothing (XES attributes may change type from one event to the next).
 */
export class ColumnBuilder {
  private kind: AttributeKind;
  private mode: number;
  /** Rows known: the highest row set + 1 (or more, after view/finish). */
  private size = 0;
  /**
   * The slots: codes and booleans in `ints`, numbers and times in `floats`. Codes start one
   * byte wide and widen when the dictionary outgrows them: most text fields of an event log
   * have a few dozen values, and a field on every row is 4 bytes a row at 32 bits.
   */
  private ints: Codes = new Uint8Array(0);
  private floats: Float64Array = new Float64Array(0);
  /** SPARSE: the row of each slot, ascending; `count` slots used. */
  private rows: Uint32Array = new Uint32Array(0);
  private count = 0;
  /**
   * PER_CASE: the last row set, and the runs of rows below it that have no value ([start, end)
   * pairs). Rows arrive in ascending order, so a gap is noted when a row skips ahead: the
   * runs stay few in flat files, where invoice fields fill every row.
   */
  private lastRow = -1;
  private gaps: Uint32Array = new Uint32Array(0);
  private gapCount = 0;
  /** PER_CASE: the caller reports changes only (see reportChangesOnly). */
  private changesOnly = false;
  /** Numbers and times are held in `floats`, codes and booleans in `ints`. */
  private floating: boolean;
  private readonly dict: string[] = [''];
  private readonly dictIndex = new Map<string, number>();
  private lastValue: string | null = null;
  private lastCode = 0;

  /** `cases` turns on per-case storage (columns that may turn out to be case attributes). */
  constructor(
    kind: AttributeKind,
    private readonly cases: RowCases | null = null,
    sparse = false,
  ) {
    this.kind = kind;
    this.floating = kind === 'number' || kind === 'time';
    this.mode = cases ? PER_CASE : sparse ? SPARSE : DENSE;
  }

  get columnKind(): AttributeKind {
    return this.kind;
  }

  /** Whether every case has shown at most one value (per-case storage held). */
  get perCase(): boolean {
    return this.mode === PER_CASE;
  }

  set(row: number, value: AttributeValue): void {
    if (value === null || value === undefined) return;
    switch (this.kind) {
      case 'string':
        this.put(row, this.intern(typeof value === 'string' ? value : this.format(value)));
        return;
      case 'boolean':
        if (typeof value === 'boolean') this.put(row, value ? 2 : 1);
        else this.toStrings().set(row, value);
        return;
      default:
        if (typeof value === 'number') this.put(row, value);
        else this.toStrings().set(row, value);
    }
  }

  /**
   * From `fromRow` on, the caller reports a row only when its value differs from the row
   * before or that row is of another case, and reports every row without a value through
   * `missing`; a row it does not report repeats the one before. Rows before `fromRow` have no
   * value. Flat files repeat an invoice's fields on each of its rows, and a text importer that
   * sees a field's bytes repeat can then skip the call altogether. Only while `perCase`: the
   * caller reports every row again once that turns false.
   */
  reportChangesOnly(fromRow: number): void {
    if (this.mode !== PER_CASE || this.lastRow >= 0) throw new Error('reportChangesOnly on a column that is not new and per case');
    if (fromRow > 0) this.noteGap(0, fromRow);
    this.lastRow = fromRow - 1;
    this.changesOnly = true;
  }

  /** A row without a value, for a caller that reports changes only (a no-op otherwise: unset rows have none). */
  missing(row: number): void {
    if (this.mode !== PER_CASE || !this.changesOnly || row <= this.lastRow) return;
    const n = this.gapCount;
    if (n > 0 && this.gaps[2 * n - 1] === row) this.gaps[2 * n - 1] = row + 1;
    else this.noteGap(row, row + 1);
    this.lastRow = row;
  }

  /** Sets a string; the hot path of text importers. */
  setString(row: number, value: string): void {
    if (this.kind !== 'string') {
      this.set(row, value);
      return;
    }
    this.put(row, this.intern(value));
  }

  /**
   * The column over `length` rows (dense), sharing this builder's arrays where it can: for
   * callers that copy them anyway (a gather), so the rows are not copied twice.
   */
  view(length: number): AttributeColumn {
    if (this.mode !== DENSE) this.toDense();
    if (length > this.size) this.ensure(length);
    this.size = Math.max(this.size, length);
    return this.column(length);
  }

  /** PER_CASE only: the column of one value per case, over `cases` cases. */
  caseView(cases: number): AttributeColumn {
    if (this.mode !== PER_CASE) throw new Error('caseView of a column that is not per case');
    this.ensure(cases);
    return this.column(cases);
  }

  /** SPARSE only: the rows that have a value, ascending, and their slots as a column. */
  sparseView(): { rows: Uint32Array; column: AttributeColumn } | null {
    if (this.mode !== SPARSE) return null;
    return { rows: this.rows.subarray(0, this.count), column: this.column(this.count) };
  }

  private column(length: number): AttributeColumn {
    const cut = <T extends Codes | Float64Array>(a: T): T => a.subarray(0, length) as T;
    switch (this.kind) {
      case 'string':
        return { kind: 'string', dict: this.dict, codes: cut(this.ints) };
      case 'boolean':
        return { kind: 'boolean', values: Uint8Array.from(this.ints.subarray(0, length)) };
      case 'time':
        return { kind: 'time', values: cut(this.floats) };
      default:
        return { kind: 'number', values: cut(this.floats) };
    }
  }

  private put(row: number, v: number): void {
    switch (this.mode) {
      case PER_CASE: {
        if (row !== this.lastRow) {
          if (row < this.lastRow) {
            this.toDense();
            this.put(row, v);
            return;
          }
          // Rows skipped in between have no value, or repeat the last one for a caller that reports changes only.
          if (row > this.lastRow + 1 && !this.changesOnly) this.noteGap(this.lastRow + 1, row);
          this.lastRow = row;
        }
        const c = this.cases!.caseOfRow(row);
        if (c >= (this.floating ? this.floats.length : this.ints.length)) this.ensure(c + 1);
        const old = this.floating ? this.floats[c] : this.ints[c];
        if (old === 0 || old !== old) {
          // 0 (no code) or NaN (no number): the case's first value
          if (this.floating) this.floats[c] = v;
          else this.ints[c] = v;
        } else if (old !== v) {
          this.toDense();
          this.put(row, v);
          return;
        }
        if (row >= this.size) this.size = row + 1;
        return;
      }
      case SPARSE: {
        const n = this.count;
        if (n > 0 && row <= this.rows[n - 1]) {
          if (row === this.rows[n - 1]) {
            if (this.floating) this.floats[n - 1] = v;
            else this.ints[n - 1] = v;
            return;
          }
          this.toDense();
          this.put(row, v);
          return;
        }
        if (n >= SPARSE_MIN_ROWS && 3 * n > row) {
          this.toDense();
          this.put(row, v);
          return;
        }
        if (n === this.rows.length) {
          const next = Math.max(1024, n * 2);
          this.rows = grownInts(this.rows, next);
          if (this.floating) this.floats = grownFloats(this.floats, next);
          else this.ints = grownInts(this.ints, next);
        }
        this.rows[n] = row;
        if (this.floating) this.floats[n] = v;
        else this.ints[n] = v;
        this.count = n + 1;
        if (row >= this.size) this.size = row + 1;
        return;
      }
      default:
        if (row >= this.size) {
          this.ensure(row + 1);
          this.size = row + 1;
        }
        if (this.floating) this.floats[row] = v;
        else this.ints[row] = v;
    }
  }

  /** Capacity for `n` slots of the current storage (missing-filled). */
  private ensure(n: number): void {
    const capacity = this.floating ? this.floats.length : this.ints.length;
    if (n <= capacity) return;
    const next = Math.max(n, capacity * 2, 1024);
    if (this.floating) this.floats = grownFloats(this.floats, next);
    else this.ints = grownInts(this.ints, next);
  }

  /** Rewrites the slots one per row, from per-case or sparse storage. */
  private toDense(): void {
    const size = Math.max(this.size, this.cases?.rowCount ?? 0);
    const floating = this.floating;
    const ints = floating ? new Uint8Array(0) : sameWidth(this.ints, Math.max(size, 1024));
    const floats = floating ? new Float64Array(Math.max(size, 1024)).fill(Number.NaN) : new Float64Array(0);
    if (this.mode === PER_CASE) {
      const cases = this.cases!;
      const gaps = this.gaps;
      // Unreported rows after the last report repeat it when the caller reports changes only.
      const last = this.changesOnly ? cases.rowCount - 1 : this.lastRow;
      let g = 0;
      for (let r = 0; r <= last; r++) {
        if (g < this.gapCount && r === gaps[2 * g]) {
          r = gaps[2 * g + 1] - 1;
          g++;
          continue;
        }
        const c = cases.caseOfRow(r);
        if (floating) floats[r] = this.floats[c];
        else ints[r] = this.ints[c];
      }
      this.gaps = new Uint32Array(0);
      this.gapCount = 0;
    } else if (this.mode === SPARSE) {
      for (let k = 0; k < this.count; k++) {
        if (floating) floats[this.rows[k]] = this.floats[k];
        else ints[this.rows[k]] = this.ints[k];
      }
      this.rows = new Uint32Array(0);
      this.count = 0;
    }
    this.ints = ints;
    this.floats = floats;
    this.mode = DENSE;
    this.size = size;
  }

  /** Rows [from, to) have no value. */
  private noteGap(from: number, to: number): void {
    if (2 * this.gapCount === this.gaps.length) this.gaps = grownInts(this.gaps, Math.max(64, this.gaps.length * 2));
    this.gaps[2 * this.gapCount] = from;
    this.gaps[2 * this.gapCount + 1] = to;
    this.gapCount++;
  }

  private intern(value: string): number {
    // Case attributes repeat on every row of an invoice: a repeat of the last value skips the map.
    if (value === this.lastValue) return this.lastCode;
    let code = this.dictIndex.get(value);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(value);
      this.dictIndex.set(value, code);
      if (code === 0x100 || code === 0x10000) this.ints = codesHolding(this.ints, code);
    }
    this.lastValue = value;
    this.lastCode = code;
    return code;
  }

  private format(value: number | boolean): string {
    if (typeof value === 'boolean') return String(value);
    return this.kind === 'time' ? new Date(value).toISOString() : String(value);
  }

  /** Re-encodes the slots as string codes (time as ISO-8601); storage mode unchanged. */
  private toStrings(): this {
    const old = this.kind;
    const n = this.mode === SPARSE ? this.count : old === 'boolean' ? this.ints.length : this.floats.length;
    const codes: Codes = new Uint32Array(Math.max(n, 16));
    for (let i = 0; i < n; i++) {
      if (old === 'boolean') {
        const b = this.ints[i];
        if (b !== 0) codes[i] = this.intern(String(b === 2));
      } else {
        const v = this.floats[i];
        if (v === v) codes[i] = this.intern(old === 'time' ? new Date(v).toISOString() : String(v));
      }
    }
    this.kind = 'string';
    this.floating = false;
    this.ints = codes;
    this.floats = new Float64Array(0);
    return this;
  }
}

/** A zeroed array of `n` slots as wide as `a`. */
function sameWidth<T extends Codes>(a: T, n: number): T {
  return new (a.constructor as new (length: number) => T)(n);
}

function grownInts<T extends Codes>(a: T, n: number): T {
  const next = sameWidth(a, n);
  next.set(a);
  return next;
}

function grownFloats(a: Float64Array, n: number): Float64Array {
  const next = new Float64Array(n).fill(Number.NaN, a.length);
  next.set(a);
  return next;
}
