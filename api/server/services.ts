import type { Logger } from 'pino';
import { AccessService, InlineExecutor, WorkerPool, type AnalysisExecutor } from '../access/index.ts';
import type { Store } from '../adapters/store/index.ts';
import { keySourceFor, type KeySource } from '../auth/key-source.ts';
import { OboClient, OboError } from '../auth/obo.ts';
import type { ServerConfig } from './config.ts';
import { TokenBuckets } from './http-guards.ts';
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
  readonly obo: Pick<OboClient, 'acquire'> | null;
  /** Rate limits: requests with bad tokens per client address, uploads per user. */
  readonly limits: { readonly authFailures: TokenBuckets; readonly uploads: TokenBuckets };
}

export async function createServices(config: ServerConfig, store: Store, logger: Logger, version: string): Promise<Services> {
  const logs = new LogCache(store);
  const analysis = config.analysisWorkers > 0 ? new WorkerPool(config.analysisWorkers, logger) : new InlineExecutor();
  const access = await AccessService.create(store, (info) => logs.get(info), analysis);
  const auth = config.auth;
  const readiness = new Readiness(store, logger);
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
    readiness,
    obo: auth.mode === 'entra' && auth.clientSecret ? reporting(new OboClient(auth, logger), readiness) : null,
    limits: {
      authFailures: new TokenBuckets(config.authFailuresPerMinute, 60_000),
      uploads: new TokenBuckets(config.uploadsPerHour, 3_600_000),
    },
  };
}

/** msal's codes for a token endpoint that did not answer, or answered with a server fault. */
const UNREACHABLE = new Set(['network_error', 'endpoints_resolution_error', 'post_request_failed', 'temporarily_unavailable', 'service_unavailable', 'server_error']);

/**
 * On-behalf-of calls, their outcome reported for readiness: the endpoint unreachable or failing
 * degrades; an answer (even a refusal of the user's token) means it works.
 */
function reporting(obo: OboClient, readiness: Readiness): Pick<OboClient, 'acquire'> {
  return {
    async acquire(userToken, scopes) {
      try {
        const token = await obo.acquire(userToken, scopes);
        readiness.report('entraTokenEndpoint', true);
        return token;
      } catch (error) {
        const down = error instanceof OboError && (error.code === null || UNREACHABLE.has(error.code));
        readiness.report('entraTokenEndpoint', !down, down ? (error as Error).message : '');
        throw error;
      }
    },
  };
}
