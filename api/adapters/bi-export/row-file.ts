import { DuckDBInstance, timestampValue, type DuckDBAppender } from '@duckdb/node-api';
import type { ExportColumn, ExportFormat } from '../../contracts/export-schema.ts';
import { quoteIdentifier as q } from '../store/sql.ts';
import { copyTarget, exportSelectList, SQL_TYPE } from './copy-target.ts';

/** A cell: times as epoch milliseconds, null for empty. */
export type Cell = string | number | boolean | null;

/**
 * Rows computed in JavaScript (KPIs, violations) written as an export file. They go through an
 * in-memory DuckDB so CSV and Parquet come out exactly as the stored tables' exports do: the
 * same COPY, the same types, the same CSV dialect.
 */
export async function writeRowsFile(columns: readonly ExportColumn[], rows: Iterable<readonly Cell[]>, format: ExportFormat, path: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    await connection.run(`CREATE TABLE t (${columns.map((c) => `${q(c.name)} ${SQL_TYPE[c.type]}`).join(', ')})`);
    const appender = await connection.createAppender('t');
    try {
      for (const row of rows) {
        for (let i = 0; i < columns.length; i++) append(appender, columns[i], row[i] ?? null);
        appender.endRow();
      }
      appender.flushSync();
    } finally {
      appender.closeSync();
    }
    await connection.run(`COPY (SELECT ${exportSelectList(columns, format)} FROM t) ${copyTarget(path, format)}`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

function append(appender: DuckDBAppender, column: ExportColumn, value: Cell): void {
  if (value === null || (typeof value === 'number' && !Number.isFinite(value))) {
    appender.appendNull();
    return;
  }
  switch (column.type) {
    case 'string':
      appender.appendVarchar(String(value));
      return;
    case 'int64':
      appender.appendBigInt(BigInt(Math.round(Number(value))));
      return;
    case 'double':
      appender.appendDouble(Number(value));
      return;
    case 'dateTime':
      appender.appendTimestamp(timestampValue(BigInt(Math.round(Number(value))) * 1000n));
      return;
    case 'boolean':
      appender.appendBoolean(Boolean(value));
      return;
  }
}
