/**
 * A local stand-in for the Microsoft Entra ID (v2.0) token endpoint, for tests that must not
 * touch the network. It listens on 127.0.0.1 and serves:
 *
 *   POST /{tenant}/oauth2/v2.0/token                           client_credentials and
 *        urn:ietf:params:oauth:grant-type:jwt-bearer (on-behalf-of) grants
 *   GET  /{tenant}/v2.0/.well-known/openid-configuration       the OpenID configuration
 *   GET  /{tenant}/discovery/v2.0/keys                         the JWKS its tokens verify against
 *
 * Tokens are real RS256 JWTs (iss `${url}/${tenant}/v2.0`, aud = the scope's resource, tid,
 * azp/appid = client id, oid, exp), so an API can validate them with jose against `jwksUri`.
 *
 * Using it with msal-node 7, which refuses http:// authorities: keep an https authority and hand
 * msal the stand-in's OpenID configuration, whose endpoints point at 127.0.0.1:
 *
 *   const entra = await startEntraStandIn();
 *   const app = new ConfidentialClientApplication({ auth: {
 *     clientId: 'app-id', clientSecret: 'secret',
 *     authority: `https://login.microsoftonline.com/${tenant}`,
 *     authorityMetadata: entra.authorityMetadata(tenant),
 *   } });
 *   await app.acquireTokenByClientCredential({ scopes: ['https://env.example/.default'] });
 *   // on-behalf-of: the incoming user token can be minted here too
 *   const user = entra.userToken({ tenant, audience: 'api://app-id', oid: 'user-1' });
 *   await app.acquireTokenOnBehalfOf({ oboAssertion: user, scopes: ['https://env.example/.default'] });
 *
 *   entra.requests         every token request received, in order (grant, client, scope, assertion)
 *   entra.verify(token)    what the stand-in knows about a token it issued; undefined when it did
 *                          not issue it, or it has expired or was expired with expire()
 *   entra.expire(token?)   makes one token (or all issued so far) expire now
 *   entra.failNext(n, status?, error?)   the next n token requests fail (default 503)
 *   entra.tokenLifetimeSeconds           settable; expires_in of the next tokens (default 3600)
 *   await entra.close()
 *
 * Client secrets: with `clients` given, only those id/secret pairs are accepted (invalid_client
 * otherwise); without it any client id with a non-empty secret is.
 */
