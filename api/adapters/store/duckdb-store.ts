import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import { DuckDBInstance, timestampValue, type DuckDBConnection, type DuckDBValue } from '@duckdb/node-api';
import type { EventLog } from '../../engine/log/event-log.ts';
import { dropLogTables, logTables, msToTimestamp, readLogTables, timestampToMs, validateLog, writeLogTables, type LogTables, type SaveHook } from './log-tables.ts';
import { migrate } from './migrations.ts';
import { Mutex } from './mutex.ts';
import { readOrganisation, validateOrganisation, writeOrganisation, type OrganisationData } from './organisation.ts';

/**
 * The embedded analytical store: one DuckDB file in the data folder holding every imported
 * log (as SQL-queryable tables) and the organisation.
 *
 * Writes go through one connection, one at a time (an async mutex), each in its own
 * transaction. Reads open their own short-lived connection and read inside a transaction, so
 * they run alongside a write and see the last committed state, never half of an import.
 */

export interface LogInfo {
  id: string;
  name: string;
  source: string;
  version: number;
  cases: number;
  events: number;
  activities: number;
  /** ISO-8601; the log's "as of" instant. */
  lastDataUpdate: string;
  /** ISO-8601. */
  importedAt: string;
}

export type { OrganisationData } from './organisation.ts';

/** A value bound to a statement parameter ($1, $2, …). Dates become TIMESTAMP (UTC). */
export type SqlValue = string | number | boolean | bigint | Date | null;

/** SQL inside one store transaction (see {@link Store.transaction}). */
export interface StoreTransaction {
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /** Rows as plain objects; BIGINT comes back as bigint, TIMESTAMP as Date. */
  query(sql: string, params?: readonly SqlValue[]): Promise<Record<string, unknown>[]>;
}

export interface StoreOptions {
  /** Testing only: called at each stage of saveLog; throwing makes the save fail there. */
  readonly onSaveStage?: SaveHook;
}

export const DATABASE_FILE = 'collections-lens.duckdb';

/** The data folder: $DATA_DIR, else ./data. */
export function defaultDataDir(): string {
  return process.env.DATA_DIR || './data';
}

export class StoreError extends Error {}

// DuckDB must not have one database file open twice in a process.
const openFiles = new Set<string>();

interface LogRow {
  id: string;
  name: string;
  source: string;
  version: number;
  tableNo: number;
  cases: number;
  events: number;
  activities: number;
  hasEndTime: boolean;
  lastDataUpdate: number;
  importedAt: number;
}

const LOG_COLUMNS = `id, name, source, version, table_no, cases, events, activities, has_end_time,
  ${timestampToMs('last_data_update')} AS last_data_update, epoch_ms(imported_at) AS imported_at`;

function toLogRow(r: Record<string, unknown>): LogRow {
  const last = r.last_data_update;
  return {
    id: String(r.id),
    name: String(r.name),
    source: String(r.source),
    version: Number(r.version),
    tableNo: Number(r.table_no),
    cases: Number(r.cases),
    events: Number(r.events),
    activities: Number(r.activities),
    hasEndTime: r.has_end_time === true,
    lastDataUpdate: last === null || last === undefined ? Number.NaN : Number(last),
    importedAt: Number(r.imported_at),
  };
}

function toLogInfo(row: LogRow): LogInfo {
  return {
    id: row.id,
    name: row.name,
    source: row.source,
    version: row.version,
    cases: row.cases,
    events: row.events,
    activities: row.activities,
    lastDataUpdate: Number.isNaN(row.lastDataUpdate) ? '' : new Date(row.lastDataUpdate).toISOString(),
    importedAt: new Date(row.importedAt).toISOString(),
  };
}

/** A readable, URL-safe id that is the same every time the same source is imported. */
export function logIdForSource(source: string, hashLength = 12): string {
  const slug = source
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const hash = createHash('sha256').update(source, 'utf8').digest('hex').slice(0, hashLength);
  return slug ? `${slug}-${hash}` : hash;
}

function toDuckDBValue(value: SqlValue): DuckDBValue {
  if (value instanceof Date) return timestampValue(BigInt(Math.round(value.getTime())) * 1000n);
  return value;
}

async function rows(connection: DuckDBConnection, sql: string, params: readonly SqlValue[] = []): Promise<Record<string, unknown>[]> {
  const reader = await connection.runAndReadAll(sql, params.map(toDuckDBValue));
  return reader.getRowObjectsJS() as Record<string, unknown>[];
}

