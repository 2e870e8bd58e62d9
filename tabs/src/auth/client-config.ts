import type { EntraClientConfig } from './msal-token.ts';

/**
 * What the browser needs to know before it can call the API: whether Entra ID is configured.
 * Served as /tab-config.json by api/server/static-tab.ts from the server's environment, so one
 * build works in every deployment.
 */
export interface ClientConfig {
  readonly auth: { readonly mode: 'local' } | ({ readonly mode: 'entra' } & EntraClientConfig);
}

export const LOCAL_CONFIG: ClientConfig = { auth: { mode: 'local' } };

export async function loadClientConfig(fetchImpl: typeof fetch = (...args) => fetch(...args)): Promise<ClientConfig> {
  try {
    const response = await fetchImpl('/tab-config.json', { headers: { Accept: 'application/json' } });
    if (!response.ok) return LOCAL_CONFIG;
    const config = (await response.json()) as ClientConfig;
    if (config.auth?.mode === 'entra' && config.auth.clientId && config.auth.tenantId && config.auth.scope) return config;
    return LOCAL_CONFIG;
  } catch {
    return LOCAL_CONFIG;
  }
}
