import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemSchema } from '../../api/contracts/index.ts';
import { configFromEnv } from '../../api/server/config.ts';
import { dynamicsConfigFromEnv } from '../../api/adapters/dynamics/config.ts';
import { powerBiSetupFromEnv } from '../../api/adapters/powerbi/config.ts';
import { LOCAL_KEY_FILE } from '../../api/auth/local-key.ts';
import { botConfigFromEnv } from '../../bot/config.ts';
import { craftedToken, parsed } from '../api/helpers.ts';
import { ROOT, startChild, startInProcess, tempDir, type InProcessServer } from './helpers.ts';

/**
 * The HTTP basics: security headers, the tab's CSP, CORS closed unless configured, rate limits
 * on failed authentication and uploads, the Entra challenge Power BI refresh needs, a 400 for a
 * malformed bot activity, the scheduled Dynamics sync wired into the real entry point, and
 * secrets only from the environment.
 */

const CSV = 'InvoiceNumber,ActivityName,EventTime\nB-1,Invoice Posted,2024-01-02T00:00:00Z\n';
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function serve(env: Record<string, string> = {}, options: { bot?: boolean } = {}): Promise<InProcessServer> {
  const temp = tempDir('cl-basics-');
  cleanups.push(temp.remove);
  // A built tab of one page and one asset, to see the headers the tab gets.
  const tab = join(temp.dir, 'tab');
  mkdirSync(join(tab, 'assets'), { recursive: true });
  writeFileSync(join(tab, 'index.html'), '<!doctype html><div id="root"></div>');
  writeFileSync(join(tab, 'assets', 'index-abc.js'), 'console.log(1)');
  const server = await startInProcess(temp.dir, { SAMPLE_EVENTS: '1000', TAB_DIR: tab, ...env }, options);
  cleanups.push(() => server.stop());
  return server;
}

describe('security headers and the tab’s CSP', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await serve({ TRUST_PROXY: 'loopback' });
  });

  it('every API answer: nosniff, a referrer policy, no framing, no X-Powered-By; HSTS only over https', async () => {
    for (const path of ['/api/health', '/api/me', '/api/nothing']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(response.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
      expect(response.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('x-powered-by')).toBeNull();
      expect(response.headers.get('strict-transport-security')).toBeNull();
    }
    // Behind a TLS-terminating proxy the server trusts (TRUST_PROXY), the request is https.
    const https = await fetch(`${server.url}/api/health`, { headers: { 'x-forwarded-proto': 'https' } });
    expect(https.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
  });

  it('the tab: its own scripts only, Power BI frames only, framed only by Teams and Microsoft 365 hosts', async () => {
    for (const path of ['/', '/?view=map', '/index.html']) {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBeNull(); // Teams must be able to frame it
      const csp = Object.fromEntries(
        response.headers
          .get('content-security-policy')!
          .split(';')
          .map((d) => d.trim().split(/\s+/))
          .map(([name, ...values]) => [name, values]),
      );
      expect(csp['script-src'], path).toEqual(["'self'"]);
      expect(csp['default-src']).toEqual(["'self'"]);
      expect(csp['object-src']).toEqual(["'none'"]);
      expect(csp['connect-src']).toEqual(["'self'"]);
      expect(csp['frame-src']).toEqual(['https://app.powerbi.com', 'https://*.powerbi.com']);
      expect(csp['frame-ancestors']).toEqual(
        expect.arrayContaining(['https://teams.microsoft.com', 'https://*.teams.microsoft.com', 'https://*.cloud.microsoft', 'https://*.office.com', 'https://*.microsoft365.com']),
      );
      expect(csp['frame-ancestors'].every((host: string) => host === "'self'" || /^https:\/\/(\*\.)?[a-z0-9.-]+\.(com|microsoft)$/.test(host))).toBe(true);
    }
  });

  it('with Entra ID, the sign-in host is the only addition (MSAL outside Teams)', async () => {
    const entra = await serve({ ENTRA_TENANT_ID: 't-1', ENTRA_CLIENT_ID: 'c-1' });
    const csp = (await fetch(`${entra.url}/`)).headers.get('content-security-policy')!;
    expect(csp).toContain("connect-src 'self' https://login.microsoftonline.com");
    expect(csp).toContain('frame-src https://app.powerbi.com https://*.powerbi.com https://login.microsoftonline.com');
  });
});

