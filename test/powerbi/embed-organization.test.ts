import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedConfigSchema } from '../../api/contracts/powerbi.ts';
import { problemSchema } from '../../api/contracts/index.ts';
import { SAMPLE_ORGANISATION } from '../../api/sample/generator.ts';
import { parsed, PEOPLE, startTestServer, type TestServer } from '../api/helpers.ts';
import { JWT_BEARER } from '../stand-ins/entra.ts';
import { API_CLIENT, API_SECRET, DATASET, POWERBI_RESOURCE, REPORT, setPowerBiEnv, startStandIns, TENANT, WORKSPACE, type PowerBiStandIns } from './fixtures.ts';

let standIns: PowerBiStandIns;
let server: TestServer;
let nextUser = 0;

beforeAll(async () => {
  standIns = await startStandIns();
  setPowerBiEnv({ POWERBI_MODE: 'organization', POWERBI_WORKSPACE_ID: WORKSPACE, POWERBI_REPORT_ID: REPORT });
  server = await startTestServer({
    ENTRA_TENANT_ID: TENANT,
    ENTRA_CLIENT_ID: API_CLIENT,
    ENTRA_CLIENT_SECRET: API_SECRET,
    ENTRA_AUTHORITY_HOST: standIns.entra.url,
    POWERBI_API_URL: standIns.powerbi.url,
  });
});
afterAll(async () => {
  await server?.stop();
  await standIns?.close();
  setPowerBiEnv({});
});

/** A Teams SSO token as Entra would issue it to the tab; a new user id each time (msal caches per assertion). */
function ssoToken(name: string, lifetimeSeconds?: number): { token: string; oid: string } {
  const oid = `00000000-0000-4000-8000-${String(++nextUser).padStart(12, '0')}`;
  const upn = `${name.toLowerCase().replace(/[^a-z]+/g, '.')}@contoso.com`;
  return { oid, token: standIns.entra.userToken({ tenant: TENANT, audience: API_CLIENT, oid, upn, name, lifetimeSeconds }) };
}

const embedConfig = (token: string) => server.get('/api/powerbi/embed-config', token);

describe('embed for your organization (on-behalf-of)', () => {
  it("answers the user's own Power BI token, got on their behalf, with the report's embed URL", async () => {
    const { token, oid } = ssoToken(PEOPLE.manager.user);
    const response = await embedConfig(token);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    const config = await parsed(response, embedConfigSchema);
    if (!config.configured) throw new Error(config.reason);
    expect(config).toMatchObject({ mode: 'organization', tokenType: 'Aad', reportId: REPORT, workspaceId: WORKSPACE, datasetId: DATASET, rls: null });
    expect(config.embedUrl).toBe(`https://app.powerbi.com/reportEmbed?reportId=${REPORT}&groupId=${WORKSPACE}&w=2`);

    // The token is a delegated Power BI token for this user, not the app's and not the SSO token.
    const issued = standIns.entra.verify(config.accessToken)!;
    expect(issued).toMatchObject({ grantType: JWT_BEARER, subject: oid, audience: POWERBI_RESOURCE, clientId: API_CLIENT, tenant: TENANT });
    const exchange = standIns.entra.requests.filter((r) => r.grantType === JWT_BEARER).at(-1)!;
    expect(exchange).toMatchObject({ assertion: token, clientId: API_CLIENT, requestedTokenUse: 'on_behalf_of' });
    expect(exchange.scope.split(' ')).toContain(`${POWERBI_RESOURCE}/.default`);

    // The report was looked up as the user, so Power BI checked their access.
    const lookup = standIns.powerbi.requests.at(-1)!;
    expect(lookup).toMatchObject({ method: 'GET', path: `/v1.0/myorg/groups/${WORKSPACE}/reports/${REPORT}`, caller: { subject: oid, kind: JWT_BEARER } });
    expect(standIns.powerbi.requests.some((r) => r.path.endsWith('/GenerateToken'))).toBe(false);
  });

  it('says when the token expires and asks for a refresh ten minutes before', async () => {
    const { token } = ssoToken(PEOPLE.manager.user);
    const config = await parsed(await embedConfig(token), embedConfigSchema);
    if (!config.configured) throw new Error(config.reason);
    const expiresAt = Date.parse(config.expiresAt);
    expect(Math.abs(expiresAt - standIns.entra.verify(config.accessToken)!.expiresAt)).toBeLessThan(5_000);
    expect(expiresAt - Date.parse(config.refreshAt)).toBe(10 * 60_000);
    expect(Date.parse(config.refreshAt)).toBeGreaterThan(Date.now());
  });

  it('halves the lead for short-lived tokens, so the refresh still comes before expiry', async () => {
    standIns.entra.tokenLifetimeSeconds = 300;
    try {
      const { token } = ssoToken(PEOPLE.manager.user);
      const config = await parsed(await embedConfig(token), embedConfigSchema);
      if (!config.configured) throw new Error(config.reason);
      const lifetime = Date.parse(config.expiresAt) - Date.now();
      expect(lifetime).toBeGreaterThan(290_000);
      expect(lifetime).toBeLessThanOrEqual(301_000); // msal keeps whole seconds
      const lead = Date.parse(config.expiresAt) - Date.parse(config.refreshAt);
      expect(lead).toBeGreaterThan(140_000);
      expect(lead).toBeLessThan(151_000);
    } finally {
      standIns.entra.tokenLifetimeSeconds = 3600;
    }
  });

  it('answers 403 when Power BI refuses the user the report', async () => {
    const other = SAMPLE_ORGANISATION.teams.find((t) => t.manager !== PEOPLE.manager.user)!.manager;
    const { token, oid } = ssoToken(other);
    standIns.powerbi.refuse(oid);
    const response = await embedConfig(token);
    expect(response.status).toBe(403);
    expect((await parsed(response, problemSchema)).type).toMatch(/powerbi-forbidden$/);
  });

  it('answers 502 when Power BI fails', async () => {
    const { token } = ssoToken(PEOPLE.manager.user);
    standIns.powerbi.failNext(1, 503);
    const response = await embedConfig(token);
    expect(response.status).toBe(502);
    expect((await parsed(response, problemSchema)).type).toMatch(/powerbi-failed$/);
  });

  it('is not for collectors, and asks Entra and Power BI nothing for them', async () => {
    const before = { entra: standIns.entra.requests.length, powerbi: standIns.powerbi.requests.length };
    const { token } = ssoToken(PEOPLE.collector.user);
    expect((await embedConfig(token)).status).toBe(403);
    expect(standIns.entra.requests.length).toBe(before.entra);
    expect(standIns.powerbi.requests.length).toBe(before.powerbi);
  });

  it('needs a signed-in user', async () => {
    expect((await embedConfig('')).status).toBe(401);
  });
});
