import type { ExportColumn, ExportFormat, ExportType } from '../../contracts/export-schema.ts';
import { quoteIdentifier as q } from '../store/sql.ts';

/** How each export type is stored: Parquet takes its physical types from these. */
export const SQL_TYPE: Readonly<Record<ExportType, string>> = {
  string: 'VARCHAR',
  int64: 'BIGINT',
  double: 'DOUBLE',
  dateTime: 'TIMESTAMP',
  boolean: 'BOOLEAN',
};

/**
 * The TO clause of a DuckDB COPY. CSV times carry no zone suffix: Power Query's `type datetime`
 * reads ISO-8601 without one, and every time in the exports is UTC (docs/EXPORTS.md says so).
 */
export function copyTarget(path: string, format: ExportFormat): string {
  const file = `'${path.replaceAll("'", "''")}'`;
  if (format === 'parquet') return `TO ${file} (FORMAT parquet, COMPRESSION zstd)`;
  return `TO ${file} (FORMAT csv, HEADER true, DELIMITER ',', QUOTE '"', TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%g')`;
}

/**
 * The select list of an export file. CSV opens in Excel, where a text cell beginning with
 * = + - @ (or a tab or carriage return before one) runs as a formula: a customer named
 * =HYPERLINK(...) in Dynamics would otherwise act in the reader's spreadsheet. Such text cells
 * get a leading apostrophe (OWASP's advice), which Excel shows as plain text. Typed columns
 * are left alone (-12.5 stays a number), and Parquet carries types, not formulas.
 */
export function exportSelectList(columns: readonly ExportColumn[], format: ExportFormat): string {
  return columns
    .map((column) => {
      const name = q(column.name);
      if (format !== 'csv' || column.type !== 'string') return name;
      return `CASE WHEN left(${name}, 1) IN ('=', '+', '-', '@', chr(9), chr(13)) THEN '''' || ${name} ELSE ${name} END AS ${name}`;
    })
    .join(', ');
}
