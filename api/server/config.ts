import { availableParallelism } from 'node:os';
import { resolve } from 'node:path';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LOCAL_TENANT, type AuthConfig } from '../auth/auth-config.ts';

/**
 * Base URLs of every remote service. Each is configurable so the same code runs against local
 * stand-ins (tests, demos without a tenant).
 */
export interface RemoteUrls {
  /** Entra ID authority host (ENTRA_AUTHORITY_HOST). */
  readonly entraAuthorityHost: string;
  /** Power BI REST API (POWERBI_API_URL). */
  readonly powerBiApiUrl: string;
  /** Microsoft Graph (GRAPH_API_URL). */
  readonly graphApiUrl: string;
  /** Dynamics 365 Finance environment, e.g. https://contoso.operations.dynamics.com (D365_URL); none = no live connection. */
  readonly dynamicsUrl: string | null;
  /** Bot Connector service URL override (BOT_CONNECTOR_URL); none = the serviceUrl of each activity. */
  readonly botConnectorUrl: string | null;
  /** Where the bot fetches the keys of Bot Framework tokens (BOT_OPENID_METADATA_URL). */
  readonly botOpenIdMetadataUrl: string;
}

/** Everything the process reads from its environment, in one place. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Load the bundled sample into an empty store at start (default on). */
  readonly loadSample: boolean;
  readonly sampleEvents: number;
  readonly logLevel: string;
  readonly auth: AuthConfig;
  readonly remotes: RemoteUrls;
  /** Largest accepted upload (UPLOAD_MAX_BYTES). */
  readonly uploadMaxBytes: number;
  /** Memory for cached analysis results (RESULT_CACHE_MB). */
  readonly resultCacheBytes: number;
  /** The built tab, served at / when the folder exists (TAB_DIR). */
  readonly tabDir: string;
  /** How long shutdown waits for requests and imports before closing connections (SHUTDOWN_GRACE_MS). */
  readonly shutdownGraceMs: number;
  /** Worker threads for maps, KPIs and the other heavy analyses; 0 = on the request thread (ANALYSIS_WORKERS). */
  readonly analysisWorkers: number;
  /**
   * Express's "trust proxy" (TRUST_PROXY): whose X-Forwarded-For / -Proto to believe, so that
   * rate limits see the client's address and HSTS sees https behind a TLS-terminating proxy.
   * false (default), true, a hop count, or addresses / subnets.
   */
  readonly trustProxy: boolean | number | string;
  /** Origins allowed to call the API from a browser (CORS_ORIGINS, comma-separated); empty = CORS closed. */
  readonly corsOrigins: readonly string[];
  /** Requests presenting a bad bearer token, per client address and minute, before 429 (AUTH_FAILURES_PER_MINUTE). */
  readonly authFailuresPerMinute: number;
  /** Uploads (new logs and versions) per user and hour, before 429 (UPLOADS_PER_HOUR). */
  readonly uploadsPerHour: number;
}

export class ConfigError extends Error {}