import { createHash, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const CLIENT_CREDENTIALS = 'client_credentials';
export const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';

export interface EntraStandInOptions {
  /** expires_in of issued tokens, in seconds (default 3600). */
  readonly tokenLifetimeSeconds?: number;
  /** Accepted client id → secret pairs; default: any client with a non-empty secret. */
  readonly clients?: Readonly<Record<string, string>>;
}

export interface TokenRequest {
  readonly tenant: string;
  readonly grantType: string;
  readonly clientId: string;
  readonly scope: string;
  /** The user assertion of an on-behalf-of request. */
  readonly assertion?: string;
  readonly requestedTokenUse?: string;
  /** Epoch ms. */
  readonly at: number;
}

export interface IssuedToken {
  readonly token: string;
  readonly tenant: string;
  readonly clientId: string;
  readonly grantType: string;
  readonly audience: string;
  readonly scope: string;
  /** The user (oid) an on-behalf-of or user token stands for; the app's own id otherwise. */
  readonly subject: string;
  /** Epoch ms. */
  readonly expiresAt: number;
}

export interface UserTokenClaims {
  readonly tenant: string;
  /** Who the token is for: normally the API's app id URI or client id. */
  readonly audience: string;
  readonly oid: string;
  readonly upn?: string;
  readonly name?: string;
  /** Space-separated delegated scopes (scp). */
  readonly scp?: string;
  readonly lifetimeSeconds?: number;
}

export interface EntraStandIn {
  /** http://127.0.0.1:<port>, no trailing slash: the "authority host". */
  readonly url: string;
  readonly requests: TokenRequest[];
  tokenLifetimeSeconds: number;
  tokenEndpoint(tenant: string): string;
  jwksUri(tenant: string): string;
  /** The OpenID configuration document for a tenant. */
  openIdConfiguration(tenant: string): Record<string, unknown>;
  /** The same, as the JSON string msal-node's `auth.authorityMetadata` takes. */
  authorityMetadata(tenant: string): string;
  verify(token: string): IssuedToken | undefined;
  expire(token?: string): void;
  failNext(count: number, status?: number, error?: string): void;
  userToken(claims: UserTokenClaims): string;
  close(): Promise<void>;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** The resource a `.default` (or any) scope names: `https://env/.default` → `https://env`. */
function audienceOf(scope: string): string {
  const first = scope.split(' ').find((s) => s !== 'openid' && s !== 'profile' && s !== 'offline_access') ?? scope;
  const slash = first.lastIndexOf('/');
  return slash > 'https://'.length ? first.slice(0, slash) : first;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

function oauthError(res: ServerResponse, status: number, error: string, description: string): void {
  sendJson(res, status, {
    error,
    error_description: description,
    error_codes: [status === 401 ? 7000215 : 90000],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  });
}

export async function startEntraStandIn(options: EntraStandInOptions = {}): Promise<EntraStandIn> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = createHash('sha256').update(publicKey.export({ format: 'der', type: 'spki' })).digest('base64url').slice(0, 16);
  const issued = new Map<string, IssuedToken>();
  const failures: { status: number; error: string }[] = [];
  let url = '';

  const mint = (key: KeyObject, claims: Record<string, unknown>): string => {
    const header = base64url(JSON.stringify({ alg: 'RS256', typ: 'JWT', kid }));
    const payload = base64url(JSON.stringify(claims));
    const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), key).toString('base64url');
    return `${header}.${payload}.${signature}`;
  };

  const issue = (tenant: string, clientId: string, grantType: string, scope: string, subject: string, lifetime: number, extra: Record<string, unknown> = {}): IssuedToken => {
    const now = Math.floor(Date.now() / 1000);
    const audience = audienceOf(scope);
    const token = mint(privateKey, {
      aud: audience,
      iss: `${url}/${tenant}/v2.0`,
      iat: now,
      nbf: now,
      exp: now + lifetime,
      tid: tenant,
      azp: clientId,
      appid: clientId,
      oid: subject,
      sub: subject,
      ver: '2.0',
      jti: randomUUID(),
      ...extra,
    });
    const record: IssuedToken = { token, tenant, clientId, grantType, audience, scope, subject, expiresAt: (now + lifetime) * 1000 };
    issued.set(token, record);
    return record;
  };

  const state: EntraStandIn = {
    url: '',
    requests: [],
    tokenLifetimeSeconds: options.tokenLifetimeSeconds ?? 3600,
    tokenEndpoint: (tenant) => `${url}/${tenant}/oauth2/v2.0/token`,
    jwksUri: (tenant) => `${url}/${tenant}/discovery/v2.0/keys`,
    openIdConfiguration: (tenant) => ({
      token_endpoint: `${url}/${tenant}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${url}/${tenant}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: `${url}/${tenant}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${url}/oidc/userinfo`,
      authorization_endpoint: `${url}/${tenant}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${url}/${tenant}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${url}/${tenant}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'oid', 'tid', 'ver'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'microsoftonline.com',
      cloud_graph_host_name: 'graph.windows.net',
      msgraph_host: 'graph.microsoft.com',
    }),
    authorityMetadata: (tenant) => JSON.stringify(state.openIdConfiguration(tenant)),
    verify: (token) => {
      const found = issued.get(token);
      return found && found.expiresAt > Date.now() ? found : undefined;
    },
    expire: (token) => {
      const past = Date.now() - 1;
      for (const [key, value] of issued) if (token === undefined || key === token) issued.set(key, { ...value, expiresAt: past });
    },
    failNext: (count, status = 503, error = 'temporarily_unavailable') => {
      for (let i = 0; i < count; i++) failures.push({ status, error });
    },
    userToken: (claims) => {
      const lifetime = claims.lifetimeSeconds ?? 3600;
      return issue(claims.tenant, 'teams-client', 'user', `${claims.audience}/.default`, claims.oid, lifetime, {
        aud: claims.audience,
        ...(claims.upn ? { upn: claims.upn, preferred_username: claims.upn } : {}),
        ...(claims.name ? { name: claims.name } : {}),
        scp: claims.scp ?? 'access_as_user',
      }).token;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };

  const handleToken = async (req: IncomingMessage, res: ServerResponse, tenant: string): Promise<void> => {
    const form = new URLSearchParams(await readBody(req));
    let clientId = form.get('client_id') ?? '';
    let secret = form.get('client_secret') ?? '';
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const [id, pass] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
      clientId = decodeURIComponent(id ?? '');
      secret = decodeURIComponent(pass ?? '');
    }
    const grantType = form.get('grant_type') ?? '';
    const scope = form.get('scope') ?? '';
    const assertion = form.get('assertion') ?? undefined;
    state.requests.push({
      tenant,
      grantType,
      clientId,
      scope,
      assertion,
      requestedTokenUse: form.get('requested_token_use') ?? undefined,
      at: Date.now(),
    });
    const failure = failures.shift();
    if (failure) return oauthError(res, failure.status, failure.error, 'The stand-in was told to fail this request.');
    const known = options.clients;
    if (!clientId || !secret || (known && known[clientId] !== secret)) {
      return oauthError(res, 401, 'invalid_client', `AADSTS7000215: Invalid client secret provided for '${clientId}'.`);
    }
    if (!scope) return oauthError(res, 400, 'invalid_request', "AADSTS900144: The request body must contain the 'scope' parameter.");
    const lifetime = state.tokenLifetimeSeconds;
    let record: IssuedToken;
    if (grantType === CLIENT_CREDENTIALS) {
      record = issue(tenant, clientId, grantType, scope, `sp-${clientId}`, lifetime, { roles: [] });
    } else if (grantType === JWT_BEARER) {
      const user = assertion ? issued.get(assertion) : undefined;
      if (!user || user.expiresAt <= Date.now()) {
        return oauthError(res, 400, 'invalid_grant', 'AADSTS50013: Assertion failed signature validation or has expired.');
      }
      if (form.get('requested_token_use') !== 'on_behalf_of') {
        return oauthError(res, 400, 'invalid_request', 'AADSTS70011: requested_token_use must be on_behalf_of.');
      }
      const scp = scope
        .split(' ')
        .map((s) => s.slice(s.lastIndexOf('/') + 1))
        .join(' ');
      record = issue(tenant, clientId, grantType, scope, user.subject, lifetime, { scp });
    } else {
      return oauthError(res, 400, 'unsupported_grant_type', `AADSTS70003: The app requested an unsupported grant type '${grantType}'.`);
    }
    sendJson(res, 200, {
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: record.token,
      ...(grantType === JWT_BEARER ? { scope } : {}),
    });
  };

  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const token = /^\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path);
    const config = /^\/([^/]+)\/v2\.0\/\.well-known\/openid-configuration$/.exec(path);
    const keys = /^\/([^/]+)\/discovery\/v2\.0\/keys$/.exec(path);
    if (req.method === 'POST' && token) {
      handleToken(req, res, decodeURIComponent(token[1])).catch((error: unknown) => oauthError(res, 500, 'server_error', String(error)));
    } else if (req.method === 'GET' && config) {
      sendJson(res, 200, state.openIdConfiguration(decodeURIComponent(config[1])));
    } else if (req.method === 'GET' && keys) {
      sendJson(res, 200, { keys: [{ ...publicKey.export({ format: 'jwk' }), kid, use: 'sig', alg: 'RS256' }] });
    } else {
      oauthError(res, 404, 'invalid_request', `The stand-in has no ${req.method} ${path}`);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  (state as { url: string }).url = url;
  return state;
}
