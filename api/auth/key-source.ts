import { createLocalJWKSet, createRemoteJWKSet, type JSONWebKeySet, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig } from './auth-config.ts';
import { LOCAL_ALGORITHM, loadOrCreateLocalKey } from './local-key.ts';

/**
 * Where the keys that sign accepted tokens come from, and what the tokens must say. The
 * validation code is the same in both modes; only this differs.
 */
export interface KeySource {
  readonly mode: 'entra' | 'local';
  readonly keys: JWTVerifyGetKey;
  readonly issuers: readonly string[];
  readonly audiences: readonly string[];
  readonly tenantId: string;
  readonly algorithms: readonly string[];
  /** Local mode: the public keys, served at /api/.well-known/jwks.json. */
  readonly jwks: JSONWebKeySet | null;
}

export async function keySourceFor(config: AuthConfig): Promise<KeySource> {
  if (config.mode === 'entra') {
    return {
      mode: 'entra',
      // jose caches the set and refetches on an unknown kid (Entra rolls its keys).
      keys: createRemoteJWKSet(new URL(config.jwksUrl), { cooldownDuration: 30_000, timeoutDuration: 5_000 }),
      issuers: config.issuers,
      audiences: config.audiences,
      tenantId: config.tenantId,
      algorithms: ['RS256'],
      jwks: null,
    };
  }
  const key = await loadOrCreateLocalKey(config.dataDir);
  const jwks: JSONWebKeySet = { keys: [key.publicJwk] };
  return {
    mode: 'local',
    keys: createLocalJWKSet(jwks),
    issuers: [config.issuer],
    audiences: [config.audience],
    tenantId: config.tenantId,
    algorithms: [LOCAL_ALGORITHM],
    jwks,
  };
}
