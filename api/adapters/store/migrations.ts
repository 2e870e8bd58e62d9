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
  {
    version: 2,
    description: 'team assignment rules, user mappings, policy versions, import jobs',
    statements: [
      // Which invoices a credit team owns, keyed by team name so that replacing the organisation
      // (saveOrganisation) keeps them. No row = by collector: the invoices whose CollectorName is
      // a member. 'rule' = the invoices matching a FilterSpec (JSON), whoever their collector is.
      `CREATE TABLE team_assignments (
        team VARCHAR PRIMARY KEY,
        mode VARCHAR NOT NULL,
        rule VARCHAR
      )`,
      // Signed-in user -> person of the organisation (a collector's or manager's name), and
      // optionally the role. principal = an Entra object id, or a lower-case UPN / e-mail.
      `CREATE TABLE user_mappings (
        principal VARCHAR PRIMARY KEY,
        person VARCHAR NOT NULL,
        role VARCHAR,
        updated_by VARCHAR,
        updated_at TIMESTAMP NOT NULL
      )`,
      // Every saved dunning policy; the highest version is in force. Old versions stay so a
      // result can always name (and reproduce with) the policy it was checked against.
      `CREATE TABLE policy_versions (
        version INTEGER PRIMARY KEY,
        policy VARCHAR NOT NULL,
        note VARCHAR,
        author VARCHAR,
        created_at TIMESTAMP NOT NULL
      )`,
      `CREATE TABLE import_jobs (
        id VARCHAR PRIMARY KEY,
        source VARCHAR NOT NULL,
        log_name VARCHAR NOT NULL,
        file_name VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        bytes BIGINT,
        events BIGINT,
        log_id VARCHAR,
        log_version INTEGER,
        error VARCHAR,
        notes VARCHAR,
        created_by VARCHAR,
        created_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP
      )`,
    ],
  },
  {
    version: 3,
    description: 'Dynamics 365 connector: staged source rows, per-entity watermarks, sync runs',
    statements: [
      // Raw rows as extracted (OData entity rows, or rows projected from Synapse/Fabric Link
      // tables), one table for every entity so that a customer's own entities need no new DDL.
      // seen_run: the run that last saw the row; a full reload drops rows its run did not see.
      `CREATE TABLE dynamics_staging (
        source VARCHAR NOT NULL,
        entity VARCHAR NOT NULL,
        row_key VARCHAR NOT NULL,
        data VARCHAR NOT NULL,
        seen_run VARCHAR NOT NULL,
        staged_at TIMESTAMP NOT NULL,
        PRIMARY KEY (source, entity, row_key)
      )`,
      // Where the next incremental read of an entity starts: written in the same transaction as
      // the rows it covers, so a failed run resumes from the last committed page.
      `CREATE TABLE dynamics_watermarks (
        source VARCHAR NOT NULL,
        entity VARCHAR NOT NULL,
        field VARCHAR NOT NULL,
        watermark VARCHAR NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        PRIMARY KEY (source, entity)
      )`,
      // Runs in the order they started, whatever clock each ran with.
      `CREATE SEQUENCE dynamics_sync_run_seq START 1`,
      `CREATE TABLE dynamics_sync_runs (
        run_id VARCHAR PRIMARY KEY,
        seq BIGINT NOT NULL DEFAULT nextval('dynamics_sync_run_seq'),
        source VARCHAR NOT NULL,
        dry_run BOOLEAN NOT NULL,
        started_at TIMESTAMP NOT NULL,
        finished_at TIMESTAMP,
        status VARCHAR NOT NULL,
        summary VARCHAR
      )`,
    ],
  },
  {
    version: 4,
    description: 'Teams bot: recorded events, conversation references, cards, digest ledger',
    statements: [
      // Events users record in Teams (promise, contact, dispute, snooze), merged into the log on
      // load. The idempotency key (card item, action, user) makes a double click one event.
      `CREATE SEQUENCE recorded_event_seq START 1`,
      `CREATE TABLE recorded_events (
        seq BIGINT PRIMARY KEY,
        log_id VARCHAR NOT NULL,
        invoice VARCHAR NOT NULL,
        activity VARCHAR NOT NULL,
        event_time TIMESTAMP NOT NULL,
        attributes VARCHAR NOT NULL,
        source VARCHAR NOT NULL,
        recorded_by VARCHAR NOT NULL,
        card_id VARCHAR,
        idempotency_key VARCHAR NOT NULL UNIQUE,
        recorded_at TIMESTAMP NOT NULL
      )`,
      // One personal conversation per Teams user, for proactive messages. user_id is the Entra
      // object id (else the channel's user id); the person is resolved again at each send.
      `CREATE TABLE bot_conversations (
        user_id VARCHAR PRIMARY KEY,
        user_name VARCHAR,
        upn VARCHAR,
        tenant_id VARCHAR,
        conversation_id VARCHAR NOT NULL,
        service_url VARCHAR NOT NULL,
        reference VARCHAR NOT NULL,
        locale VARCHAR,
        installed_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL
      )`,
      // What a sent card showed, so an action or a refresh can redraw it in place.
      `CREATE TABLE bot_cards (
        card_id VARCHAR PRIMARY KEY,
        kind VARCHAR NOT NULL,
        model VARCHAR NOT NULL,
        created_at TIMESTAMP NOT NULL
      )`,
      // One row per digest and local day, written before the send and completed after it:
      // planned -> sending -> sent | skipped | failed (retried) ; a 'sending' row found at start-up
      // was interrupted by a crash and becomes 'held' for review instead of being sent again.
      `CREATE TABLE digest_ledger (
        kind VARCHAR NOT NULL,
        recipient VARCHAR NOT NULL,
        day VARCHAR NOT NULL,
        status VARCHAR NOT NULL,
        user_id VARCHAR,
        card_id VARCHAR,
        activity_id VARCHAR,
        attempts INTEGER NOT NULL,
        reason VARCHAR,
        snapshot VARCHAR,
        run_id VARCHAR,
        planned_at TIMESTAMP NOT NULL,
        updated_at TIMESTAMP NOT NULL,
        PRIMARY KEY (kind, recipient, day)
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