describe('CORS', () => {
  it('is closed: no Access-Control-Allow-Origin for any origin, preflight included', async () => {
    const server = await serve();
    const token = await craftedToken(server.dataDir, {});
    for (const origin of ['https://evil.example', 'null', server.url]) {
      const get = await fetch(`${server.url}/api/me`, { headers: { origin, authorization: `Bearer ${token}` } });
      expect(get.status).toBe(200);
      expect(get.headers.get('access-control-allow-origin'), origin).toBeNull();
      const preflight = await fetch(`${server.url}/api/me`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' } });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
      expect(preflight.headers.get('access-control-allow-headers')).toBeNull();
    }
  });

  it('opens to exactly the origins of CORS_ORIGINS, without credentials', async () => {
    const server = await serve({ CORS_ORIGINS: 'https://reports.contoso.com, https://other.contoso.com/' });
    const preflight = await fetch(`${server.url}/api/logs`, { method: 'OPTIONS', headers: { origin: 'https://reports.contoso.com', 'access-control-request-method': 'GET' } });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('https://reports.contoso.com');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
    expect(preflight.headers.get('access-control-allow-credentials')).toBeNull();
    expect((await fetch(`${server.url}/api/health`, { headers: { origin: 'https://other.contoso.com' } })).headers.get('access-control-allow-origin')).toBe('https://other.contoso.com');
    expect((await fetch(`${server.url}/api/health`, { headers: { origin: 'https://evil.example' } })).headers.get('access-control-allow-origin')).toBeNull();
  });
});

describe('rate limits', () => {
  it('failed authentication, per client address: 429 problem+json with Retry-After once the bucket is empty', async () => {
    const server = await serve({ AUTH_FAILURES_PER_MINUTE: '3', TRUST_PROXY: 'loopback' });
    const good = await craftedToken(server.dataDir, {});
    const forged = await craftedToken(server.dataDir, {}, { key: 'foreign' });
    const me = (token: string | null, from = '203.0.113.7') =>
      fetch(`${server.url}/api/me`, { headers: { 'x-forwarded-for': from, ...(token ? { authorization: `Bearer ${token}` } : {}) } });
    expect((await me(good)).status).toBe(200); // known good from now on
    for (let i = 0; i < 3; i++) expect((await me(forged)).status).toBe(401);
    const limited = await me(forged);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await parsed(limited, problemSchema)).type).toMatch(/rate-limited$/);
    // A token that already passed keeps working; no credential is not limited (and still 401).
    expect((await me(good)).status).toBe(200);
    expect((await me(null)).status).toBe(401);
    // A new token from that address waits too (its signature is not checked meanwhile)...
    expect((await me(await craftedToken(server.dataDir, { oid: 'someone-new' }))).status).toBe(429);
    // ...while another address is not affected.
    expect((await me(forged, '198.51.100.9')).status).toBe(401);
  });

  it('uploads, per user: 429 with Retry-After beyond UPLOADS_PER_HOUR', async () => {
    const server = await serve({ UPLOADS_PER_HOUR: '2' });
    const eve = await craftedToken(server.dataDir, { oid: 'eve' });
    const ann = await craftedToken(server.dataDir, { oid: 'ann' });
    const upload = (token: string, name: string) =>
      fetch(`${server.url}/api/logs?file=${name}.csv`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body: CSV });
    expect((await upload(eve, 'one')).status).toBe(202);
    expect((await upload(eve, 'two')).status).toBe(202);
    const third = await upload(eve, 'three');
    expect(third.status).toBe(429);
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(60);
    expect((await parsed(third, problemSchema)).detail).toMatch(/2 uploads an hour/);
    expect((await upload(ann, 'four')).status).toBe(202);
  });
});