const PUBLIC_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3978 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number (0-65535), found "${env.PORT}"`);
  const sampleEvents = env.SAMPLE_EVENTS ? Number(env.SAMPLE_EVENTS) : 60_000;
  if (!Number.isInteger(sampleEvents) || sampleEvents < 1000) throw new ConfigError(`SAMPLE_EVENTS must be a whole number ≥ 1000, found "${env.SAMPLE_EVENTS}"`);
  const dataDir = resolve(env.DATA_DIR || './data');
  const authorityHost = trimSlash(env.ENTRA_AUTHORITY_HOST || PUBLIC_AUTHORITY_HOST);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir,
    loadSample: env.LOAD_SAMPLE !== 'false',
    sampleEvents,
    logLevel: env.LOG_LEVEL || 'info',
    auth: authConfig(env, dataDir, authorityHost),
    remotes: {
      entraAuthorityHost: authorityHost,
      powerBiApiUrl: url(env, 'POWERBI_API_URL', 'https://api.powerbi.com'),
      graphApiUrl: url(env, 'GRAPH_API_URL', 'https://graph.microsoft.com'),
      dynamicsUrl: env.D365_URL ? url(env, 'D365_URL', '') : null,
      botConnectorUrl: env.BOT_CONNECTOR_URL ? url(env, 'BOT_CONNECTOR_URL', '') : null,
      botOpenIdMetadataUrl: url(env, 'BOT_OPENID_METADATA_URL', 'https://login.botframework.com/v1/.well-known/openidconfiguration'),
    },
    uploadMaxBytes: positive(env, 'UPLOAD_MAX_BYTES', 256 * 1024 * 1024),
    resultCacheBytes: positive(env, 'RESULT_CACHE_MB', 256) * 1024 * 1024,
    tabDir: resolve(env.TAB_DIR || './tabs/dist'),
    shutdownGraceMs: positive(env, 'SHUTDOWN_GRACE_MS', 10_000),
    analysisWorkers: workers(env),
    trustProxy: trustProxy(env.TRUST_PROXY),
    corsOrigins: (env.CORS_ORIGINS ?? '').split(',').map((o) => o.trim().replace(/\/+$/, '')).filter(Boolean),
    authFailuresPerMinute: positive(env, 'AUTH_FAILURES_PER_MINUTE', 30),
    uploadsPerHour: positive(env, 'UPLOADS_PER_HOUR', 30),
  };
}

function trustProxy(raw: string | undefined): boolean | number | string {
  const value = raw?.trim();
  if (!value || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** Entra ID when a tenant and client id are set; otherwise local tokens signed with a key in DATA_DIR. */
function authConfig(env: NodeJS.ProcessEnv, dataDir: string, authorityHost: string): AuthConfig {
  const tenantId = env.ENTRA_TENANT_ID?.trim();
  const clientId = env.ENTRA_CLIENT_ID?.trim();
  if (!tenantId && !clientId) {
    return { mode: 'local', dataDir, issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, tenantId: LOCAL_TENANT };
  }
  if (!tenantId || !clientId) throw new ConfigError('Entra ID needs both ENTRA_TENANT_ID and ENTRA_CLIENT_ID (or neither, for local tokens)');
  const list = (value: string | undefined) => (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  const audiences = list(env.ENTRA_AUDIENCE);
  const issuers = list(env.ENTRA_ISSUER);
  return {
    mode: 'entra',
    tenantId,
    clientId,
    clientSecret: env.ENTRA_CLIENT_SECRET || null,
    authorityHost,
    jwksUrl: env.ENTRA_JWKS_URL ? url(env, 'ENTRA_JWKS_URL', '') : `${authorityHost}/${tenantId}/discovery/v2.0/keys`,
    // v2 tokens name the tenant's v2 issuer; v1 tokens (accessTokenAcceptedVersion 1) the STS one.
    issuers: issuers.length ? issuers : [`${authorityHost}/${tenantId}/v2.0`, `https://sts.windows.net/${tenantId}/`],
    // v2 tokens carry the client id; the Teams SSO app id URI is api://<domain>/<client id>.
    audiences: audiences.length ? audiences : [clientId, `api://${clientId}`],
    tokenEndpoint: env.ENTRA_TOKEN_ENDPOINT ? url(env, 'ENTRA_TOKEN_ENDPOINT', '') : null,
  };
}

/** Default: one per core but the one serving requests, at least one, at most four. */
function workers(env: NodeJS.ProcessEnv): number {
  const raw = env.ANALYSIS_WORKERS;
  if (raw === undefined || raw === '') return Math.min(4, Math.max(1, availableParallelism() - 1));
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 64) throw new ConfigError(`ANALYSIS_WORKERS must be a whole number 0-64, found "${raw}"`);
  return value;
}

function url(env: NodeJS.ProcessEnv, name: string, fallback: string): string {
  const value = env[name] || fallback;
  try {
    const parsed = new URL(value);
    if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new Error();
  } catch {
    throw new ConfigError(`${name} must be an http(s) URL, found "${value}"`);
  }
  return trimSlash(value);
}

function positive(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new ConfigError(`${name} must be a positive number, found "${raw}"`);
  return value;
}

function trimSlash(value: string): string {
  return value.replace(/\/+$/, '');
}
