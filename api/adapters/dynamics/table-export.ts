import { randomUUID } from 'node:crypto';
import { resolve } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { Store } from '../store/index.ts';
import { quoteIdentifier } from '../store/sql.ts';
import { saveLogFromStaging } from './events-from-staging.ts';
import type { DynamicsMapping, EntitySpec } from './mapping-schema.ts';
import { completeFullRead, recordRunEnd, recordRunStart, rowKey, stagePage, type StagedData } from './staging.ts';
import type { EntitySyncResult, SyncProgress, SyncResult } from './sync.ts';
import { findTables, type TableFiles } from './table-files.ts';

/**
 * The table-export source for large tenants: the raw tables Synapse Link / Fabric Link export
 * (Parquet or CSV folders) read with DuckDB, each mapped entity's SQL projecting them into the
 * same staged shape the OData entities have, so that both sources share the mapping to events.
 * Every run reads the export in full: it is a snapshot, and DuckDB reads it faster than any
 * bookkeeping of what changed would save.
 */

const BATCH_ROWS = 5000;

export interface TableSyncOptions {
  readonly store: Store;
  readonly mapping: DynamicsMapping;
  readonly folder: string;
  /** Default `dynamics-tables:<absolute folder>`. */
  readonly source?: string;
  readonly name?: string;
  readonly dryRun?: boolean;
  readonly now?: () => number;
  readonly onProgress?: (progress: SyncProgress) => void;
}

export function tablesSource(folder: string): string {
  return `dynamics-tables:${resolve(folder)}`;
}

const sqlString = (s: string): string => `'${s.replaceAll("'", "''")}'`;

function reader(files: TableFiles): string {
  const list = `[${files.files.map(sqlString).join(', ')}]`;
  if (files.format === 'parquet') return `read_parquet(${list}, union_by_name = true)`;
  if (files.columns) {
    // Header-less Synapse Link CSV: names from model.json; every column read as text, typed below.
    const columns = files.columns.map((c) => `${sqlString(c.name)}: 'VARCHAR'`).join(', ');
    return `read_csv(${list}, header = false, columns = {${columns}})`;
  }
  return `read_csv(${list}, header = true, union_by_name = true)`;
}

/**
 * A view per table. Append-only exports repeat a row per version and mark deletions: the view
 * keeps the latest version of each RecId and drops deleted ones.
 */
async function createView(connection: DuckDBConnection, files: TableFiles): Promise<void> {
  const name = quoteIdentifier(files.table);
  let select = `SELECT * FROM ${reader(files)}`;
  if (files.columns) {
    const casts = files.columns.map((c) => `TRY_CAST(${quoteIdentifier(c.name)} AS ${c.type}) AS ${quoteIdentifier(c.name)}`);
    select = `SELECT ${casts.join(', ')} FROM ${reader(files)}`;
  }
  await connection.run(`CREATE OR REPLACE TEMP VIEW ${name} AS ${select}`);
  const described = await connection.runAndReadAll(`DESCRIBE ${name}`);
  const columns = new Set(described.getRowObjectsJS().map((r) => String(r.column_name).toLowerCase()));
  if (columns.has('recid') && columns.has('versionnumber') && columns.has('isdelete')) {
    await connection.run(
      `CREATE OR REPLACE TEMP VIEW ${name} AS SELECT * EXCLUDE (cl_version_rank) FROM (
         SELECT *, row_number() OVER (PARTITION BY recid ORDER BY versionnumber DESC) AS cl_version_rank FROM (${select})
       ) WHERE cl_version_rank = 1 AND coalesce(lower(CAST(isdelete AS VARCHAR)), '') NOT IN ('true', '1')`,
    );
  }
}

export async function syncTables(options: TableSyncOptions): Promise<SyncResult> {
  const { store, mapping, dryRun = false } = options;
  const source = options.source ?? tablesSource(options.folder);
  const now = options.now ?? Date.now;
  const startedAt = now();
  const runId = randomUUID();
  const progress = options.onProgress ?? (() => undefined);
  const mapped = mapping.entities.filter((e): e is EntitySpec & { table: NonNullable<EntitySpec['table']> } => e.table !== undefined);
  const needed = [...new Set(mapped.flatMap((e) => e.table.tables))];
  const found = await findTables(options.folder, needed);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const entities: EntitySyncResult[] = [];
  const notes: string[] = [];
  if (!dryRun) await recordRunStart(store, { runId, source, dryRun, startedAt });
  try {
    for (const files of found.values()) await createView(connection, files);
    for (const entity of mapped) {
      const missing = entity.table.tables.filter((t) => !found.has(t));
      if (missing.length) {
        if (mapping.cases.some((c) => c.entity === entity.name)) throw new Error(`cannot sync without the invoices: no ${missing.join(', ')} in ${options.folder}`);
        const why = `no ${missing.join(', ')} in the export`;
        notes.push(`${entity.name} skipped: ${why}`);
        entities.push({ entity: entity.name, skipped: why, mode: 'full', fetched: 0, pages: 0 });
        continue;
      }
      progress({ phase: 'entity', entity: entity.name, fetched: 0 });
      if (dryRun) {
        const counted = await connection.runAndReadAll(`SELECT count(*) AS n FROM (${entity.table.sql})`);
        entities.push({ entity: entity.name, mode: 'full', fetched: 0, pages: 0, wouldFetch: Number(counted.getRowsJS()[0][0]) });
        continue;
      }
      entities.push(await stageEntity(connection, store, source, runId, entity, progress));
    }
    if (dryRun) return { runId, dryRun, startedAt, entities, notes };
    progress({ phase: 'build' });
    const saved = await saveLogFromStaging({
      store,
      mapping,
      source,
      name: options.name ?? `Dynamics 365 tables (${resolve(options.folder)})`,
      kind: 'tables',
      lastDataUpdate: startedAt,
    });
    notes.push(...saved.notes);
    progress({ phase: 'saved' });
    await recordRunEnd(store, runId, 'succeeded', { entities, notes, logId: saved.info.id, version: saved.info.version });
    return { runId, dryRun, startedAt, entities, notes, log: saved.info, cases: saved.cases };
  } catch (error) {
    if (!dryRun) await recordRunEnd(store, runId, 'failed', { entities, notes, error: (error as Error).message }).catch(() => undefined);
    throw error;
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

async function stageEntity(
  connection: DuckDBConnection,
  store: Store,
  source: string,
  runId: string,
  entity: EntitySpec & { table: NonNullable<EntitySpec['table']> },
  progress: (p: SyncProgress) => void,
): Promise<EntitySyncResult> {
  const result = await connection.stream(`SELECT to_json(t)::VARCHAR AS j FROM (${entity.table.sql}) t`);
  let batch: StagedData[] = [];
  let fetched = 0;
  let pages = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await stagePage(store, { source, entity: entity.name, runId, rows: batch.map((data) => ({ key: rowKey(data, entity.key), data })) });
    pages++;
    batch = [];
    progress({ phase: 'page', entity: entity.name, fetched, pages });
  };
  for await (const rows of result.yieldRowsJs()) {
    for (const [json] of rows) {
      batch.push(JSON.parse(String(json)) as StagedData);
      fetched++;
    }
    if (batch.length >= BATCH_ROWS) await flush();
  }
  await flush();
  const removed = await completeFullRead(store, source, entity.name, runId);
  return { entity: entity.name, mode: 'full', fetched, pages, removed };
}