describe('the Bearer challenge with Entra ID (Power BI service refresh)', () => {
  it('names the authorization URI and the resource in every 401', async () => {
    const tenant = '8f1c9a52-1f0e-4d6b-9a51-3c2e7d6b0a11';
    const server = await serve({ ENTRA_TENANT_ID: tenant, ENTRA_CLIENT_ID: 'c-1', ENTRA_AUDIENCE: 'api://lens.contoso.com/c-1,https://lens.contoso.com' });
    const missing = await fetch(`${server.url}/api/exports/cases.csv`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe(
      `Bearer authorization_uri="https://login.microsoftonline.com/${tenant}/oauth2/authorize", resource_id="https://lens.contoso.com", error="invalid_request"`,
    );
    const malformed = await fetch(`${server.url}/api/me`, { headers: { authorization: 'Bearer a.b.c' } });
    expect(malformed.status).toBe(401);
    expect(malformed.headers.get('www-authenticate')).toMatch(/^Bearer authorization_uri="[^"]+", resource_id="[^"]+", error="invalid_token"$/);
    // Local mode has no authority to point at.
    const local = await serve();
    expect((await fetch(`${local.url}/api/me`)).headers.get('www-authenticate')).toBe('Bearer error="invalid_request"');
  });
});

describe('the bot endpoint', () => {
  it('answers 400 problem+json to an empty or malformed activity (not 500)', async () => {
    const server = await serve({ LOAD_SAMPLE: 'false' }, { bot: true });
    const post = (body: string, type = 'application/json') => fetch(`${server.url}/api/messages`, { method: 'POST', headers: { 'content-type': type }, body });
    for (const [body, type] of [['{}'], [''], ['[]'], ['null'], ['garbage'], ['{"type":"message"}'], ['{"type":"message","serviceUrl":"http://x/","conversation":{}}'], ['{"type":"message"}', 'text/plain']]) {
      const response = await post(body, type);
      expect(response.status, `${body} as ${type ?? 'json'}`).toBe(400);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('the real entry point', () => {
  it('refuses to start when SYNC_SCHEDULE asks for syncs it cannot run', async () => {
    const temp = tempDir('cl-basics-main-');
    cleanups.push(temp.remove);
    const child = await startChild({ DATA_DIR: temp.dir, SAMPLE_EVENTS: '1000', SYNC_SCHEDULE: '0 3 * * *' });
    const exit = await child.exited;
    expect(exit.code).toBe(1);
    expect(child.stderr.join('')).toMatch(/could not start: set D365_URL, D365_TENANT_ID, D365_CLIENT_ID, D365_CLIENT_SECRET/);
  });
});

describe('secrets', () => {
  it('come only from the environment: no defaults, nothing secret in the repository', () => {
    // Every secret the product reads is an environment variable with no default.
    expect(configFromEnv({ ENTRA_TENANT_ID: 't', ENTRA_CLIENT_ID: 'c' }).auth).toMatchObject({ clientSecret: null });
    expect(() => dynamicsConfigFromEnv({ D365_URL: 'https://x.example', D365_TENANT_ID: 't', D365_CLIENT_ID: 'c' })).toThrow(/D365_CLIENT_SECRET/);
    expect(botConfigFromEnv({ BOT_APP_ID: 'b' }).appPassword).toBeNull();
    const local = configFromEnv({}).auth;
    expect(powerBiSetupFromEnv({ POWERBI_WORKSPACE_ID: 'w', POWERBI_REPORT_ID: 'r', POWERBI_MODE: 'customers' }, { powerBiApiUrl: 'https://x', entraAuthorityHost: 'https://y' }, local)).toMatchObject({ configured: false });
    // Tracked files hold no private key, Entra client secret, storage key or .env file.
    const files = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    // Teams Toolkit's env/.env.<name> hold names and ids; its secrets (SECRET_*) belong in the git-ignored .env.<name>.user.
    const envFiles = files.filter((f) => /(^|\/)\.env($|\.)/.test(f));
    expect(envFiles.filter((f) => f.endsWith('.user') || /(^|\/)\.env$/.test(f))).toEqual([]);
    for (const f of envFiles) expect(readFileSync(join(ROOT, f), 'utf8'), f).not.toMatch(/^\s*(SECRET_\w*|\w*(PASSWORD|CLIENT_SECRET))\s*=\s*\S/m);
    const suspicious = /-----BEGIN [A-Z ]*PRIVATE KEY-----|[A-Za-z0-9_~.-]{3}8Q~[A-Za-z0-9_~.-]{31,34}|AccountKey=[A-Za-z0-9+/=]{20,}|"d"\s*:\s*"[A-Za-z0-9_-]{40,}"/;
    const found = files.filter((f) => !/\.(png|jpg|zip|parquet|xlsx|gz|ico)$/.test(f)).filter((f) => {
      try {
        return suspicious.test(readFileSync(join(ROOT, f), 'utf8'));
      } catch {
        return false;
      }
    });
    expect(found).toEqual([]);
  });

  it('the local signing key is made at first start, readable by its owner only', async () => {
    const server = await serve();
    expect(statSync(join(server.dataDir, LOCAL_KEY_FILE)).mode & 0o077).toBe(0);
  });
});
