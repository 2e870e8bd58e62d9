import type { IPublicClientApplication } from '@azure/msal-browser';
import { SignInRequired, type TokenProvider } from './token-provider.ts';

export interface EntraClientConfig {
  readonly tenantId: string;
  readonly clientId: string;
  /** The API's delegated scope, e.g. api://<host>/<client id>/access_as_user. */
  readonly scope: string;
  readonly authorityHost?: string;
}

/**
 * Outside Teams with Entra ID configured: MSAL's redirect flow. The library is loaded only
 * here, so Teams and local mode never download it.
 */
export async function msalTokenProvider(config: EntraClientConfig): Promise<TokenProvider & { signIn(): Promise<void> }> {
  const msal = await import('@azure/msal-browser');
  const app: IPublicClientApplication = await msal.createStandardPublicClientApplication({
    auth: {
      clientId: config.clientId,
      authority: `${config.authorityHost ?? 'https://login.microsoftonline.com'}/${config.tenantId}`,
      redirectUri: `${window.location.origin}/`,
    },
    cache: { cacheLocation: 'sessionStorage' },
  });
  const redirect = await app.handleRedirectPromise();
  if (redirect?.account) app.setActiveAccount(redirect.account);
  const account = () => app.getActiveAccount() ?? app.getAllAccounts()[0] ?? null;
  const request = { scopes: [config.scope] };
  return {
    kind: 'msal',
    async getToken(refresh = false) {
      const who = account();
      if (!who) throw new SignInRequired();
      try {
        const result = await app.acquireTokenSilent({ ...request, account: who, forceRefresh: refresh });
        return result.accessToken;
      } catch (error) {
        if (error instanceof msal.InteractionRequiredAuthError) throw new SignInRequired();
        throw error;
      }
    },
    async signIn() {
      // The query string carries the view; MSAL brings the user back to it.
      await app.loginRedirect({ ...request, redirectStartPage: window.location.href });
    },
    signOut() {
      void app.logoutRedirect({ account: account() ?? undefined });
    },
  };
}
