import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { meSchema } from '../../api/contracts/me.ts';
import { OboError } from '../../api/auth/obo.ts';
import { JWT_BEARER, startEntraStandIn, type EntraStandIn } from '../stand-ins/entra.ts';
import { parsed, startTestServer, type TestServer } from './helpers.ts';

const TENANT = '8f1c9a52-1f0e-4d6b-9a51-3c2e7d6b0a11';
const CLIENT = '5e0c3b8a-7a1d-4c55-8d0a-0f4b9a2c1d33';
const POWER_BI = 'https://analysis.windows.net/powerbi/api/.default';

let entra: EntraStandIn;
let server: TestServer;

beforeAll(async () => {
  entra = await startEntraStandIn({ clients: { [CLIENT]: 'app-secret' } });
  // Entra mode: the same server, keys from the tenant's JWKS URL, tokens minted by the stand-in.
  server = await startTestServer({
    ENTRA_TENANT_ID: TENANT,
    ENTRA_CLIENT_ID: CLIENT,
    ENTRA_CLIENT_SECRET: 'app-secret',
    ENTRA_AUTHORITY_HOST: entra.url,
    ENTRA_AUDIENCE: `api://localhost/${CLIENT}`,
  });
});
afterAll(async () => {
  await server?.stop();
  await entra?.close();
});

const ssoToken = (claims: { oid?: string; upn?: string; name?: string; audience?: string; tenant?: string } = {}) =>
  entra.userToken({
    tenant: claims.tenant ?? TENANT,
    audience: claims.audience ?? `api://localhost/${CLIENT}`,
    oid: claims.oid ?? '0b5d3c1e-0000-4000-8000-000000000001',
    upn: claims.upn ?? 'karen.whitfield@contoso.com',
    name: claims.name ?? 'Karen Whitfield',
  });

describe('with Entra ID configured', () => {
  it('accepts a Teams SSO token validated against the tenant JWKS, and finds the person by name', async () => {
    const me = await parsed(await server.get('/api/me', ssoToken()), meSchema);
    // No app role in the token: the organisation makes Karen a manager.
    expect(me).toMatchObject({ role: 'manager', roleSource: 'organisation', person: 'Karen Whitfield', upn: 'karen.whitfield@contoso.com' });
    expect((await server.get(`/api/logs/${server.logId}/map`, ssoToken())).status).toBe(200);
  });

  it('refuses tokens for another audience or tenant, and local tokens', async () => {
    expect((await server.get('/api/me', ssoToken({ audience: 'api://someone-else' }))).status).toBe(401);
    expect((await server.get('/api/me', ssoToken({ tenant: 'f0000000-0000-4000-8000-000000000000' }))).status).toBe(401);
    expect((await server.get('/api/me', await server.token('Karen Whitfield', 'executive'))).status).toBe(401);
    expect((await server.get('/api/.well-known/jwks.json')).status).toBe(404);
  });

  it("exchanges the user's token on behalf of the user (OBO) at the token endpoint", async () => {
    const obo = server.running.services.obo!;
    expect(obo).not.toBeNull();
    const user = ssoToken({ oid: '0b5d3c1e-0000-4000-8000-000000000002' });
    const delegated = await obo.acquire(user, [POWER_BI]);
    const issued = entra.verify(delegated.accessToken);
    expect(issued).toMatchObject({ grantType: JWT_BEARER, clientId: CLIENT, subject: '0b5d3c1e-0000-4000-8000-000000000002', audience: 'https://analysis.windows.net/powerbi/api' });
    const request = entra.requests.at(-1)!;
    expect(request).toMatchObject({ grantType: JWT_BEARER, assertion: user, requestedTokenUse: 'on_behalf_of', tenant: TENANT });

    // msal caches per user assertion: the same request does not go to Entra again.
    const count = entra.requests.length;
    expect((await obo.acquire(user, [POWER_BI])).accessToken).toBe(delegated.accessToken);
    expect(entra.requests.length).toBe(count);
  });

  it('reports a refused exchange as an OboError', async () => {
    entra.failNext(1, 400, 'invalid_grant');
    const user = ssoToken({ oid: '0b5d3c1e-0000-4000-8000-000000000003' });
    const failure = await server.running.services.obo!.acquire(user, [POWER_BI]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OboError);
    expect((failure as OboError).code).toBe('invalid_grant');
  });
});
