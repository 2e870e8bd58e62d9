import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { healthSchema, jwksSchema, readinessSchema } from '../../api/contracts/health.ts';
import { meSchema } from '../../api/contracts/me.ts';
import { problemSchema } from '../../api/contracts/index.ts';
import { routes } from '../../api/routes/index.ts';
import { LOCAL_AUDIENCE, LOCAL_ISSUER } from '../../api/auth/auth-config.ts';
import { craftedToken, parsed, PEOPLE, startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server?.stop());

/** A concrete path for an operation, its parameters filled with harmless values. */
function concrete(path: string): string {
  return path.replace(/:([A-Za-z]+)/g, (_m, name: string) => (name === 'id' ? server.logId : name === 'version' ? '0' : 'x'));
}

async function expectUnauthenticated(response: Response, detail: RegExp): Promise<void> {
  expect(response.status).toBe(401);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  expect(response.headers.get('www-authenticate')).toMatch(/^Bearer/);
  const problem = await parsed(response, problemSchema);
  expect(problem.status).toBe(401);
  expect(problem.detail).toMatch(detail);
}

describe('authentication', () => {
  it('answers 401 without a token on every non-public operation of the contract', async () => {
    const guarded = routes()
      .map((binding) => binding.op)
      .filter((op) => op.access !== 'public');
    expect(guarded.length).toBeGreaterThan(25);
    for (const op of guarded) {
      const response = await fetch(`${server.url}${concrete(op.path)}`, { method: op.method.toUpperCase() });
      expect(response.status, `${op.method} ${op.path}`).toBe(401);
      await response.body?.cancel();
    }
  });

  it('serves health, readiness, the OpenAPI document and the JWKS without a token', async () => {
    await parsed(await server.get('/api/health'), healthSchema);
    expect((await parsed(await server.get('/api/ready'), readinessSchema)).status).toBe('ready');
    expect(((await (await server.get('/api/openapi.json')).json()) as { openapi: string }).openapi).toBe('3.1.0');
    const jwks = await parsed(await server.get('/api/.well-known/jwks.json'), jwksSchema);
    // The served keys verify the tokens `npm run token` prints, and hold no private part.
    expect(JSON.stringify(jwks)).not.toMatch(/"d":/);
    const token = await server.token(PEOPLE.manager.user, 'manager');
    const { payload } = await jwtVerify(token, createLocalJWKSet(jwks as never), { issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE });
    expect(payload.name).toBe(PEOPLE.manager.user);
  });

  it('refuses malformed, forged, expired, premature and foreign tokens with 401', async () => {
    const me = (token: string) => server.get('/api/me', token);
    await expectUnauthenticated(await server.get('/api/me', undefined, { authorization: 'Basic dXNlcjpwYXNz' }), /Bearer/);
    await expectUnauthenticated(await me('not-a-jwt'), /JWT/);
    await expectUnauthenticated(await me(await craftedToken(server.dataDir, {}, { key: 'foreign' })), /signature/);
    await expectUnauthenticated(await me(await craftedToken(server.dataDir, {}, { key: 'foreign', kid: 'unknown-kid' })), /key/);
    const hourAgo = Math.floor(Date.now() / 1000) - 3600;
    await expectUnauthenticated(await me(await craftedToken(server.dataDir, { iat: hourAgo - 600, nbf: hourAgo - 600, exp: hourAgo })), /expired/);
    const inAnHour = Math.floor(Date.now() / 1000) + 3600;
    await expectUnauthenticated(await me(await craftedToken(server.dataDir, { nbf: inAnHour, exp: inAnHour + 600 })), /not valid yet/);
    await expectUnauthenticated(await me(await craftedToken(server.dataDir, { aud: 'api://someone-else' })), /audience/);
    await expectUnauthenticated(await me(await craftedToken(server.dataDir, { iss: 'https://evil.example/' })), /issuer/);
    await expectUnauthenticated(await me(await craftedToken(server.dataDir, { tid: 'another-tenant' })), /tenant/);
    await expectUnauthenticated(await me(await craftedToken(server.dataDir, { exp: undefined })), /exp/);
  });

  it('tampering with a valid token breaks it', async () => {
    const token = await server.token(PEOPLE.collector.user, 'collector');
    const [header, payload, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
    const promoted = Buffer.from(JSON.stringify({ ...claims, roles: ['executive'] })).toString('base64url');
    await expectUnauthenticated(await server.get('/api/me', `${header}.${promoted}.${signature}`), /signature/);
  });

  it('says who the caller is: role from the token, person and teams from the organisation', async () => {
    const manager = await parsed(await server.get('/api/me', await server.token(PEOPLE.manager.user, 'manager')), meSchema);
    expect(manager).toMatchObject({ role: 'manager', roleSource: 'token', person: 'Karen Whitfield', personSource: 'name', teams: ['Collections Team North America'] });
    const collector = await parsed(await server.get('/api/me', await server.token(PEOPLE.collector.user, 'collector')), meSchema);
    expect(collector).toMatchObject({ role: 'collector', person: 'Jessica Alvarez', teams: ['Collections Team North America'] });
  });

  it('gives no access to a signed-in user without a role, until an administrator maps them', async () => {
    const stranger = await craftedToken(server.dataDir, { oid: 'stranger-oid', name: 'Nobody Known', preferred_username: 'nobody@contoso.com', roles: [] });
    const refused = await server.get(`/api/logs/${server.logId}/map`, stranger);
    expect(refused.status).toBe(403);
    expect((await parsed(refused, problemSchema)).type).toMatch(/no-role$/);

    const executive = await server.token(PEOPLE.executive.user, 'executive');
    const put = await server.send('PUT', '/api/user-mappings/nobody@contoso.com', executive, { person: 'Lukas Becker' });
    expect(put.status).toBe(201);
    const me = await parsed(await server.get('/api/me', stranger), meSchema);
    expect(me).toMatchObject({ person: 'Lukas Becker', personSource: 'mapping', role: 'collector', roleSource: 'organisation' });
    expect((await server.get(`/api/logs/${server.logId}/map`, stranger)).status).toBe(200);

    expect((await server.send('DELETE', '/api/user-mappings/NOBODY@contoso.com', executive)).status).toBe(204);
    expect((await server.get(`/api/logs/${server.logId}/map`, stranger)).status).toBe(403);
  });

  it('labels every response with a request id, echoing a sane one from the caller', async () => {
    const response = await server.get('/api/health', undefined, { 'x-request-id': 'trace-123' });
    expect(response.headers.get('x-request-id')).toBe('trace-123');
    const problem = await parsed(await server.get('/api/me'), problemSchema);
    expect(problem.instance).toMatch(/^urn:request:[0-9a-f-]{36}$/);
  });
});
