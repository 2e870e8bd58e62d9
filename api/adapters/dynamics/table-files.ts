import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Finding an exported table's files in a Synapse Link / Fabric Link folder: a folder named after
 * the table (any case, any depth of partition folders under it) holding .parquet or .csv files,
 * or a single <Table>.parquet / <Table>.csv beside the others.
 */

export interface TableFiles {
  readonly table: string;
  readonly format: 'parquet' | 'csv';
  readonly files: readonly string[];
  /** Columns of header-less CSV, from the export's model.json (CDM): name and DuckDB type. */
  readonly columns?: readonly ModelColumn[];
}

export interface ModelColumn {
  readonly name: string;
  readonly type: string;
}

const MODEL_TYPES: Record<string, string> = {
  string: 'VARCHAR',
  guid: 'VARCHAR',
  int64: 'BIGINT',
  int32: 'INTEGER',
  decimal: 'DOUBLE',
  double: 'DOUBLE',
  boolean: 'BOOLEAN',
  datetime: 'TIMESTAMP',
  datetimeoffset: 'TIMESTAMP',
  date: 'DATE',
};

async function filesUnder(dir: string, depth = 0): Promise<string[]> {
  if (depth > 6) return [];
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    // Delta logs and Spark markers are not data.
    if (entry.name.startsWith('_') || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await filesUnder(path, depth + 1)));
    else if (/\.(parquet|csv)$/i.test(entry.name)) out.push(path);
  }
  return out.sort();
}

/** Columns per table from a CDM model.json, as Synapse Link writes beside header-less CSV. */
async function modelColumns(folder: string): Promise<Map<string, ModelColumn[]>> {
  const columns = new Map<string, ModelColumn[]>();
  const text = await readFile(join(folder, 'model.json'), 'utf8').catch(() => undefined);
  if (!text) return columns;
  const model = JSON.parse(text) as { entities?: { name?: string; attributes?: { name?: string; dataType?: string }[] }[] };
  for (const entity of model.entities ?? []) {
    const list: ModelColumn[] = [];
    for (const a of entity.attributes ?? []) {
      if (typeof a.name === 'string') list.push({ name: a.name, type: MODEL_TYPES[(a.dataType ?? 'string').toLowerCase()] ?? 'VARCHAR' });
    }
    if (entity.name && list.length) columns.set(entity.name.toLowerCase(), list);
  }
  return columns;
}

export async function findTables(folder: string, tables: readonly string[]): Promise<Map<string, TableFiles>> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new Error(`${folder} is not a folder`);
  const entries = await readdir(folder, { withFileTypes: true });
  const model = await modelColumns(folder);
  const found = new Map<string, TableFiles>();
  for (const table of tables) {
    const lower = table.toLowerCase();
    let files: string[] = [];
    const dir = entries.find((e) => e.isDirectory() && e.name.toLowerCase() === lower);
    if (dir) files = await filesUnder(join(folder, dir.name));
    else {
      const file = entries.find((e) => e.isFile() && new RegExp(`^${lower}\\.(parquet|csv)$`, 'i').test(e.name));
      if (file) files = [join(folder, file.name)];
    }
    if (files.length === 0) continue;
    const parquet = files.filter((f) => /\.parquet$/i.test(f));
    const format = parquet.length ? 'parquet' : 'csv';
    found.set(table, { table, format, files: parquet.length ? parquet : files, columns: format === 'csv' ? model.get(lower) : undefined });
  }
  return found;
}
