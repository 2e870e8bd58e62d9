/**
 * Everything the Dynamics 365 Finance & Operations connector reads from its environment.
 * Only the base URLs differ between production and tests: the same code talks to
 * login.microsoftonline.com and to a local stand-in.
 */

export const DEFAULT_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export interface DynamicsConfig {
  /** The environment's root, e.g. https://contoso.operations.dynamics.com (no trailing slash). */
  readonly url: string;
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** Entra authority host, e.g. https://login.microsoftonline.com (sovereign clouds differ). */
  readonly authorityHost: string;
  /** A mapping file replacing the default mapping (D365_MAPPING). */
  readonly mappingFile?: string;
  /** Cron expression for regular syncs (SYNC_SCHEDULE). */
  readonly schedule?: string;
  /** Per request, body included (D365_TIMEOUT_MS; default the client's 120 s). */
  readonly timeoutMs?: number;
  /** Attempts per request, the first included (D365_RETRY_ATTEMPTS; default the client's 6). */
  readonly retryAttempts?: number;
  /** First backoff step, doubling per attempt (D365_RETRY_BASE_MS; default the client's 1 s). */
  readonly retryBaseMs?: number;
}

export class DynamicsConfigError extends Error {}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}

function parseUrl(name: string, value: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error('not http(s)');
    return url;
  } catch {
    throw new DynamicsConfigError(`${name} must be a URL such as https://contoso.operations.dynamics.com, found "${value}"`);
  }
}

/** The connector's configuration; throws naming every missing variable at once. */
export function dynamicsConfigFromEnv(env: NodeJS.ProcessEnv = process.env): DynamicsConfig {
  const required = ['D365_URL', 'D365_TENANT_ID', 'D365_CLIENT_ID', 'D365_CLIENT_SECRET'] as const;
  const missing = required.filter((name) => !env[name]?.trim());
  if (missing.length) throw new DynamicsConfigError(`set ${missing.join(', ')} (see docs/DYNAMICS.md)`);
  const url = trimSlash(env.D365_URL!.trim());
  parseUrl('D365_URL', url);
  const authorityHost = trimSlash(env.D365_AUTHORITY_HOST?.trim() || DEFAULT_AUTHORITY_HOST);
  parseUrl('D365_AUTHORITY_HOST', authorityHost);
  return {
    url,
    tenantId: env.D365_TENANT_ID!.trim(),
    clientId: env.D365_CLIENT_ID!.trim(),
    clientSecret: env.D365_CLIENT_SECRET!,
    authorityHost,
    mappingFile: env.D365_MAPPING?.trim() || undefined,
    schedule: env.SYNC_SCHEDULE?.trim() || undefined,
    timeoutMs: whole(env, 'D365_TIMEOUT_MS', 1),
    retryAttempts: whole(env, 'D365_RETRY_ATTEMPTS', 1),
    retryBaseMs: whole(env, 'D365_RETRY_BASE_MS', 0),
  };
}

function whole(env: NodeJS.ProcessEnv, name: string, min: number): number | undefined {
  const raw = env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new DynamicsConfigError(`${name} must be a whole number ≥ ${min}, found "${raw}"`);
  return value;
}

/** The token scope of an environment: its root URL + /.default. */
export function scopeFor(config: Pick<DynamicsConfig, 'url'>): string {
  return `${new URL(config.url).origin}/.default`;
}

/** The log source of a connector: one log per environment host, replaced on every sync. */
export function odataSource(config: Pick<DynamicsConfig, 'url'>): string {
  return `dynamics:${new URL(config.url).host}`;
}
