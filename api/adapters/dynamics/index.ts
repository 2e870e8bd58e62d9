/**
 * The Dynamics 365 Finance & Operations connector: OData extraction (sync.ts) and the
 * Synapse / Fabric Link table-export source (table-export.ts), sharing one mapping to events.
 * What the CLI and the API process call.
 */
import type { Store } from '../store/index.ts';
import { dynamicsConfigFromEnv, odataSource, type DynamicsConfig } from './config.ts';
import { defaultMapping, readMappingFile } from './mapping.ts';
import type { DynamicsMapping } from './mapping-schema.ts';
import { ODataClient, type ODataClientOptions, type RetryNotice } from './odata-client.ts';
import { scheduleSync, type ScheduledSync } from './schedule.ts';
import { syncDynamics, type SyncProgress, type SyncResult } from './sync.ts';
import { msalTokenSource, type TokenSource } from './token.ts';

export { DynamicsConfigError, dynamicsConfigFromEnv, odataSource, scopeFor, type DynamicsConfig } from './config.ts';
export { defaultMapping, parseMapping, readMappingFile } from './mapping.ts';
export type { DynamicsMapping } from './mapping-schema.ts';
export { ODataClient, ODataError, type ODataClientOptions } from './odata-client.ts';
export { msalTokenSource, TokenError, type TokenSource } from './token.ts';
export { syncDynamics, type EntitySyncResult, type SyncProgress, type SyncResult } from './sync.ts';
export { syncTables, tablesSource, type TableSyncOptions } from './table-export.ts';
export { logFromStaged, saveLogFromStaging } from './events-from-staging.ts';
export { failInterruptedRuns, recentRuns, type SyncRunInfo } from './staging.ts';
export { scheduleSync, ScheduleError, type ScheduledSync } from './schedule.ts';

export function loadMapping(config: Pick<DynamicsConfig, 'mappingFile'>): Promise<DynamicsMapping> {
  return config.mappingFile ? readMappingFile(config.mappingFile) : Promise.resolve(defaultMapping());
}

export interface ConfiguredSyncOptions {
  readonly store: Store;
  readonly config: DynamicsConfig;
  readonly dryRun?: boolean;
  readonly full?: boolean;
  readonly onProgress?: (progress: SyncProgress) => void;
  /** The sync's clock (its start becomes the log's LastDataUpdate). */
  readonly now?: () => number;
  /** Tests and tuning: retry policy, page size, sleep. */
  readonly client?: Partial<Omit<ODataClientOptions, 'baseUrl' | 'tokens'>>;
  readonly tokens?: TokenSource;
}

/** One OData sync as configured by the environment (D365_* variables). */
export async function syncFromConfig(options: ConfiguredSyncOptions): Promise<SyncResult> {
  const { config } = options;
  const retry = { ...(config.retryAttempts ? { maxAttempts: config.retryAttempts } : {}), ...(config.retryBaseMs !== undefined ? { baseDelayMs: config.retryBaseMs } : {}) };
  const client = new ODataClient({
    maxPageSize: 5000,
    ...(config.timeoutMs ? { timeoutMs: config.timeoutMs } : {}),
    ...options.client,
    retry: { ...retry, ...options.client?.retry },
    baseUrl: config.url,
    tokens: options.tokens ?? msalTokenSource(config),
  });
  return syncDynamics({
    store: options.store,
    client,
    mapping: await loadMapping(config),
    source: odataSource(config),
    name: `Dynamics 365 (${new URL(config.url).host})`,
    dryRun: options.dryRun,
    full: options.full,
    now: options.now,
    onProgress: options.onProgress,
  });
}

export interface ScheduleLogger {
  info(details: object, message: string): void;
  /** Retries of single requests (throttling, server errors, timeouts, garbled bodies). */
  warn?(details: object, message: string): void;
  error(details: object, message: string): void;
}

/** What the API process watches of its scheduled syncs. */
export interface ScheduleHooks {
  readonly onProgress?: (progress: SyncProgress) => void;
  /** Each run's outcome: ok, or why it failed. */
  readonly onOutcome?: (outcome: { readonly ok: boolean; readonly detail: string }) => void;
}

/**
 * For the API process: regular syncs when SYNC_SCHEDULE and the D365_* variables are set;
 * undefined (nothing scheduled) when SYNC_SCHEDULE is not. The API shares its Store, which
 * DuckDB requires (one process per database file).
 */
export function startDynamicsSchedule(store: Store, logger: ScheduleLogger, env: NodeJS.ProcessEnv = process.env, hooks: ScheduleHooks = {}): ScheduledSync | undefined {
  if (!env.SYNC_SCHEDULE?.trim()) return undefined;
  const config = dynamicsConfigFromEnv(env);
  const source = odataSource(config);
  const onRetry = (notice: RetryNotice) =>
    logger.warn?.({ source, url: notice.url, status: notice.status, attempt: notice.attempt, delayMs: notice.delayMs }, 'Dynamics 365 request failed; retrying');
  const scheduled = scheduleSync(() => syncFromConfig({ store, config, onProgress: hooks.onProgress, client: { onRetry } }), {
    expression: config.schedule!,
    onStart: () => logger.info({ source }, 'Dynamics 365 sync started'),
    onDone: (result) => {
      const r = result as SyncResult;
      logger.info({ source, logId: r.log?.id, version: r.log?.version, cases: r.cases, entities: r.entities.map((e) => ({ entity: e.entity, fetched: e.fetched })) }, 'Dynamics 365 sync finished');
      hooks.onOutcome?.({ ok: true, detail: `synced version ${r.log?.version ?? '?'} of ${r.log?.id ?? source}` });
    },
    onError: (error) => {
      logger.error({ source, error: (error as Error).message }, 'Dynamics 365 sync failed; the next run resumes from the last committed page');
      hooks.onOutcome?.({ ok: false, detail: `the last sync failed: ${(error as Error).message}` });
    },
  });
  logger.info({ schedule: config.schedule, next: scheduled.nextRun()?.toISOString() }, 'Dynamics 365 syncs scheduled');
  return scheduled;
}