export class Store {
  private readonly writes = new Mutex();
  private readonly activeReads = new Set<Promise<unknown>>();
  private closed = false;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    /** Absolute path of the database file. */
    readonly file: string,
    private readonly options: StoreOptions,
  ) {}

  /** Opens (creating if needed) `<dataDir>/collections-lens.duckdb` and brings its schema up to date. */
  static async open(dataDir: string = defaultDataDir(), options: StoreOptions = {}): Promise<Store> {
    await mkdir(dataDir, { recursive: true });
    const file = resolve(dataDir, DATABASE_FILE);
    if (openFiles.has(file)) throw new StoreError(`${file} is already open in this process; share the Store instead`);
    openFiles.add(file);
    let instance: DuckDBInstance | undefined;
    let writer: DuckDBConnection | undefined;
    try {
      instance = await DuckDBInstance.create(file);
      writer = await instance.connect();
      await migrate(writer);
      return new Store(instance, writer, file, options);
    } catch (error) {
      writer?.closeSync();
      instance?.closeSync();
      openFiles.delete(file);
      throw error;
    }
  }

  /**
   * Stores a log in one transaction. A log with the same `source` is replaced: the new version
   * gets the next version number under the same id and the old version's tables are dropped in
   * that same transaction. On any failure nothing changes.
   */
  saveLog(input: { name: string; source: string; log: EventLog }): Promise<LogInfo> {
    const { name, source, log } = input;
    if (typeof name !== 'string' || typeof source !== 'string' || source.length === 0) {
      return Promise.reject(new StoreError('a log needs a name and a non-empty source'));
    }
    return this.write(async (connection) => {
      validateLog(log);
      const hook = this.options.onSaveStage;
      return this.inTransaction(connection, async () => {
        const existing = (await rows(connection, `SELECT ${LOG_COLUMNS} FROM logs WHERE source = $1`, [source])).map(toLogRow)[0];
        const id = existing?.id ?? (await this.newId(connection, source));
        const versions = await rows(connection, 'SELECT last_version FROM log_versions WHERE id = $1', [id]);
        const version = (versions.length ? Number(versions[0].last_version) : 0) + 1;
        const tableNo = Number((await rows(connection, "SELECT nextval('log_table_seq') AS n"))[0].n);

        await writeLogTables(connection, tableNo, log, hook);
        if (existing) await dropLogTables(connection, existing.tableNo);

        const values = [
          id,
          name,
          source,
          version,
          tableNo,
          log.caseIds.length,
          log.activity.length,
          log.activities.length,
          log.endTime !== null,
          log.lastDataUpdate,
          Date.now() * 1000,
        ];
        if (existing) {
          await connection.run(
            `UPDATE logs SET name = $2, source = $3, version = $4, table_no = $5, cases = $6, events = $7, activities = $8,
               has_end_time = $9, last_data_update = ${msToTimestamp('$10::DOUBLE')}, imported_at = make_timestamp($11::BIGINT)
             WHERE id = $1`,
            values,
          );
        } else {
          await connection.run(
            `INSERT INTO logs (id, name, source, version, table_no, cases, events, activities, has_end_time, last_data_update, imported_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, ${msToTimestamp('$10::DOUBLE')}, make_timestamp($11::BIGINT))`,
            values,
          );
        }
        if (versions.length) await connection.run('UPDATE log_versions SET last_version = $2 WHERE id = $1', [id, version]);
        else await connection.run('INSERT INTO log_versions VALUES ($1, $2, $3)', [id, source, version]);
        await hook?.('catalogued');

        const saved = (await rows(connection, `SELECT ${LOG_COLUMNS} FROM logs WHERE id = $1`, [id])).map(toLogRow)[0];
        return toLogInfo(saved);
      });
    });
  }

  /** Imported logs, most recently imported (or re-imported) first. */
  listLogs(): Promise<LogInfo[]> {
    return this.read(async (connection) =>
      (await rows(connection, `SELECT ${LOG_COLUMNS} FROM logs ORDER BY table_no DESC`)).map((r) => toLogInfo(toLogRow(r))),
    );
  }

  getLog(id: string): Promise<LogInfo | undefined> {
    return this.read(async (connection) => {
      const found = await rows(connection, `SELECT ${LOG_COLUMNS} FROM logs WHERE id = $1`, [id]);
      return found.length ? toLogInfo(toLogRow(found[0])) : undefined;
    });
  }

  /** The stored log, exactly as saved (string dictionaries may come back in another order). */
  loadLog(id: string): Promise<EventLog> {
    return this.read(async (connection) => {
      const found = await rows(connection, `SELECT ${LOG_COLUMNS} FROM logs WHERE id = $1`, [id]);
      if (!found.length) throw new StoreError(`no log with id "${id}"`);
      const row = toLogRow(found[0]);
      return readLogTables(connection, {
        tableNo: row.tableNo,
        cases: row.cases,
        events: row.events,
        hasEndTime: row.hasEndTime,
        lastDataUpdate: row.lastDataUpdate,
      });
    });
  }

  /**
   * The physical tables of a log's current version, for SQL over them (exports, benchmarks).
   * The names change with every version: look them up again after a re-import.
   */
  getLogTables(id: string): Promise<LogTables | undefined> {
    return this.read(async (connection) => {
      const found = await rows(connection, 'SELECT table_no FROM logs WHERE id = $1', [id]);
      return found.length ? logTables(Number(found[0].table_no)) : undefined;
    });
  }

  /** Removes a log and its tables; false when there was none. */
  deleteLog(id: string): Promise<boolean> {
    return this.write((connection) =>
      this.inTransaction(connection, async () => {
        const found = await rows(connection, 'SELECT table_no FROM logs WHERE id = $1', [id]);
        if (!found.length) return false;
        await dropLogTables(connection, Number(found[0].table_no));
        await connection.run('DELETE FROM logs WHERE id = $1', [id]);
        return true;
      }),
    );
  }

  /** Replaces the organisation in one transaction. */
  saveOrganisation(org: OrganisationData): Promise<void> {
    return this.write(async (connection) => {
      validateOrganisation(org);
      await this.inTransaction(connection, () => writeOrganisation(connection, org));
    });
  }

  getOrganisation(): Promise<OrganisationData> {
    return this.read((connection) => readOrganisation(connection));
  }

  /** Read-only SQL over the last committed state; runs alongside writes instead of queueing behind them. */
  query(sql: string, params: readonly SqlValue[] = []): Promise<Record<string, unknown>[]> {
    return this.read((connection) => rows(connection, sql, params));
  }

  /**
   * Runs `work` in one write transaction: committed when it resolves, rolled back when it
   * throws. Writes are serialised, so `work` must not call the Store's own write methods
   * (they would wait for it forever).
   */
  transaction<T>(work: (tx: StoreTransaction) => Promise<T>): Promise<T> {
    return this.write((connection) =>
      this.inTransaction(connection, async () => {
        let open = true;
        const guard = () => {
          if (!open) throw new StoreError('the transaction has ended');
        };
        const tx: StoreTransaction = {
          run: async (sql, params = []) => {
            guard();
            await connection.run(sql, params.map(toDuckDBValue));
          },
          query: async (sql, params = []) => {
            guard();
            return rows(connection, sql, params);
          },
        };
        try {
          return await work(tx);
        } finally {
          open = false;
        }
      }),
    );
  }

  /** Waits for queued writes and running reads, then closes the database file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.writes.idle();
    await Promise.allSettled([...this.activeReads]);
    try {
      this.writer.closeSync();
      this.instance.closeSync();
    } finally {
      openFiles.delete(this.file);
    }
  }

  private write<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('the store is closed'));
    return this.writes.run(() => work(this.writer));
  }

  private read<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new StoreError('the store is closed'));
    const task = (async () => {
      const connection = await this.instance.connect();
      try {
        // One snapshot for the whole read: a concurrent replace cannot drop tables under it.
        await connection.run('BEGIN TRANSACTION READ ONLY');
        try {
          return await work(connection);
        } finally {
          await connection.run('ROLLBACK').catch(() => undefined);
        }
      } finally {
        connection.closeSync();
      }
    })();
    this.activeReads.add(task);
    const forget = () => this.activeReads.delete(task);
    task.then(forget, forget);
    return task;
  }

  private async inTransaction<T>(connection: DuckDBConnection, work: () => Promise<T>): Promise<T> {
    await connection.run('BEGIN TRANSACTION');
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
    try {
      await connection.run('COMMIT');
    } catch (error) {
      // A failed commit can leave the transaction open on this connection; the next write needs it gone.
      await connection.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
    return result;
  }

  /** The source's id, lengthening the hash in the unlikely case another source already has it. */
  private async newId(connection: DuckDBConnection, source: string): Promise<string> {
    for (let length = 12; length <= 64; length += 4) {
      const id = logIdForSource(source, length);
      const taken = await rows(connection, 'SELECT source FROM log_versions WHERE id = $1', [id]);
      if (!taken.length || taken[0].source === source) return id;
    }
    throw new StoreError(`cannot derive an id for source "${source}"`);
  }
}
