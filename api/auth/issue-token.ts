import { createHash } from 'node:crypto';
import { SignJWT } from 'jose';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LOCAL_TENANT } from './auth-config.ts';
import { LOCAL_ALGORITHM, loadOrCreateLocalKey } from './local-key.ts';
import type { Role } from './roles.ts';

export interface LocalTokenRequest {
  /** Display name: a collector's or manager's name as the organisation spells it. */
  readonly user: string;
  readonly role: Role;
  readonly team?: string;
  /** Sign-in name; default derived from the name (jessica.alvarez@contoso.com style). */
  readonly upn?: string;
  /** Default 8 hours. */
  readonly ttlSeconds?: number;
}

/**
 * A token signed with the data folder's local key, shaped like an Entra access token (oid,
 * tid, name, preferred_username, roles) so the same validation and directory code handle it.
 */
export async function issueLocalToken(dataDir: string, request: LocalTokenRequest): Promise<string> {
  const key = await loadOrCreateLocalKey(dataDir);
  const now = Math.floor(Date.now() / 1000);
  const ttl = request.ttlSeconds ?? 8 * 3600;
  const claims: Record<string, unknown> = {
    tid: LOCAL_TENANT,
    oid: stableId(request.user),
    name: request.user,
    preferred_username: (request.upn ?? defaultUpn(request.user)).toLowerCase(),
    roles: [request.role],
  };
  if (request.team) claims.team = request.team;
  return new SignJWT(claims)
    .setProtectedHeader({ alg: LOCAL_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(LOCAL_ISSUER)
    .setAudience(LOCAL_AUDIENCE)
    .setSubject(stableId(request.user))
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + ttl)
    .sign(key.privateKey);
}

/** The same person gets the same id every time, as an Entra oid would be (UUID-shaped). */
function stableId(name: string): string {
  const h = createHash('sha256').update(`collections-lens-local:${name}`, 'utf8').digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

function defaultUpn(name: string): string {
  const local = name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '.')
    .replace(/^\.+|\.+$/g, '');
  return `${local || 'user'}@contoso.com`;
}
