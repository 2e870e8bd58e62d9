import { errors, jwtVerify } from 'jose';
import type { KeySource } from './key-source.ts';
import { principalFromClaims, type Principal } from './principal.ts';

/** Why a request is not authenticated; the message is safe to show the caller. */
export class AuthError extends Error {
  constructor(
    message: string,
    /** RFC 6750 error code for WWW-Authenticate. */
    readonly code: 'invalid_request' | 'invalid_token' = 'invalid_token',
  ) {
    super(message);
    this.name = 'AuthError';
  }
}

/**
 * The keys that sign tokens could not be fetched (Entra's JWKS endpoint down or too slow): not the
 * caller's fault, so not a 401 (which would send a client into a sign-in loop) but a 503.
 */
export class KeysUnavailable extends Error {
  constructor(cause: unknown) {
    super(`The keys that sign tokens could not be fetched from the sign-in service (${cause instanceof Error ? cause.message : String(cause)}); try again shortly.`);
    this.name = 'KeysUnavailable';
  }
}

/** Clock skew allowed between the token issuer and this server. */
const CLOCK_TOLERANCE_SECONDS = 60;

/** The bearer token of an Authorization header, or an AuthError. */
export function bearerToken(header: string | undefined): string {
  if (!header) throw new AuthError('This API needs a bearer token: send "Authorization: Bearer <token>".', 'invalid_request');
  const match = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+)\s*$/i.exec(header);
  if (!match) throw new AuthError('The Authorization header must be "Bearer " followed by a JWT.', 'invalid_request');
  return match[1];
}

/** Signature, issuer, audience, tenant, expiry and not-before; the principal it names. */
export async function verifyToken(token: string, source: KeySource): Promise<Principal> {
  let payload;
  try {
    ({ payload } = await jwtVerify(token, source.keys, {
      issuer: [...source.issuers],
      audience: [...source.audiences],
      algorithms: [...source.algorithms],
      requiredClaims: ['exp', 'nbf'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    }));
  } catch (error) {
    // jose lets a failed JWKS fetch through as it came (a TypeError from fetch) or as JWKSTimeout.
    if (error instanceof errors.JWKSTimeout || !(error instanceof errors.JOSEError)) throw new KeysUnavailable(error);
    throw new AuthError(describe(error));
  }
  if (payload.tid !== source.tenantId) throw new AuthError('The token was issued for another tenant.');
  const principal = principalFromClaims(payload, token);
  if (principal.id === '') throw new AuthError('The token names no user (no oid or sub claim).');
  return principal;
}

function describe(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'The token has expired.';
  if (error instanceof errors.JWTClaimValidationFailed) {
    if (error.claim === 'nbf') return 'The token is not valid yet.';
    if (error.claim === 'aud') return 'The token was issued for another audience.';
    if (error.claim === 'iss') return 'The token comes from an issuer this API does not trust.';
    return `The token's "${error.claim}" claim is missing or wrong.`;
  }
  if (error instanceof errors.JWSSignatureVerificationFailed) return 'The token signature is not valid.';
  if (error instanceof errors.JWKSNoMatchingKey) return 'The token is signed with a key this API does not know.';
  if (error instanceof errors.JOSEAlgNotAllowed) return 'The token is signed with an algorithm this API does not accept.';
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JOSEError) return 'The token could not be validated.';
  return 'The token could not be validated.';
}
