/** How tokens are validated and where on-behalf-of tokens come from. */
export type AuthConfig = EntraAuthConfig | LocalAuthConfig;

/** Teams SSO: tokens issued by Entra ID to the app registration. */
export interface EntraAuthConfig {
  readonly mode: 'entra';
  readonly tenantId: string;
  readonly clientId: string;
  /** For on-behalf-of; absent = no calls on the user's behalf. */
  readonly clientSecret: string | null;
  /** e.g. https://login.microsoftonline.com (a local stand-in in tests). */
  readonly authorityHost: string;
  readonly jwksUrl: string;
  /** v2 and v1 issuers of the tenant. */
  readonly issuers: readonly string[];
  /** The client id and the Application ID URI (api://…/<client id>). */
  readonly audiences: readonly string[];
  /** Token endpoint override (a stand-in); default `<authorityHost>/<tenant>/oauth2/v2.0/token`. */
  readonly tokenEndpoint: string | null;
}

/** No Entra configuration: the app signs its own tokens with a key in the data folder. */
export interface LocalAuthConfig {
  readonly mode: 'local';
  readonly dataDir: string;
  readonly issuer: string;
  readonly audience: string;
  readonly tenantId: string;
}

export const LOCAL_ISSUER = 'urn:collections-lens:local';
export const LOCAL_AUDIENCE = 'api://collections-lens';
export const LOCAL_TENANT = 'local';
