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
export {
  deleteTeam,
  deleteUserMapping,
  readDirectory,
  saveAssignments,
  saveTeam,
  saveUserMapping,
  type StoredAssignment,
  type StoredDirectory,
  type StoredTeam,
  type StoredUserMapping,
} from './directory.ts';
export { appendPolicyVersion, getPolicyVersion, latestPolicyVersion, listPolicyVersions, type StoredPolicyVersion } from './policy-versions.ts';
export {
  failInterruptedImportJobs,
  getImportJob,
  listImportJobs,
  recordImportJob,
  type ImportJobStatus,
  type StoredImportJob,
} from './import-jobs.ts';
