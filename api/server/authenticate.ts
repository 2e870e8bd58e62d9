import type { RequestHandler } from 'express';
import type { AccessService } from '../access/index.ts';
import type { KeySource } from '../auth/key-source.ts';
import { VerifiedTokens } from '../auth/verified-tokens.ts';
import { bearerToken, KeysUnavailable } from '../auth/verify.ts';

/**
 * Every /api request except the public paths needs a valid bearer token and a role. The
 * identity goes to res.locals for the routes; it never comes from anywhere else. With Entra ID,
 * whether the signing keys could be fetched is reported (`onKeys`) for readiness.
 */
export function authenticate(
  keys: KeySource,
  access: AccessService,
  publicPaths: ReadonlySet<string>,
  onKeys?: (ok: boolean, detail?: string) => void,
): RequestHandler {
  const tokens = new VerifiedTokens(keys);
  return async (req, res, next) => {
    if (publicPaths.has(`${req.baseUrl}${req.path}`)) {
      next();
      return;
    }
    let principal;
    try {
      principal = await tokens.verify(bearerToken(req.get('authorization')));
    } catch (error) {
      if (error instanceof KeysUnavailable) onKeys?.(false, error.message);
      throw error;
    }
    if (keys.mode === 'entra') onKeys?.(true);
    res.locals.identity = access.identify(principal);
    next();
  };
}
