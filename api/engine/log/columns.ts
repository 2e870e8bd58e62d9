/**
 * Attribute columns. One array slot per row (event or case); a reserved "missing" value
 * instead of a separate null mask keeps every column a single typed array.
 */

/** Dictionary codes, as narrow as the dictionary allows (most event fields have a few values). */
export type Codes = Uint8Array | Uint16Array | Uint32Array;

/** Dictionary-encoded strings: code 0 is "missing", dict[0] is an unused placeholder. */
export interface StringColumn {
  readonly kind: 'string';
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
  readonly values: Float64Array;
}

/** Instants in epoch milliseconds (UTC); NaN is "missing". */
export interface TimeColumn {
  readonly kind: 'time';
  readonly values: Float64Array;
}

/** 0 missing, 1 false, 2 true. */
export interface BooleanColumn {
  readonly kind: 'boolean';
  readonly values: Uint8Array;
}

export type AttributeColumn = StringColumn | NumberColumn | TimeColumn | BooleanColumn;
export type AttributeKind = AttributeColumn['kind'];

/** A single attribute value as the outside world sees it. Times are epoch milliseconds. */
export type AttributeValue = string | number | boolean | null;

export function columnLength(column: AttributeColumn): number {
  return column.kind === 'string' ? column.codes.length : column.values.length;
}

export function isMissing(column: AttributeColumn, row: number): boolean {
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

/** A new column holding `column`'s rows in the order given by `rows` (-1 = missing). */
export function gatherColumn(column: AttributeColumn, rows: ArrayLike<number>): AttributeColumn {
  const n = rows.length;
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

/** Code of `value` in a string column's dictionary, or 0 when it never occurs. */
export function codeOf(column: StringColumn, value: string): number {
  const i = column.dict.indexOf(value, 1);
  return i < 0 ? 0 : i;
}
