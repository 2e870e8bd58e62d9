import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LOCAL_TENANT, type AuthConfig } from '../../api/auth/auth-config.ts';
import { mountTab, tabClientConfig } from '../../api/server/static-tab.ts';

const local: AuthConfig = { mode: 'local', dataDir: '/tmp', issuer: LOCAL_ISSUER, audience: LOCAL_AUDIENCE, tenantId: LOCAL_TENANT };
const entra: AuthConfig = {
  mode: 'entra', tenantId: 't-1', clientId: 'c-1', clientSecret: null, authorityHost: 'https://login.microsoftonline.com', jwksUrl: 'https://x',
  issuers: [], audiences: [], tokenEndpoint: null,
};

describe('serving the built tab', () => {
  let root: string;
  let url: string;
  let close: () => void;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'cl-static-'));
    mkdirSync(join(root, 'assets'));
    writeFileSync(join(root, 'index.html'), '<!doctype html><div id="root"></div>');
    writeFileSync(join(root, 'assets', 'index-abc.js'), 'console.log(1)');
    const app = express();
    app.get('/api/health', (_req, res) => res.json({ status: 'ok' }));
    mountTab(app, root, local);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = () => server.close();
  });

  afterAll(() => {
    close();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers every page of the tab with index.html, framable by Teams, always revalidated', async () => {
    for (const path of ['/', '/?view=map&filter=abc', '/tab/anything']) {
      const response = await fetch(`${url}${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
      expect(response.headers.get('content-security-policy')).toContain('frame-ancestors');
      expect(response.headers.get('content-security-policy')).toContain('https://teams.microsoft.com');
      expect(response.headers.get('cache-control')).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year and leaves /api alone', async () => {
    const asset = await fetch(`${url}/assets/index-abc.js`);
    expect(asset.status).toBe(200);
    expect(asset.headers.get('cache-control')).toContain('immutable');
    expect((await fetch(`${url}/assets/missing.js`)).status).toBe(404);
    expect(await (await fetch(`${url}/api/health`)).json()).toEqual({ status: 'ok' });
    expect((await fetch(`${url}/api/nothing`)).status).toBe(404);
  });

  it('tells the browser how to sign in', async () => {
    expect(await (await fetch(`${url}/tab-config.json`)).json()).toEqual({ auth: { mode: 'local' } });
    expect(tabClientConfig(entra, {})).toEqual({ auth: { mode: 'entra', tenantId: 't-1', clientId: 'c-1', scope: 'api://c-1/access_as_user', authorityHost: 'https://login.microsoftonline.com' } });
    expect(tabClientConfig(entra, { ENTRA_API_SCOPE: 'api://lens.contoso.com/c-1/access_as_user' })).toMatchObject({ auth: { scope: 'api://lens.contoso.com/c-1/access_as_user' } });
  });

  it('explains how to build the tab when there is no build', async () => {
    const app = express();
    mountTab(app, join(root, 'nowhere'), local);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const response = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    expect(response.status).toBe(503);
    expect(await response.text()).toContain('npm run build:tab');
    server.close();
  });
});
