export { ROLES, broadestRole, isRole, type Role } from './roles.ts';
export type { Principal } from './principal.ts';
export { LOCAL_AUDIENCE, LOCAL_ISSUER, LOCAL_TENANT, type AuthConfig, type EntraAuthConfig, type LocalAuthConfig } from './auth-config.ts';
export { keySourceFor, type KeySource } from './key-source.ts';
export { AuthError, bearerToken, KeysUnavailable, verifyToken } from './verify.ts';
export { issueLocalToken, type LocalTokenRequest } from './issue-token.ts';
export { OboClient, OboError, type DelegatedToken } from './obo.ts';
