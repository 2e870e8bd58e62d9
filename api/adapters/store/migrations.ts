import type { DuckDBConnection } from '@duckdb/node-api';

/**
 * The store's schema, as an append-only list of migrations. A released migration is never
 * edited: a change is a new entry, so a data folder written by any earlier build upgrades in
 * place when it is opened.
 */
export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly statements: readonly string[];
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'log catalogue, per-log metadata, organisation',
    statements: [
      // Numbers the physical tables of each imported log version (log_<n>_events, log_<n>_cases).
      // Never reused, so a replaced version's tables cannot be mistaken for the new one's.
      `CREATE SEQUENCE log_table_seq START 1`,
      `CREATE TABLE logs (
        id VARCHAR PRIMARY KEY,
        name VARCHAR NOT NULL,
        source VARCHAR NOT NULL UNIQUE,
        version INTEGER NOT NULL,
        table_no INTEGER NOT NULL UNIQUE,
        cases BIGINT NOT NULL,
        events BIGINT NOT NULL,
        activities INTEGER NOT NULL,
        has_end_time BOOLEAN NOT NULL,
        last_data_update TIMESTAMP,
        imported_at TIMESTAMP NOT NULL
      )`,
      // Survives deleteLog so that a source imported again never reuses a version number
      // (caches downstream key on id + version).
      `CREATE TABLE log_versions (
        id VARCHAR PRIMARY KEY,
        source VARCHAR NOT NULL,
        last_version INTEGER NOT NULL
      )`,
      // One row per attribute of a stored log version: its name and kind as the engine knows
      // them, and the physical column that holds it.
      `CREATE TABLE log_columns (
        table_no INTEGER NOT NULL,
        level VARCHAR NOT NULL,
        position INTEGER NOT NULL,
        name VARCHAR NOT NULL,
        kind VARCHAR NOT NULL,
        column_name VARCHAR NOT NULL,
        PRIMARY KEY (table_no, level, position)
      )`,
      // The activity dictionary in code order, including activities no event uses.
      `CREATE TABLE log_activities (
        table_no INTEGER NOT NULL,
        code INTEGER NOT NULL,
        activity VARCHAR NOT NULL,
        PRIMARY KEY (table_no, code)
      )`,
      `CREATE TABLE log_derivation_rules (
        table_no INTEGER NOT NULL,
        rule_index INTEGER NOT NULL,
        rule VARCHAR NOT NULL,
        PRIMARY KEY (table_no, rule_index)
      )`,
      `CREATE TABLE org_teams (
        position INTEGER PRIMARY KEY,
        name VARCHAR NOT NULL,
        manager VARCHAR NOT NULL
      )`,
      `CREATE TABLE org_team_members (
        team_position INTEGER NOT NULL,
        position INTEGER NOT NULL,
        member VARCHAR NOT NULL,
        PRIMARY KEY (team_position, position)
      )`,
      `CREATE TABLE org_collectors (
        position INTEGER PRIMARY KEY,
        name VARCHAR NOT NULL,
        time_zone VARCHAR NOT NULL,
        email VARCHAR
      )`,
    ],
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export class SchemaVersionError extends Error {}

/** Brings the database up to {@link SCHEMA_VERSION}, one transaction per migration. */
export async function migrate(connection: DuckDBConnection): Promise<number> {
  await connection.run(`CREATE TABLE IF NOT EXISTS schema_version (
    version INTEGER NOT NULL,
    description VARCHAR NOT NULL,
    applied_at TIMESTAMP NOT NULL
  )`);
  const reader = await connection.runAndReadAll('SELECT coalesce(max(version), 0) FROM schema_version');
  const current = Number(reader.getRowsJS()[0][0]);
  if (current > SCHEMA_VERSION) {
    throw new SchemaVersionError(
      `the data folder was written by a newer build (schema ${current}, this build knows up to ${SCHEMA_VERSION})`,
    );
  }
  for (const migration of MIGRATIONS) {
    if (migration.version <= current) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) await connection.run(statement);
      await connection.run('INSERT INTO schema_version VALUES ($1, $2, make_timestamp($3::BIGINT))', [
        migration.version,
        migration.description,
        Date.now() * 1000,
      ]);
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  }
  return SCHEMA_VERSION;
}
