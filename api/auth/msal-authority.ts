/** The public cloud; msal resolves it without a network call. */
const PUBLIC_AUTHORITY_HOST = 'https://login.microsoftonline.com';

export interface MsalAuthority {
  readonly authority: string;
  readonly knownAuthorities?: string[];
  readonly authorityMetadata?: string;
}

/**
 * The msal-node `auth` fields for a configurable authority host. msal-node 7 refuses http://
 * authorities and a token-endpoint stand-in is plain http on 127.0.0.1, so the authority stays
 * https and, when the host is not the public cloud or a token endpoint is configured, msal gets
 * the OpenID configuration directly, its token endpoint pointing where the configuration says.
 * Shared by on-behalf-of (api/auth/obo.ts) and the Power BI service principal.
 */
export function msalAuthority(authorityHost: string, tenant: string, tokenEndpoint: string | null): MsalAuthority {
  const host = authorityHost.replace(/\/+$/, '');
  const authority = host.startsWith('https://') ? `${host}/${tenant}` : `${PUBLIC_AUTHORITY_HOST}/${tenant}`;
  if (tokenEndpoint === null && host === PUBLIC_AUTHORITY_HOST) return { authority };
  const metadata = {
    token_endpoint: tokenEndpoint ?? `${host}/${tenant}/oauth2/v2.0/token`,
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
  return { authority, knownAuthorities: [new URL(authority).host], authorityMetadata: JSON.stringify(metadata) };
}
