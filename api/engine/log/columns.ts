/**
 * Attribute columns. One array slot per row (event or case); a reserved "missing" value
 * instead of a separate null mask keeps every column a single typed array. Numbers and
 * instants that few events carry (settled amounts, promise dates) are kept sparse instead:
 * only the rows that have one.
 */

/** Dictionary codes, as narrow as the dictionary allows (most event fields have a few values). */
export type Codes = Uint8Array | Uint16Array | Uint32Array;

/** Dictionary-encoded strings: code 0 is "missing", dict[0] is an unused placeholder. */
export interface StringColumn {
  readonly kind: 'string';
  readonly sparse?: undefined;
  readonly dict: readonly string[];
  readonly codes: Codes;
}

/** A zeroed code array for `n` rows able to hold every code of a dictionary of `dictLength` entries. */
export function codeArray(dictLength: number, n: number): Codes {
  if (dictLength <= 0x100) return new Uint8Array(n);
  if (dictLength <= 0x10000) return new Uint16Array(n);
  return new Uint32Array(n);
}

/** `codes`, widened when it cannot hold `code`. */
export function codesHolding(codes: Codes, code: number): Codes {
  const max = codes instanceof Uint8Array ? 0xff : codes instanceof Uint16Array ? 0xffff : 0xffffffff;
  if (code <= max) return codes;
  const wider = code <= 0xffff ? new Uint16Array(codes.length) : new Uint32Array(codes.length);
  wider.set(codes);
  return wider;
}

/** Numbers; NaN is "missing". */
export interface NumberColumn {
  readonly kind: 'number';
  readonly sparse?: undefined;
  readonly values: Float64Array;
}

/** Instants in epoch milliseconds (UTC); NaN is "missing". */
export interface TimeColumn {
  readonly kind: 'time';
  readonly sparse?: undefined;
  readonly values: Float64Array;
}

/**
 * Numbers or instants that few rows have: the rows that do, ascending, and their values. At
 * 5×10^6 events a dense column of promise dates is 40 MB for 1.4 % of the events; this is
 * under 1 MB. Read it with {@link NumberReader} (or valueAt for a single row).
 */
export interface SparseColumn {
  readonly kind: 'number' | 'time';
  readonly sparse: true;
  /** Rows in all, with a value or not. */
  readonly length: number;
  readonly rows: Uint32Array;
  /** at[k] is the value of row rows[k] (never NaN). */
  readonly at: Float64Array;
}

/** A column with one slot per row. */
export type DenseColumn = StringColumn | NumberColumn | TimeColumn | BooleanColumn;

/** A number or time column, dense or sparse. */
export type NumericColumn = NumberColumn | TimeColumn | SparseColumn;

/** 0 missing, 1 false, 2 true. */
export interface BooleanColumn {
  readonly kind: 'boolean';
  readonly sparse?: undefined;
  readonly values: Uint8Array;
}

export type AttributeColumn = StringColumn | NumberColumn | TimeColumn | BooleanColumn | SparseColumn;
export type AttributeKind = AttributeColumn['kind'];

/** A single attribute value as the outside world sees it. Times are epoch milliseconds. */
export type AttributeValue = string | number | boolean | null;

export function columnLength(column: AttributeColumn): number {
  if (column.sparse) return column.length;
  return column.kind === 'string' ? column.codes.length : column.values.length;
}

/** Position of `row` in a sparse column's rows, or -1. */
export function sparseSlot(column: SparseColumn, row: number): number {
  const rows = column.rows;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = rows[mid];
    if (r === row) return mid;
    if (r < row) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * Reads a number or time column row by row, dense or sparse alike, with NaN for missing.
 * In ascending row order (a case's events, case after case) a sparse column costs one
 * comparison per read; other orders fall back on a binary search.
 */
export class NumberReader {
  private readonly dense: Float64Array | null;
  private readonly rows: Uint32Array;
  private readonly at: Float64Array;
  private k = 0;

  constructor(column: NumericColumn) {
    this.dense = column.sparse ? null : column.values;
    this.rows = column.sparse ? column.rows : new Uint32Array(0);
    this.at = column.sparse ? column.at : new Float64Array(0);
  }

  get(row: number): number {
    if (this.dense !== null) return this.dense[row];
    const rows = this.rows;
    const n = rows.length;
    // k: the first slot whose row is at or after `row`, looked for from the cursor: backwards
    // by halving, forwards by galloping, so a read far from the last one costs a logarithm
    // and a read next to it a comparison.
    let k = this.k;
    if (k > 0 && rows[k - 1] >= row) {
      let lo = 0;
      let hi = k - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (rows[mid] < row) lo = mid + 1;
        else hi = mid;
      }
      k = lo;
    } else if (k < n && rows[k] < row) {
      let lo = k + 1;
      let step = 1;
      let hi = lo;
      while (hi < n && rows[hi] < row) {
        lo = hi + 1;
        hi += step;
        step *= 2;
      }
      if (hi > n) hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (rows[mid] < row) lo = mid + 1;
        else hi = mid;
      }
      k = lo;
    }
    if (k < n && rows[k] === row) {
      this.k = k + 1;
      return this.at[k];
    }
    this.k = k;
    return Number.NaN;
  }
}

