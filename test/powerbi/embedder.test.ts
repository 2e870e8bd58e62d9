import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppTokens } from '../../api/adapters/powerbi/app-tokens.ts';
import type { PowerBiConfig } from '../../api/adapters/powerbi/config.ts';
import { PowerBiEmbedder, type EmbedUser } from '../../api/adapters/powerbi/embedder.ts';
import { PowerBiRestClient } from '../../api/adapters/powerbi/rest-client.ts';
import { DATASET, REPORT, SP_CLIENT, SP_SECRET, startStandIns, TENANT, WORKSPACE, type PowerBiStandIns } from './fixtures.ts';

let standIns: PowerBiStandIns;
let now = Date.now();
let embedder: PowerBiEmbedder;

const manager: EmbedUser = { id: 'oid-1', upn: 'karen.whitfield@contoso.com', token: 'unused', role: 'manager', teams: ['North America Enterprise', 'Canada'] };

beforeAll(async () => {
  standIns = await startStandIns();
  const config: PowerBiConfig = {
    mode: 'customers',
    apiUrl: standIns.powerbi.url,
    workspaceId: WORKSPACE,
    reportId: REPORT,
    datasetId: null,
    scope: 'https://analysis.windows.net/powerbi/api/.default',
    tokenMinutes: 30,
    teamRole: 'Team',
    allRole: 'Executive',
    servicePrincipal: { tenantId: TENANT, clientId: SP_CLIENT, clientSecret: SP_SECRET, authorityHost: standIns.entra.url, tokenEndpoint: null },
  };
  embedder = new PowerBiEmbedder(config, new PowerBiRestClient(config.apiUrl), null, new AppTokens(config.servicePrincipal!), () => now);
});
afterAll(() => standIns?.close());

const generateCalls = () => standIns.powerbi.requests.filter((r) => r.path.endsWith('/GenerateToken')).length;

describe('PowerBiEmbedder token lifecycle', () => {
  it('keeps a token until its refresh time, then generates a new one', async () => {
    now = Date.now();
    const first = await embedder.embedConfig(manager);
    expect(generateCalls()).toBe(1);
    // Sorted, de-duplicated teams: the same people always get the same identity.
    expect(first.rls?.teams).toEqual(['Canada', 'North America Enterprise']);

    now = Date.parse(first.refreshAt) - 1;
    expect((await embedder.embedConfig(manager)).accessToken).toBe(first.accessToken);
    expect(generateCalls()).toBe(1);

    now = Date.parse(first.refreshAt) + 1;
    const second = await embedder.embedConfig(manager);
    expect(generateCalls()).toBe(2);
    expect(second.accessToken).not.toBe(first.accessToken);
    expect(standIns.powerbi.issued.has(second.accessToken)).toBe(true);
  });

  it('looks the report up once per five minutes, not per token', async () => {
    const lookups = () => standIns.powerbi.requests.filter((r) => r.method === 'GET').length;
    const before = lookups();
    await embedder.embedConfig({ ...manager, id: 'oid-2', upn: 'other@contoso.com', teams: ['EMEA'] });
    expect(lookups()).toBe(before);
    now += 5 * 60_000 + 1;
    await embedder.embedConfig({ ...manager, id: 'oid-3', upn: 'third@contoso.com', teams: ['APAC'] });
    expect(lookups()).toBe(before + 1);
  });

  it('takes the dataset from the report when none is configured', async () => {
    const config = await embedder.embedConfig({ ...manager, id: 'oid-4', upn: 'fourth@contoso.com', teams: ['LATAM'] });
    expect(config.datasetId).toBe(DATASET);
  });
});
