import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/**
 * The straightforward SQL a data engineer would write for the map, the variants and the case
 * durations, run by DuckDB on the same events as the engine: the yardstick of the engine
 * issue. Nothing here is tuned; it is what "just use SQL" costs.
 */

export interface DuckDb {
  readonly instance: DuckDBInstance;
  readonly connection: DuckDBConnection;
  readonly version: string;
  readonly threads: number;
}

/** An in-memory database with DuckDB's default settings (threads = cores). */
export async function openDuckDb(): Promise<DuckDb> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const [row] = (await connection.runAndReadAll(`SELECT version() AS version, current_setting('threads') AS threads`)).getRowObjectsJS();
  return { instance, connection, version: String(row.version), threads: Number(row.threads) };
}

export function closeDuckDb(db: DuckDb): void {
  db.connection.closeSync();
  db.instance.closeSync();
}

const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** DuckDB's own CSV reader on the file, every column, types sniffed: the load baseline. */
export async function readCsvIntoTable(db: DuckDb, path: string, table = 'events'): Promise<number> {
  await db.connection.run(`CREATE OR REPLACE TABLE ${table} AS SELECT * FROM read_csv(${literal(path)})`);
  const [row] = (await db.connection.runAndReadAll(`SELECT count(*) AS n FROM ${table}`)).getRowObjectsJS();
  return Number(row.n);
}

/**
 * The three columns the baseline reads, times as epoch ms and `seq` the file order (rowid
 * follows insertion order, which DuckDB preserves by default), the tie-break the engine uses
 * for events at the same instant.
 */
export async function baselineTable(db: DuckDb, from = 'events', table = 'ev'): Promise<void> {
  await db.connection.run(
    `CREATE OR REPLACE TABLE ${table} AS
       SELECT InvoiceNumber AS case_id, ActivityName AS activity, epoch_ms(EventTime) AS t, rowid AS seq FROM ${from}`,
  );
}

export const DFG_SQL = `
  WITH steps AS (
    SELECT activity,
           lead(activity) OVER w AS next_activity,
           lead(t) OVER w - t AS wait
    FROM ev
    WINDOW w AS (PARTITION BY case_id ORDER BY t, seq)
  )
  SELECT activity, next_activity, count(*) AS occurrences, avg(wait) AS mean_wait, median(wait) AS median_wait
  FROM steps WHERE next_activity IS NOT NULL
  GROUP BY activity, next_activity`;

export const VARIANTS_SQL = `
  SELECT variant, count(*) AS cases, avg(duration) AS mean_duration, median(duration) AS median_duration
  FROM (
    SELECT string_agg(activity, ' > ' ORDER BY t, seq) AS variant, max(t) - min(t) AS duration
    FROM ev GROUP BY case_id
  )
  GROUP BY variant`;

export const DURATIONS_SQL = `
  SELECT count(*) AS cases, avg(duration) AS mean, median(duration) AS median, min(duration) AS min, max(duration) AS max
  FROM (SELECT max(t) - min(t) AS duration FROM ev GROUP BY case_id)`;

export interface BaselineRun {
  readonly dfgMs: number;
  readonly variantsMs: number;
  readonly durationsMs: number;
  readonly totalMs: number;
  readonly edges: number;
  readonly variants: number;
  readonly cases: number;
  readonly meanDurationMs: number;
}

/** One run of the three queries, results read back into JS as the engine's are. */
export async function runBaseline(db: DuckDb): Promise<BaselineRun> {
  const query = async (sql: string) => {
    const started = performance.now();
    const rows = (await db.connection.runAndReadAll(sql)).getRowObjectsJS();
    return { ms: performance.now() - started, rows };
  };
  const dfg = await query(DFG_SQL);
  const variants = await query(VARIANTS_SQL);
  const durations = await query(DURATIONS_SQL);
  const summary = durations.rows[0];
  return {
    dfgMs: dfg.ms,
    variantsMs: variants.ms,
    durationsMs: durations.ms,
    totalMs: dfg.ms + variants.ms + durations.ms,
    edges: dfg.rows.length,
    variants: variants.rows.length,
    cases: Number(summary.cases),
    meanDurationMs: Number(summary.mean),
  };
}
