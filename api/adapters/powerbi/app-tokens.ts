import { ConfidentialClientApplication, LogLevel } from '@azure/msal-node';
import type { ServicePrincipal } from './config.ts';
import { msalAuthority } from '../../auth/msal-authority.ts';
import { PowerBiError } from './rest-client.ts';

export interface AppToken {
  readonly accessToken: string;
  readonly expiresOn: Date | null;
}

/** The service principal's own tokens (client credentials); msal caches them until near expiry. */
export class AppTokens {
  private readonly app: ConfidentialClientApplication;

  constructor(principal: ServicePrincipal) {
    this.app = new ConfidentialClientApplication({
      auth: {
        clientId: principal.clientId,
        clientSecret: principal.clientSecret,
        ...msalAuthority(principal.authorityHost, principal.tenantId, principal.tokenEndpoint),
      },
      system: { loggerOptions: { logLevel: LogLevel.Error, piiLoggingEnabled: false, loggerCallback: () => undefined } },
    });
  }

  async acquire(scope: string): Promise<AppToken> {
    let result;
    try {
      result = await this.app.acquireTokenByClientCredential({ scopes: [scope] });
    } catch (error) {
      const code = (error as { errorCode?: unknown }).errorCode;
      throw new PowerBiError(`the service principal could not get a Power BI token${typeof code === 'string' ? ` (${code})` : ''}`, 0, 'token');
    }
    if (!result?.accessToken) throw new PowerBiError('the service principal got no Power BI token', 0, 'token');
    return { accessToken: result.accessToken, expiresOn: result.expiresOn ?? null };
  }
}
