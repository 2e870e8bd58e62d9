import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dynamicsConfigFromEnv, DynamicsConfigError, odataSource, scopeFor } from '../../api/adapters/dynamics/config.ts';
import { ODataClient, ODataError } from '../../api/adapters/dynamics/odata-client.ts';
import { backoffDelay, DEFAULT_RETRY, retryAfterMs } from '../../api/adapters/dynamics/retry.ts';
import { authorityMetadata, msalTokenSource } from '../../api/adapters/dynamics/token.ts';
import { changedSince, pageWatermark } from '../../api/adapters/dynamics/watermark.ts';
import { cleanUp, CLIENT_ID, CLIENT_SECRET, startStandIns, TENANT } from './helpers.ts';

afterEach(cleanUp);

describe('Dynamics connector parts', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(retryAfterMs('7')).toBe(7000);
    expect(retryAfterMs('0.5')).toBe(500);
    expect(retryAfterMs('Wed, 21 Oct 2026 07:28:30 GMT', Date.parse('2026-10-21T07:28:00Z'))).toBe(30_000);
    expect(retryAfterMs(null)).toBeUndefined();
    expect(retryAfterMs('soon')).toBeUndefined();
  });

  it('backs off with full jitter under a doubling, capped ceiling', () => {
    expect(backoffDelay(DEFAULT_RETRY, 1, () => 1)).toBe(1000);
    expect(backoffDelay(DEFAULT_RETRY, 3, () => 1)).toBe(4000);
    expect(backoffDelay(DEFAULT_RETRY, 20, () => 1)).toBe(DEFAULT_RETRY.maxDelayMs);
    expect(backoffDelay(DEFAULT_RETRY, 3, () => 0)).toBe(0);
  });

  it('advances a watermark only past values no later page can share', () => {
    const at = (d: string) => `2024-03-${d}T12:00:00Z`;
    expect(pageWatermark([at('01'), at('02'), at('02')], true, undefined)).toBe('2024-03-01T12:00:00.000Z');
    expect(pageWatermark([at('02'), at('02')], true, '2024-03-01T12:00:00.000Z')).toBe('2024-03-01T12:00:00.000Z');
    expect(pageWatermark([at('02'), at('03')], false, '2024-03-01T12:00:00.000Z')).toBe('2024-03-03T12:00:00.000Z');
    expect(pageWatermark([], false, undefined)).toBeUndefined();
    expect(changedSince('InvoiceDate', '2024-03-31T12:00:00.000Z', 30)).toBe('InvoiceDate gt 2024-03-01T12:00:00Z');
  });

  it('reads its configuration from the environment and names what is missing', () => {
    expect(() => dynamicsConfigFromEnv({ D365_URL: 'https://contoso.operations.dynamics.com' })).toThrow(DynamicsConfigError);
    expect(() => dynamicsConfigFromEnv({})).toThrow(/D365_URL, D365_TENANT_ID, D365_CLIENT_ID, D365_CLIENT_SECRET/);
    const config = dynamicsConfigFromEnv({
      D365_URL: 'https://contoso.operations.dynamics.com/',
      D365_TENANT_ID: 't',
      D365_CLIENT_ID: 'c',
      D365_CLIENT_SECRET: 's',
      SYNC_SCHEDULE: '0 */2 * * *',
    });
    expect(config).toMatchObject({ url: 'https://contoso.operations.dynamics.com', authorityHost: 'https://login.microsoftonline.com', schedule: '0 */2 * * *' });
    expect(scopeFor(config)).toBe('https://contoso.operations.dynamics.com/.default');
    expect(odataSource(config)).toBe('dynamics:contoso.operations.dynamics.com');
    expect(JSON.parse(authorityMetadata('https://login.microsoftonline.us', 't')).token_endpoint).toBe('https://login.microsoftonline.us/t/oauth2/v2.0/token');
  });

  it('gets client-credentials tokens from the configured authority host and renews on demand', async () => {
    const { entra, config } = await startStandIns();
    const tokens = msalTokenSource(config);
    const first = await tokens.token();
    expect(await tokens.token()).toBe(first);
    const renewed = await tokens.renew();
    expect(renewed).not.toBe(first);
    expect(entra.verify(renewed)).toMatchObject({ tenant: TENANT, clientId: CLIENT_ID, audience: new URL(config.url).origin });
    await expect(msalTokenSource({ ...config, clientSecret: `${CLIENT_SECRET}-wrong` }).token()).rejects.toThrow(/invalid_client|Invalid client secret/);
  });

  it('does not follow an @odata.nextLink to another host (the token would go with it)', async () => {
    const server = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ value: [{ a: 1 }], '@odata.nextLink': 'http://198.51.100.7/data/X?$skip=1' }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const client = new ODataClient({ baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, tokens: { token: async () => 't', renew: async () => 't' } });
      const pages = client.pages('X');
      expect((await pages.next()).value?.rows).toEqual([{ a: 1 }]);
      await expect(pages.next()).rejects.toThrow(ODataError);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
