import type { ExportFormat, ExportType } from '../../contracts/export-schema.ts';

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
