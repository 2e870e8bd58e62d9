import type { AttributeColumn, AttributeKind, AttributeValue } from './columns.ts';

/**
 * A growable column. Rows can be set in any order; unset rows are missing. A value of another
 * type than the column's turns the column into strings, so a source that mixes types loses
 * nothing (XES attributes may change type from one event to the next).
 */
export class ColumnBuilder {
  private kind: AttributeKind;
  private codes = new Uint32Array(0);
  private values: Float64Array = new Float64Array(0);
  private bools = new Uint8Array(0);
  private readonly dict: string[] = [''];
  private readonly dictIndex = new Map<string, number>();
  private lastValue: string | null = null;
  private lastCode = 0;
  private size = 0;

  constructor(kind: AttributeKind) {
    this.kind = kind;
  }

  get columnKind(): AttributeKind {
    return this.kind;
  }

  set(row: number, value: AttributeValue): void {
    if (value === null || value === undefined) return;
    if (row >= this.size) this.grow(row + 1);
    switch (this.kind) {
      case 'string':
        this.codes[row] = this.intern(typeof value === 'string' ? value : this.format(value));
        return;
      case 'boolean':
        if (typeof value === 'boolean') this.bools[row] = value ? 2 : 1;
        else this.toStrings().set(row, value);
        return;
      default:
        if (typeof value === 'number') this.values[row] = value;
        else this.toStrings().set(row, value);
    }
  }

  /** Sets a string by its dictionary code lookup; the hot path of text importers. */
  setString(row: number, value: string): void {
    if (this.kind !== 'string') {
      this.set(row, value);
      return;
    }
    if (row >= this.size) this.grow(row + 1);
    this.codes[row] = this.intern(value);
  }

  /**
   * The first `length` rows as a column that shares this builder's arrays: for callers that
   * copy them anyway (a gather), so the rows are not copied twice.
   */
  view(length: number): AttributeColumn {
    if (length > this.size) this.grow(length);
    switch (this.kind) {
      case 'string':
        return { kind: 'string', dict: this.dict, codes: this.codes.subarray(0, length) };
      case 'boolean':
        return { kind: 'boolean', values: this.bools.subarray(0, length) };
      case 'time':
        return { kind: 'time', values: this.values.subarray(0, length) };
      default:
        return { kind: 'number', values: this.values.subarray(0, length) };
    }
  }

  finish(length: number): AttributeColumn {
    if (length > this.size) this.grow(length);
    switch (this.kind) {
      case 'string':
        return { kind: 'string', dict: this.dict, codes: this.codes.slice(0, length) };
      case 'boolean':
        return { kind: 'boolean', values: this.bools.slice(0, length) };
      case 'time':
        return { kind: 'time', values: this.values.slice(0, length) };
      default:
        return { kind: 'number', values: this.values.slice(0, length) };
    }
  }

  private intern(value: string): number {
    // Case attributes repeat on every row of an invoice: a repeat of the last value skips the map.
    if (value === this.lastValue) return this.lastCode;
    let code = this.dictIndex.get(value);
    if (code === undefined) {
      code = this.dict.length;
      this.dict.push(value);
      this.dictIndex.set(value, code);
    }
    this.lastValue = value;
    this.lastCode = code;
    return code;
  }

  private format(value: number | boolean): string {
    if (typeof value === 'boolean') return String(value);
    return this.kind === 'time' ? new Date(value).toISOString() : String(value);
  }

  /** Re-encodes the column's rows as strings (time as ISO-8601). */
  private toStrings(): this {
    const old = this.kind;
    const n = this.size;
    const codes = new Uint32Array(Math.max(16, this.codes.length, this.values.length, this.bools.length));
    for (let r = 0; r < n; r++) {
      if (old === 'boolean') {
        const b = this.bools[r];
        if (b !== 0) codes[r] = this.intern(String(b === 2));
      } else {
        const v = this.values[r];
        if (!Number.isNaN(v)) codes[r] = this.intern(old === 'time' ? new Date(v).toISOString() : String(v));
      }
    }
    this.kind = 'string';
    this.codes = codes;
    this.values = new Float64Array(0);
    this.bools = new Uint8Array(0);
    return this;
  }

  private grow(minSize: number): void {
    const capacity = this.capacity();
    if (minSize > capacity) {
      const next = Math.max(minSize, capacity * 2, 1024);
      if (this.kind === 'string') {
        const codes = new Uint32Array(next);
        codes.set(this.codes);
        this.codes = codes;
      } else if (this.kind === 'boolean') {
        const bools = new Uint8Array(next);
        bools.set(this.bools);
        this.bools = bools;
      } else {
        const values = new Float64Array(next).fill(Number.NaN);
        values.set(this.values);
        this.values = values;
      }
    }
    this.size = Math.max(this.size, minSize);
  }

  private capacity(): number {
    if (this.kind === 'string') return this.codes.length;
    if (this.kind === 'boolean') return this.bools.length;
    return this.values.length;
  }
}
