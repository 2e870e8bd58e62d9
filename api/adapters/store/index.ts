export {
  DATABASE_FILE,
  Store,
  StoreError,
  defaultDataDir,
  logIdForSource,
  type LogInfo,
  type OrganisationData,
  type SqlValue,
  type StoreOptions,
  type StoreTransaction,
} from './duckdb-store.ts';
export { LogStoreError, logTables, type LogTables, type SaveStage, type SaveHook } from './log-tables.ts';
export { OrganisationError } from './organisation.ts';
export { SCHEMA_VERSION, SchemaVersionError } from './migrations.ts';
export { quoteIdentifier } from './sql.ts';
