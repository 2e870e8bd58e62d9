import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import type { Logger } from 'pino';
import type { EntraAuthConfig } from './auth-config.ts';

/** A token for a downstream API (Power BI, Graph) that acts as the signed-in user. */
export interface DelegatedToken {
  readonly accessToken: string;
  readonly expiresOn: Date | null;
  readonly scopes: readonly string[];
}

export class OboError extends Error {
  constructor(
    message: string,
    /** The Entra error code (invalid_grant, interaction_required…) when there was one. */
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'OboError';
  }
}

/** The public cloud; msal resolves it without a network call. */
const PUBLIC_AUTHORITY_HOST = 'https://login.microsoftonline.com';

/**
 * On-behalf-of: exchanges the user's token (the tab's SSO token sent to this API) for one to a
 * downstream API. msal caches the results per user assertion and scopes.
 *
 * msal-node 7 refuses an http:// authority, and a stand-in of the token endpoint is plain
 * http on 127.0.0.1. So the authority stays https and, when the configured host is not the
 * public cloud or a token endpoint is configured, msal gets the OpenID configuration directly
 * (authorityMetadata) with its token endpoint pointing where the configuration says.
 */
export class OboClient {
  private readonly app: ConfidentialClientApplication;

  constructor(config: EntraAuthConfig, logger?: Logger) {
    if (!config.clientSecret) throw new OboError('on-behalf-of needs ENTRA_CLIENT_SECRET', null);
    const host = config.authorityHost.replace(/\/+$/, '');
    const tenant = config.tenantId;
    const custom = config.tokenEndpoint !== null || host !== PUBLIC_AUTHORITY_HOST;
    const authority = host.startsWith('https://') ? `${host}/${tenant}` : `${PUBLIC_AUTHORITY_HOST}/${tenant}`;
    const tokenEndpoint = config.tokenEndpoint ?? `${host}/${tenant}/oauth2/v2.0/token`;
    this.app = new ConfidentialClientApplication({
      auth: {
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        authority,
        ...(custom
          ? {
              knownAuthorities: [new URL(authority).host],
              authorityMetadata: JSON.stringify(openIdConfiguration(host, tenant, tokenEndpoint)),
            }
          : {}),
      },
      system: {
        loggerOptions: {
          logLevel: LogLevel.Warning,
          piiLoggingEnabled: false,
          loggerCallback: (_level, message) => logger?.debug({ msal: message }, 'msal'),
        },
      },
    });
  }

  /** A token for `scopes` (e.g. https://analysis.windows.net/powerbi/api/.default) as the user of `userToken`. */
  async acquire(userToken: string, scopes: readonly string[]): Promise<DelegatedToken> {
    let result;
    try {
      result = await this.app.acquireTokenOnBehalfOf({ oboAssertion: userToken, scopes: [...scopes] });
    } catch (error) {
      const code = typeof (error as { errorCode?: unknown }).errorCode === 'string' ? (error as { errorCode: string }).errorCode : null;
      throw new OboError(`on-behalf-of token request failed${code ? ` (${code})` : ''}`, code);
    }
    if (!result?.accessToken) throw new OboError('on-behalf-of token request returned no token', null);
    return { accessToken: result.accessToken, expiresOn: result.expiresOn ?? null, scopes: result.scopes };
  }
}

function openIdConfiguration(host: string, tenant: string, tokenEndpoint: string): Record<string, unknown> {
  return {
    token_endpoint: tokenEndpoint,
    token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic'],
    jwks_uri: `${host}/${tenant}/discovery/v2.0/keys`,
    response_modes_supported: ['query', 'fragment', 'form_post'],
    subject_types_supported: ['pairwise'],
    id_token_signing_alg_values_supported: ['RS256'],
    response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
    scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
    issuer: `${host}/${tenant}/v2.0`,
    authorization_endpoint: `${host}/${tenant}/oauth2/v2.0/authorize`,
    end_session_endpoint: `${host}/${tenant}/oauth2/v2.0/logout`,
  };
}
