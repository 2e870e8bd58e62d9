import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';

export interface ExportFile {
  /** Column names in file order. */
  readonly columns: string[];
  /** DuckDB type of each column (Parquet: physical types; CSV: all VARCHAR). */
  readonly types: string[];
  /** Cells as text ('' for empty) for CSV; JS values for Parquet. */
  readonly rows: Record<string, unknown>[];
}

/** Reads an export response with DuckDB: a real CSV dialect and Parquet reader, not a hand-rolled one. */
export async function readExport(response: Response, format: 'csv' | 'parquet'): Promise<ExportFile> {
  const dir = await mkdtemp(join(tmpdir(), 'cl-read-export-'));
  const file = join(dir, `x.${format}`);
  await writeFile(file, Buffer.from(await response.arrayBuffer()));
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const source =
      format === 'csv'
        ? `read_csv('${file}', header = true, all_varchar = true, delim = ',', quote = '"', escape = '"', auto_detect = false, columns = ${await csvColumns(file)})`
        : `read_parquet('${file}')`;
    const described = (await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`)).getRowObjectsJS();
    const rows = (await connection.runAndReadAll(`SELECT * FROM ${source}`)).getRowObjectsJS();
    return {
      columns: described.map((d) => String(d.column_name)),
      types: described.map((d) => String(d.column_type)),
      rows: format === 'csv' ? rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, v ?? '']))) : rows,
    };
  } finally {
    connection.closeSync();
    instance.closeSync();
    await rm(dir, { recursive: true, force: true });
  }
}

/** The header as read_csv's columns struct, so names are taken verbatim. */
async function csvColumns(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  const header = (await readFile(file, 'utf8')).split(/\r?\n/, 1)[0];
  const names = header.split(',').map((n) => n.replace(/^"|"$/g, ''));
  return `{${names.map((n) => `'${n.replaceAll("'", "''")}': 'VARCHAR'`).join(', ')}}`;
}
