import type { JWTPayload } from 'jose';
import { broadestRole, type Role } from './roles.ts';

/** Who called, as the validated token says: nothing here is looked up yet. */
export interface Principal {
  /** Entra object id (oid), else the subject. Stable per user and tenant. */
  readonly id: string;
  readonly tenantId: string;
  /** Display name (the `name` claim). */
  readonly name: string | null;
  /** Sign-in name: preferred_username, upn or email, lower-cased. */
  readonly upn: string | null;
  /** The broadest app role the token carries, if any. */
  readonly tokenRole: Role | null;
  /** A credit team named by the token (local tokens: --team). */
  readonly tokenTeam: string | null;
  /** The bearer token itself, for on-behalf-of calls. Never logged. */
  readonly token: string;
}

export function principalFromClaims(claims: JWTPayload, token: string): Principal {
  const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
  const upn = text(claims.preferred_username) ?? text(claims.upn) ?? text(claims.email);
  const roles = Array.isArray(claims.roles) ? claims.roles : [];
  return {
    id: text(claims.oid) ?? text(claims.sub) ?? '',
    tenantId: text(claims.tid) ?? '',
    name: text(claims.name),
    upn: upn === null ? null : upn.toLowerCase(),
    tokenRole: broadestRole(roles),
    tokenTeam: text(claims.team),
    token,
  };
}
