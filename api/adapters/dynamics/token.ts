import { ConfidentialClientApplication } from '@azure/msal-node';
import { DEFAULT_AUTHORITY_HOST, scopeFor, type DynamicsConfig } from './config.ts';

/** Bearer tokens for the environment: cached until near expiry, renewed on demand. */
export interface TokenSource {
  token(): Promise<string>;
  /** A fresh token, bypassing the cache: after the server said the last one was no good. */
  renew(): Promise<string>;
}

export class TokenError extends Error {}

/**
 * The OpenID configuration msal would discover at the authority, built from the configured
 * authority host. Handing it to msal means no discovery round trip, and lets the token endpoint
 * live on a host msal would not accept as an authority (a plain-http stand-in in tests).
 */
export function authorityMetadata(authorityHost: string, tenantId: string): string {
  const base = `${authorityHost}/${tenantId}`;
  return JSON.stringify({
    token_endpoint: `${base}/oauth2/v2.0/token`,
    authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${base}/oauth2/v2.0/logout`,
    jwks_uri: `${base}/discovery/v2.0/keys`,
    issuer: `${base}/v2.0`,
  });
}

/**
 * Client-credentials tokens with msal-node. msal 7 refuses http:// authorities, so the
 * authority stays https (the configured host when it is https, the public cloud otherwise) and
 * the endpoints come from {@link authorityMetadata}; production and tests run this same code.
 */
export function msalTokenSource(config: DynamicsConfig): TokenSource {
  const host = new URL(config.authorityHost);
  const authorityBase = host.protocol === 'https:' ? config.authorityHost : DEFAULT_AUTHORITY_HOST;
  const app = new ConfidentialClientApplication({
    auth: {
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      authority: `${authorityBase}/${config.tenantId}`,
      authorityMetadata: authorityMetadata(config.authorityHost, config.tenantId),
      // A non-Microsoft https host would otherwise send msal to instance discovery.
      knownAuthorities: [new URL(authorityBase).host],
    },
  });
  const scopes = [scopeFor(config)];
  const acquire = async (skipCache: boolean): Promise<string> => {
    try {
      const result = await app.acquireTokenByClientCredential({ scopes, skipCache });
      if (!result?.accessToken) throw new Error('no access token in the response');
      return result.accessToken;
    } catch (error) {
      throw new TokenError(`could not get a token for ${scopes[0]} from ${config.authorityHost}: ${(error as Error).message}`);
    }
  };
  return { token: () => acquire(false), renew: () => acquire(true) };
}
