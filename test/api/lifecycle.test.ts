import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { ConfigError, configFromEnv } from '../../api/server/config.ts';
import { StoreError } from '../../api/adapters/store/index.ts';
import { PEOPLE, startTestServer } from './helpers.ts';

describe('configuration', () => {
  it('defaults to local tokens and the public Microsoft endpoints', () => {
    const config = configFromEnv({ DATA_DIR: '/tmp/x' });
    expect(config.port).toBe(3978);
    expect(config.auth.mode).toBe('local');
    expect(config.remotes).toMatchObject({
      entraAuthorityHost: 'https://login.microsoftonline.com',
      powerBiApiUrl: 'https://api.powerbi.com',
      graphApiUrl: 'https://graph.microsoft.com',
      dynamicsUrl: null,
      botConnectorUrl: null,
    });
  });

  it('points every remote base URL wherever it is told (local stand-ins)', () => {
    const config = configFromEnv({
      ENTRA_TENANT_ID: 't1',
      ENTRA_CLIENT_ID: 'c1',
      ENTRA_AUTHORITY_HOST: 'http://127.0.0.1:5001/',
      POWERBI_API_URL: 'http://127.0.0.1:5002',
      GRAPH_API_URL: 'http://127.0.0.1:5003',
      D365_URL: 'http://127.0.0.1:5004',
      BOT_CONNECTOR_URL: 'http://127.0.0.1:5005',
    });
    expect(config.auth).toMatchObject({
      mode: 'entra',
      jwksUrl: 'http://127.0.0.1:5001/t1/discovery/v2.0/keys',
      issuers: ['http://127.0.0.1:5001/t1/v2.0', 'https://sts.windows.net/t1/'],
      audiences: ['c1', 'api://c1'],
    });
    expect(config.remotes).toMatchObject({ powerBiApiUrl: 'http://127.0.0.1:5002', dynamicsUrl: 'http://127.0.0.1:5004', botConnectorUrl: 'http://127.0.0.1:5005' });
  });

  it('refuses half an Entra configuration and malformed values', () => {
    expect(() => configFromEnv({ ENTRA_TENANT_ID: 't1' })).toThrow(ConfigError);
    expect(() => configFromEnv({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => configFromEnv({ POWERBI_API_URL: 'ftp://x' })).toThrow(/POWERBI_API_URL/);
    expect(() => configFromEnv({ UPLOAD_MAX_BYTES: '-1' })).toThrow(/UPLOAD_MAX_BYTES/);
  });
});

describe('graceful shutdown', () => {
  it('stops taking traffic, ends what is in flight after the grace time, and closes the store', async () => {
    const server = await startTestServer({ SHUTDOWN_GRACE_MS: '300' });
    const executive = await server.token(PEOPLE.executive.user, 'executive');
    expect((await server.get('/api/ready')).status).toBe(200);

    // An upload that never finishes: shutdown must not wait for it forever.
    const hanging = request(`${server.url}/api/logs?file=hanging.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${executive}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
    });
    const ended = new Promise<string>((resolve) => {
      hanging.on('response', (res) => resolve(`status ${res.statusCode}`));
      hanging.on('error', (error) => resolve(`error ${(error as NodeJS.ErrnoException).code ?? error.message}`));
    });
    hanging.write('InvoiceNumber,ActivityName,EventTime\n');
    while (!server.running.services.imports.isBusy('upload:hanging.csv')) await new Promise((resolve) => setTimeout(resolve, 20));

    await server.stop();
    expect(await ended).toMatch(/^(error|status)/);
    expect(server.running.services.readiness.state).toBe('stopping');
    await expect(server.running.services.store.query('SELECT 1')).rejects.toBeInstanceOf(StoreError);
    await expect(fetch(`${server.url}/api/health`)).rejects.toThrow();
  });
});
