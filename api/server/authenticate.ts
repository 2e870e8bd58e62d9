import type { RequestHandler } from 'express';
import type { AccessService } from '../access/index.ts';
import type { KeySource } from '../auth/key-source.ts';
import { VerifiedTokens } from '../auth/verified-tokens.ts';
import { bearerToken } from '../auth/verify.ts';

/**
 * Every /api request except the public paths needs a valid bearer token and a role. The
 * identity goes to res.locals for the routes; it never comes from anywhere else.
 */
export function authenticate(keys: KeySource, access: AccessService, publicPaths: ReadonlySet<string>): RequestHandler {
  const tokens = new VerifiedTokens(keys);
  return async (req, res, next) => {
    if (publicPaths.has(`${req.baseUrl}${req.path}`)) {
      next();
      return;
    }
    const principal = await tokens.verify(bearerToken(req.get('authorization')));
    res.locals.identity = access.identify(principal);
    next();
  };
}
