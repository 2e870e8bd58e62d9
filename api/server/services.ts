import type { Logger } from 'pino';
import { AccessService, InlineExecutor, WorkerPool, type AnalysisExecutor } from '../access/index.ts';
import type { Store } from '../adapters/store/index.ts';
import { keySourceFor, type KeySource } from '../auth/key-source.ts';
import { OboClient } from '../auth/obo.ts';
import type { ServerConfig } from './config.ts';
import { ImportJobs } from './import-jobs.ts';
import { LogCache } from './log-cache.ts';
import { PolicyService } from './policies.ts';
import { Readiness } from './readiness.ts';
import { ResultCache } from './result-cache.ts';

/** Everything routes compose, built once per process. */
export interface Services {
  readonly config: ServerConfig;
  readonly version: string;
  readonly store: Store;
  readonly logger: Logger;
  readonly keys: KeySource;
  /**
   * Logs as stored, unscoped: for in-process components that do their own scoping (the bot's
   * digests). Routes reach logs only through AuthorisedView (HandlerContext.view).
   */
  readonly logs: LogCache;
  readonly access: AccessService;
  /** Where maps, KPIs and the other heavy analyses run (worker threads, or inline). */
  readonly analysis: AnalysisExecutor;
  readonly policies: PolicyService;
  readonly imports: ImportJobs;
  readonly results: ResultCache;
  readonly readiness: Readiness;
  /** Calls on the user's behalf (Power BI, Graph); null without Entra ID and a client secret. */
  readonly obo: OboClient | null;
}

export async function createServices(config: ServerConfig, store: Store, logger: Logger, version: string): Promise<Services> {
  const logs = new LogCache(store);
  const analysis = config.analysisWorkers > 0 ? new WorkerPool(config.analysisWorkers, logger) : new InlineExecutor();
  const access = await AccessService.create(store, (info) => logs.get(info), analysis);
  const auth = config.auth;
  return {
    config,
    version,
    store,
    logger,
    keys: await keySourceFor(auth),
    logs,
    access,
    analysis,
    policies: await PolicyService.create(store, logger),
    imports: await ImportJobs.create(store, access, config.dataDir, logger),
    results: new ResultCache(config.resultCacheBytes, undefined, version),
    readiness: new Readiness(store),
    obo: auth.mode === 'entra' && auth.clientSecret ? new OboClient(auth, logger) : null,
  };
}
