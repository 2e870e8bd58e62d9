import type { Store } from './duckdb-store.ts';

export type ImportJobStatus = 'receiving' | 'queued' | 'importing' | 'saving' | 'succeeded' | 'failed';

/** A background import, as recorded once it ends (or is interrupted). */
export interface StoredImportJob {
  readonly id: string;
  readonly source: string;
  readonly logName: string;
  readonly fileName: string;
  readonly status: ImportJobStatus;
  readonly bytes: number | null;
  readonly events: number | null;
  readonly logId: string | null;
  readonly logVersion: number | null;
  /** JSON: why it failed. */
  readonly error: unknown;
  readonly notes: readonly string[];
  readonly createdBy: string | null;
  /** ISO-8601. */
  readonly createdAt: string;
  readonly finishedAt: string | null;
}

const COLUMNS = `id, source, log_name, file_name, status, bytes, events, log_id, log_version, error, notes, created_by,
  epoch_ms(created_at) AS created_at, epoch_ms(finished_at) AS finished_at`;

function toJob(row: Record<string, unknown>): StoredImportJob {
  const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
  return {
    id: String(row.id),
    source: String(row.source),
    logName: String(row.log_name),
    fileName: String(row.file_name),
    status: String(row.status) as ImportJobStatus,
    bytes: num(row.bytes),
    events: num(row.events),
    logId: row.log_id === null ? null : String(row.log_id),
    logVersion: num(row.log_version),
    error: row.error === null ? null : (JSON.parse(String(row.error)) as unknown),
    notes: row.notes === null ? [] : (JSON.parse(String(row.notes)) as string[]),
    createdBy: row.created_by === null ? null : String(row.created_by),
    createdAt: new Date(Number(row.created_at)).toISOString(),
    finishedAt: row.finished_at === null ? null : new Date(Number(row.finished_at)).toISOString(),
  };
}

/** Inserts or replaces the job's row. */
export function recordImportJob(store: Store, job: StoredImportJob): Promise<void> {
  const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso) * 1000);
  return store.transaction(async (tx) => {
    await tx.run('DELETE FROM import_jobs WHERE id = $1', [job.id]);
    await tx.run(
      `INSERT INTO import_jobs VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, make_timestamp($13::BIGINT),
         CASE WHEN $14::BIGINT IS NULL THEN NULL ELSE make_timestamp($14::BIGINT) END)`,
      [
        job.id,
        job.source,
        job.logName,
        job.fileName,
        job.status,
        job.bytes,
        job.events,
        job.logId,
        job.logVersion,
        job.error === null || job.error === undefined ? null : JSON.stringify(job.error),
        JSON.stringify(job.notes),
        job.createdBy,
        ms(job.createdAt),
        ms(job.finishedAt),
      ],
    );
  });
}

export async function getImportJob(store: Store, id: string): Promise<StoredImportJob | undefined> {
  const rows = await store.query(`SELECT ${COLUMNS} FROM import_jobs WHERE id = $1`, [id]);
  return rows.length ? toJob(rows[0]) : undefined;
}

export async function listImportJobs(store: Store, limit = 50): Promise<StoredImportJob[]> {
  const rows = await store.query(`SELECT ${COLUMNS} FROM import_jobs ORDER BY created_at DESC, id LIMIT $1`, [limit]);
  return rows.map(toJob);
}

/** Jobs a stopped process left unfinished: they can never finish, so they are marked failed. */
export function failInterruptedImportJobs(store: Store, reason: unknown): Promise<void> {
  return store.transaction(async (tx) => {
    await tx.run(
      `UPDATE import_jobs SET status = 'failed', error = $1, finished_at = make_timestamp($2::BIGINT)
       WHERE status NOT IN ('succeeded', 'failed')`,
      [JSON.stringify(reason), Date.now() * 1000],
    );
  });
}
