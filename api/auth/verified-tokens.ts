import { createHash } from 'node:crypto';
import type { KeySource } from './key-source.ts';
import type { Principal } from './principal.ts';
import { verifyToken } from './verify.ts';

const MAX_ENTRIES = 2048;

/**
 * Remembers tokens already verified until they expire. A tab sends the same SSO token with
 * every request for an hour; checking its signature once (about a millisecond of ECDSA or RSA)
 * instead of per request keeps that cost off every map and KPI call. Only successes are kept,
 * and a token is never trusted past its exp (or nbf before it).
 */
export class VerifiedTokens {
  private readonly entries = new Map<string, { principal: Principal; exp: number; nbf: number }>();

  constructor(private readonly source: KeySource) {}

  async verify(token: string): Promise<Principal> {
    const key = createHash('sha256').update(token).digest('base64url');
    const now = Date.now() / 1000;
    const hit = this.entries.get(key);
    if (hit && hit.exp > now && hit.nbf <= now + 60) return hit.principal;
    if (hit) this.entries.delete(key);
    const principal = await verifyToken(token, this.source);
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as { exp: number; nbf: number };
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { principal, exp: claims.exp, nbf: claims.nbf });
    return principal;
  }
}
