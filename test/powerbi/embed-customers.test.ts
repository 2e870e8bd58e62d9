import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedConfigSchema } from '../../api/contracts/powerbi.ts';
import { SAMPLE_ORGANISATION } from '../../api/sample/generator.ts';
import { parsed, PEOPLE, startTestServer, type TestServer } from '../api/helpers.ts';
import { CLIENT_CREDENTIALS, DATASET, REPORT, setPowerBiEnv, SP_CLIENT, SP_SECRET, startStandIns, TENANT, WORKSPACE, type PowerBiStandIns } from './fixtures.ts';

let standIns: PowerBiStandIns;
let server: TestServer;

/** Two managers of different teams, with the teams each manages. */
const [first, second] = [...new Set(SAMPLE_ORGANISATION.teams.map((t) => t.manager))].map((manager) => ({
  manager,
  upn: `${manager.toLowerCase().replace(/[^a-z]+/g, '.')}@contoso.com`,
  teams: SAMPLE_ORGANISATION.teams.filter((t) => t.manager === manager).map((t) => t.name).sort(),
}));

beforeAll(async () => {
  standIns = await startStandIns();
  setPowerBiEnv({
    POWERBI_MODE: 'customers',
    POWERBI_WORKSPACE_ID: WORKSPACE,
    POWERBI_REPORT_ID: REPORT,
    POWERBI_TENANT_ID: TENANT,
    POWERBI_CLIENT_ID: SP_CLIENT,
    POWERBI_CLIENT_SECRET: SP_SECRET,
  });
  // Local sign-in: the service principal alone talks to Entra and Power BI.
  server = await startTestServer({ ENTRA_AUTHORITY_HOST: standIns.entra.url, POWERBI_API_URL: standIns.powerbi.url });
});
afterAll(async () => {
  await server?.stop();
  await standIns?.close();
  setPowerBiEnv({});
});

const generated = () => standIns.powerbi.requests.filter((r) => r.path === '/v1.0/myorg/GenerateToken');

async function embedAs(user: string, role: 'collector' | 'manager' | 'executive') {
  const response = await server.get('/api/powerbi/embed-config', await server.token(user, role));
  return response;
}

describe('embed for your customers (service principal + GenerateToken)', () => {
  it("generates an embed token whose effective identity carries the manager's teams for the Team role", async () => {
    const response = await embedAs(first.manager, 'manager');
    expect(response.status).toBe(200);
    const config = await parsed(response, embedConfigSchema);
    if (!config.configured) throw new Error(config.reason);
    expect(config).toMatchObject({ mode: 'customers', tokenType: 'Embed', reportId: REPORT, workspaceId: WORKSPACE, datasetId: DATASET });
    expect(config.rls).toEqual({ username: first.upn, roles: ['Team'], teams: first.teams });

    const call = generated().at(-1)!;
    expect(call.caller).toEqual({ subject: `sp-${SP_CLIENT}`, kind: CLIENT_CREDENTIALS });
    expect(call.body).toEqual({
      datasets: [{ id: DATASET }],
      reports: [{ id: REPORT, allowEdit: false }],
      identities: [{ username: first.upn, roles: ['Team'], datasets: [DATASET], customData: first.teams.join('|') }],
      lifetimeInMinutes: 60,
    });
    // What the tab gets is exactly the token Power BI issued, with its expiry.
    const issued = standIns.powerbi.issued.get(config.accessToken)!;
    expect(issued).toBeDefined();
    expect(config.expiresAt).toBe(new Date(issued.expiration).toISOString());
    expect(Date.parse(config.expiresAt) - Date.parse(config.refreshAt)).toBe(10 * 60_000);
  });

  it("gives another team's manager an identity with their own teams only", async () => {
    const config = await parsed(await embedAs(second.manager, 'manager'), embedConfigSchema);
    if (!config.configured) throw new Error(config.reason);
    expect(config.rls?.teams).toEqual(second.teams);
    expect(second.teams.some((t) => first.teams.includes(t))).toBe(false);
    const identity = (generated().at(-1)!.body as { identities: { customData: string; username: string }[] }).identities[0];
    expect(identity).toMatchObject({ username: second.upn, customData: second.teams.join('|') });
  });

  it('gives executives the unfiltered Executive role', async () => {
    const config = await parsed(await embedAs(PEOPLE.executive.user, 'executive'), embedConfigSchema);
    if (!config.configured) throw new Error(config.reason);
    expect(config.rls).toMatchObject({ roles: ['Executive'], teams: [] });
    const identity = (generated().at(-1)!.body as { identities: Record<string, unknown>[] }).identities[0];
    expect(identity.roles).toEqual(['Executive']);
    expect(identity).not.toHaveProperty('customData');
  });

  it('reuses an embed token until its refresh time instead of generating one per page load', async () => {
    const before = generated().length;
    const again = await parsed(await embedAs(first.manager, 'manager'), embedConfigSchema);
    expect(generated().length).toBe(before);
    expect(again.configured && standIns.powerbi.issued.has(again.accessToken)).toBe(true);
  });

  it('gets the service principal token with client credentials from the configured authority', () => {
    const grants = standIns.entra.requests.filter((r) => r.grantType === CLIENT_CREDENTIALS);
    expect(grants.length).toBeGreaterThan(0);
    expect(grants[0]).toMatchObject({ tenant: TENANT, clientId: SP_CLIENT, scope: 'https://analysis.windows.net/powerbi/api/.default' });
  });

  it('refuses collectors before asking Power BI anything', async () => {
    const before = standIns.powerbi.requests.length;
    expect((await embedAs(PEOPLE.collector.user, 'collector')).status).toBe(403);
    expect(standIns.powerbi.requests.length).toBe(before);
  });
});

describe('without Power BI settings', () => {
  it('answers configured: false with what is missing', async () => {
    setPowerBiEnv({ POWERBI_MODE: 'customers' });
    const bare = await startTestServer({ SAMPLE_EVENTS: '1000' });
    try {
      const response = await bare.get('/api/powerbi/embed-config', await bare.token(PEOPLE.executive.user, 'executive'));
      const config = await parsed(response, embedConfigSchema);
      expect(config).toEqual({ configured: false, reason: expect.stringContaining('POWERBI_WORKSPACE_ID') });
    } finally {
      await bare.stop();
    }
  });
});
