/**
 * SQL text helpers. Identifiers are the only thing ever spliced into statements; every value
 * travels as a bound parameter.
 */

/** A double-quoted SQL identifier: any character is allowed, embedded quotes are doubled. */
export function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Column names for attributes, unique among themselves and against the fixed columns.
 * DuckDB resolves identifiers case-insensitively even when quoted, so "Amount" and "amount"
 * need distinct columns; the attribute's own name is kept in the catalogue either way.
 */
export function uniqueColumnNames(names: readonly string[], reserved: readonly string[]): string[] {
  const used = new Set(reserved.map((r) => r.toLowerCase()));
  return names.map((name) => {
    // NUL cannot appear in an identifier; the empty name is refused by the parser.
    const base = name.replaceAll('\0', '') || '_';
    let candidate = base;
    for (let n = 2; used.has(candidate.toLowerCase()); n++) candidate = `${base}_${n}`;
    used.add(candidate.toLowerCase());
    return candidate;
  });
}
