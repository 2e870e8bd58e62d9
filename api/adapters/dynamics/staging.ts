import type { Store, StoreTransaction } from '../store/index.ts';
import { getField } from './fields.ts';

/**
 * Raw extracted rows per source and entity (table dynamics_staging) and each entity's
 * watermark (dynamics_watermarks). A page of rows and the watermark it justifies are committed
 * in one store transaction: after a crash the staged rows and the watermark agree, and the next
 * run resumes from there.
 */

export type StagedData = Record<string, unknown>;

export interface StagedRow {
  /** The row's key values, as JSON: the staging primary key within the entity. */
  readonly key: string;
  readonly data: StagedData;
}

export interface PageWrite {
  readonly source: string;
  readonly entity: string;
  readonly runId: string;
  readonly rows: readonly StagedRow[];
  /** Advances the entity's watermark together with the rows. */
  readonly watermark?: { readonly field: string; readonly value: string };
}

export function rowKey(row: StagedData, fields: readonly string[]): string {
  return JSON.stringify(fields.map((f) => getField(row, f) ?? null));
}

async function upsert(tx: StoreTransaction, write: PageWrite): Promise<void> {
  if (write.rows.length === 0) return;
  // The last occurrence of a key in a page wins, as it would row by row.
  const unique = new Map<string, StagedRow>();
  for (const row of write.rows) unique.set(row.key, row);
  const payload = JSON.stringify([...unique.values()].map((r) => ({ k: r.key, d: JSON.stringify(r.data) })));
  await tx.run(
    `INSERT OR REPLACE INTO dynamics_staging (source, entity, row_key, data, seen_run, staged_at)
     SELECT $1, $2, r.k, r.d, $3, now()::TIMESTAMP
     FROM (SELECT unnest(from_json($4, '[{"k":"VARCHAR","d":"VARCHAR"}]'), recursive := true)) r`,
    [write.source, write.entity, write.runId, payload],
  );
}

/** Stages a page and, with it, the watermark it allows. */
export function stagePage(store: Store, write: PageWrite): Promise<void> {
  return store.transaction(async (tx) => {
    await upsert(tx, write);
    if (write.watermark) {
      await tx.run(
        `INSERT OR REPLACE INTO dynamics_watermarks (source, entity, field, watermark, updated_at) VALUES ($1, $2, $3, $4, now()::TIMESTAMP)`,
        [write.source, write.entity, write.watermark.field, write.watermark.value],
      );
    }
  });
}

/**
 * Ends a full read of an entity: rows this run did not see are gone from the source. Incremental
 * reads never call it (OData reports no deletions; a --full run clears them).
 */
export function completeFullRead(store: Store, source: string, entity: string, runId: string): Promise<number> {
  return store.transaction(async (tx) => {
    const gone = await tx.query('SELECT count(*) AS n FROM dynamics_staging WHERE source = $1 AND entity = $2 AND seen_run <> $3', [source, entity, runId]);
    await tx.run('DELETE FROM dynamics_staging WHERE source = $1 AND entity = $2 AND seen_run <> $3', [source, entity, runId]);
    return Number(gone[0].n);
  });
}

/** The committed watermark of an entity, if its field is still the one the mapping names. */
export async function readWatermark(store: Store, source: string, entity: string, field: string): Promise<string | undefined> {
  const found = await store.transaction((tx) =>
    tx.query('SELECT field, watermark FROM dynamics_watermarks WHERE source = $1 AND entity = $2', [source, entity]),
  );
  return found.length && found[0].field === field ? String(found[0].watermark) : undefined;
}

export async function readWatermarks(store: Store, source: string): Promise<Map<string, string>> {
  const found = await store.transaction((tx) => tx.query('SELECT entity, watermark FROM dynamics_watermarks WHERE source = $1', [source]));
  return new Map(found.map((r) => [String(r.entity), String(r.watermark)]));
}

/** Every staged row of a source, by entity. */
export async function readStaged(store: Store, source: string): Promise<Map<string, StagedData[]>> {
  const found = await store.transaction((tx) =>
    tx.query('SELECT entity, data FROM dynamics_staging WHERE source = $1 ORDER BY entity, row_key', [source]),
  );
  const byEntity = new Map<string, StagedData[]>();
  for (const r of found) {
    const entity = String(r.entity);
    let rows = byEntity.get(entity);
    if (!rows) byEntity.set(entity, (rows = []));
    rows.push(JSON.parse(String(r.data)) as StagedData);
  }
  return byEntity;
}

export async function stagedCounts(store: Store, source: string): Promise<Map<string, number>> {
  const found = await store.transaction((tx) =>
    tx.query('SELECT entity, count(*) AS n FROM dynamics_staging WHERE source = $1 GROUP BY entity', [source]),
  );
  return new Map(found.map((r) => [String(r.entity), Number(r.n)]));
}

export interface SyncRunRecord {
  readonly runId: string;
  readonly source: string;
  readonly dryRun: boolean;
  readonly startedAt: number;
}

export function recordRunStart(store: Store, run: SyncRunRecord): Promise<void> {
  return store.transaction((tx) =>
    tx.run(`INSERT INTO dynamics_sync_runs (run_id, source, dry_run, started_at, status) VALUES ($1, $2, $3, $4, 'running')`, [
      run.runId,
      run.source,
      run.dryRun,
      new Date(run.startedAt),
    ]),
  );
}

export function recordRunEnd(store: Store, runId: string, status: 'succeeded' | 'failed', summary: unknown): Promise<void> {
  return store.transaction((tx) =>
    tx.run(`UPDATE dynamics_sync_runs SET status = $2, finished_at = now()::TIMESTAMP, summary = $3 WHERE run_id = $1`, [
      runId,
      status,
      JSON.stringify(summary),
    ]),
  );
}

/**
 * Runs a stopped process left 'running' (killed mid-sync): they can never finish, so they are
 * recorded failed. Their committed pages and watermarks stay; the next run resumes from them.
 */
export function failInterruptedRuns(store: Store, source: string): Promise<void> {
  return store.transaction((tx) =>
    tx.run(`UPDATE dynamics_sync_runs SET status = 'failed', finished_at = now()::TIMESTAMP, summary = $2 WHERE source = $1 AND status = 'running'`, [
      source,
      JSON.stringify({ error: 'the process stopped during this sync; the next run resumed from the last committed page' }),
    ]),
  );
}

export interface SyncRunInfo {
  readonly runId: string;
  readonly source: string;
  readonly dryRun: boolean;
  readonly status: string;
  readonly startedAt: string;
  readonly finishedAt?: string;
  readonly summary?: unknown;
}

/** The most recent runs of a source, newest first (for a status page). */
export async function recentRuns(store: Store, source: string, limit = 10): Promise<SyncRunInfo[]> {
  const found = await store.transaction((tx) =>
    tx.query('SELECT * FROM dynamics_sync_runs WHERE source = $1 ORDER BY seq DESC LIMIT $2', [source, limit]),
  );
  return found.map((r) => ({
    runId: String(r.run_id),
    source: String(r.source),
    dryRun: r.dry_run === true,
    status: String(r.status),
    startedAt: (r.started_at as Date).toISOString(),
    finishedAt: r.finished_at instanceof Date ? r.finished_at.toISOString() : undefined,
    summary: typeof r.summary === 'string' ? JSON.parse(r.summary) : undefined,
  }));
}
