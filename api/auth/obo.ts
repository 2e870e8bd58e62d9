import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import type { Logger } from 'pino';
import type { EntraAuthConfig } from './auth-config.ts';
import { msalAuthority } from './msal-authority.ts';

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

/**
 * On-behalf-of: exchanges the user's token (the tab's SSO token sent to this API) for one to a
 * downstream API. msal caches the results per user assertion and scopes. The authority is
 * configurable so tests can point it at a local Entra stand-in ({@link msalAuthority}).
 */
export class OboClient {
  private readonly app: ConfidentialClientApplication;

  constructor(config: EntraAuthConfig, logger?: Logger) {
    if (!config.clientSecret) throw new OboError('on-behalf-of needs ENTRA_CLIENT_SECRET', null);
    this.app = new ConfidentialClientApplication({
      auth: {
        clientId: config.clientId,
        clientSecret: config.clientSecret,
        ...msalAuthority(config.authorityHost, config.tenantId, config.tokenEndpoint),
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