/** One slot per row, NaN for missing (for the few callers that write into the values). */
export function denseValues(column: NumericColumn): Float64Array {
  if (!column.sparse) return column.values;
  const values = new Float64Array(column.length).fill(Number.NaN);
  for (let k = 0; k < column.rows.length; k++) values[column.rows[k]] = column.at[k];
  return values;
}

/** Whether a number or time column with `present` values over `rows` rows is kept sparse: below a third. */
export function keptSparse(present: number, rows: number): boolean {
  return 3 * present < rows;
}

/** The column, sparse when few rows have a value (numbers and times only). */
export function compactColumn(column: AttributeColumn): AttributeColumn {
  if (column.sparse || (column.kind !== 'number' && column.kind !== 'time')) return column;
  const values = column.values;
  let present = 0;
  for (let i = 0; i < values.length; i++) if (values[i] === values[i]) present++;
  if (!keptSparse(present, values.length)) return column;
  const rows = new Uint32Array(present);
  const at = new Float64Array(present);
  for (let i = 0, k = 0; i < values.length; i++) {
    const v = values[i];
    if (v === v) {
      rows[k] = i;
      at[k++] = v;
    }
  }
  return { kind: column.kind, sparse: true, length: values.length, rows, at };
}

export function isMissing(column: AttributeColumn, row: number): boolean {
  if (column.sparse) return sparseSlot(column, row) < 0;
  switch (column.kind) {
    case 'string':
      return column.codes[row] === 0;
    case 'boolean':
      return column.values[row] === 0;
    default:
      return Number.isNaN(column.values[row]);
  }
}

/** The value at `row`, or null when missing. Not for hot loops: read the arrays there. */
export function valueAt(column: AttributeColumn, row: number): AttributeValue {
  if (column.sparse) {
    const k = sparseSlot(column, row);
    return k < 0 ? null : column.at[k];
  }
  switch (column.kind) {
    case 'string': {
      const code = column.codes[row];
      return code === 0 ? null : column.dict[code];
    }
    case 'boolean': {
      const v = column.values[row];
      return v === 0 ? null : v === 2;
    }
    default: {
      const v = column.values[row];
      return Number.isNaN(v) ? null : v;
    }
  }
}

/** A new column holding `column`'s rows in the order given by `rows` (-1 = missing). A sparse column stays sparse. */
export function gatherColumn(column: AttributeColumn, rows: ArrayLike<number>): AttributeColumn {
  const n = rows.length;
  if (column.sparse) return gatherSparse(column, rows);
  switch (column.kind) {
    case 'string': {
      const codes = codeArray(column.dict.length, n);
      for (let i = 0; i < n; i++) {
        const r = rows[i];
        codes[i] = r < 0 ? 0 : column.codes[r];
      }
      return { kind: 'string', dict: column.dict, codes };
    }
    case 'boolean': {
      const values = new Uint8Array(n);
      for (let i = 0; i < n; i++) {
        const r = rows[i];
        values[i] = r < 0 ? 0 : column.values[r];
      }
      return { kind: 'boolean', values };
    }
    default: {
      const values = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const r = rows[i];
        values[i] = r < 0 ? Number.NaN : column.values[r];
      }
      return { kind: column.kind, values } as NumberColumn | TimeColumn;
    }
  }
}

function gatherSparse(column: SparseColumn, rows: ArrayLike<number>): SparseColumn {
  const n = rows.length;
  const src = column.rows;
  const m = src.length;
  // Rebuilds, scopes and truncations take rows in ascending order: then one walk along the
  // column's own rows finds every value (twice: count, then fill, so the result is exact).
  let ascending = true;
  for (let i = 0, last = -1; i < n; i++) {
    const r = rows[i];
    if (r < 0) continue;
    if (r < last) {
      ascending = false;
      break;
    }
    last = r;
  }
  let count = 0;
  if (ascending) {
    for (let i = 0, k = 0; i < n; i++) {
      const r = rows[i];
      if (r < 0) continue;
      while (k < m && src[k] < r) k++;
      if (k < m && src[k] === r) count++;
    }
  } else {
    const reader = new NumberReader(column);
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      if (r >= 0 && reader.get(r) === reader.get(r)) count++;
    }
  }
  const outRows = new Uint32Array(count);
  const at = new Float64Array(count);
  if (ascending) {
    for (let i = 0, k = 0, j = 0; i < n; i++) {
      const r = rows[i];
      if (r < 0) continue;
      while (k < m && src[k] < r) k++;
      if (k < m && src[k] === r) {
        outRows[j] = i;
        at[j++] = column.at[k];
      }
    }
  } else {
    const reader = new NumberReader(column);
    for (let i = 0, j = 0; i < n; i++) {
      const r = rows[i];
      if (r < 0) continue;
      const v = reader.get(r);
      if (v === v) {
        outRows[j] = i;
        at[j++] = v;
      }
    }
  }
  return { kind: column.kind, sparse: true, length: n, rows: outRows, at };
}

/** Code of `value` in a string column's dictionary, or 0 when it never occurs. */
export function codeOf(column: StringColumn, value: string): number {
  const i = column.dict.indexOf(value, 1);
  return i < 0 ? 0 : i;
}
