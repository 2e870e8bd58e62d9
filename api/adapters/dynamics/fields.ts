/**
 * Field access that ignores case. F&O names are case-insensitive, and DuckDB keeps a source
 * column's own spelling when a table-export query selects it without an alias (a Synapse
 * export's `invoicedate` for a mapping's `InvoiceDate`).
 */

type Row = Record<string, unknown>;

const lowerKeys = new WeakMap<Row, Map<string, string>>();

/** The row's own spelling of a field name, if it has the field in any case. */
export function fieldName(row: Row, name: string): string | undefined {
  if (name in row) return name;
  let keys = lowerKeys.get(row);
  if (!keys) {
    keys = new Map();
    for (const key of Object.keys(row)) if (!keys.has(key.toLowerCase())) keys.set(key.toLowerCase(), key);
    lowerKeys.set(row, keys);
  }
  return keys.get(name.toLowerCase());
}

export function getField(row: Row, name: string): unknown {
  const own = fieldName(row, name);
  return own === undefined ? undefined : row[own];
}
