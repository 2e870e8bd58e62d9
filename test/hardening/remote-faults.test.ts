import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { odataSource } from '../../api/adapters/dynamics/config.ts';
import type { ScheduledSync } from '../../api/adapters/dynamics/index.ts';
import { readWatermarks, recentRuns } from '../../api/adapters/dynamics/staging.ts';
import { listLedger } from '../../api/adapters/store/digest-ledger.ts';
import { issueLocalToken } from '../../api/auth/issue-token.ts';
import { problemSchema } from '../../api/contracts/index.ts';
import { readinessSchema } from '../../api/contracts/health.ts';
import { scheduleDynamicsSync } from '../../api/server/dynamics-sync.ts';
import { parsed } from '../api/helpers.ts';
import { collectorName, conversationOf, seedManyCollectors } from '../bot/fixtures/many-collectors.ts';
import { NOW } from '../bot/world.ts';
import { cleanUp as cleanUpDynamics, startStandIns, type StandIns } from '../dynamics/helpers.ts';
import { API_CLIENT, API_SECRET, REPORT, setPowerBiEnv, startStandIns as startPowerBiStandIns, TENANT, WORKSPACE, type PowerBiStandIns } from '../powerbi/fixtures.ts';
import { startBotConnector, type BotConnectorStandIn } from '../stand-ins/bot-connector.ts';
import { capturedLogger, startInProcess, tempDir, type InProcessServer } from './helpers.ts';

/**
 * Remote faults, through the API process's own wiring: the scheduled Dynamics sync against a
 * stand-in answering 429, 500, slowly, with garbage, or with its token endpoint failing; digest
 * sends against a Bot Connector answering 502; the Entra token endpoint and keys gone. Retries
 * are bounded, the log says what happened, nothing half-done is saved, and /api/ready reports
 * `degraded` with the reason while the dependency fails (and `ready` once it works again).
 *
 * Not repeated here: the client-level retry arithmetic (test/dynamics/odata-sync.test.ts) and the
 * Bot Connector 429/502 retry schedule and later retry pass (test/bot/http-flow.test.ts).
 */

type Json = Record<string, any>;
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function readiness(server: InProcessServer) {
  const response = await fetch(`${server.url}/api/ready`);
  expect(response.status).toBe(200); // degraded still takes traffic
  return parsed(response, readinessSchema);
}

describe('Dynamics 365 stand-in faults, through the scheduled sync', () => {
  let server: InProcessServer;
  let standIns: StandIns;
  let sync: ScheduledSync;
  let captured: ReturnType<typeof capturedLogger>;
  let source = '';
  const TIMEOUT_MS = 400;

  beforeAll(async () => {
    const temp = tempDir('cl-faults-d365-');
    cleanups.push(temp.remove);
    captured = capturedLogger('info');
    server = await startInProcess(temp.dir, { LOAD_SAMPLE: 'false' }, { logger: captured.logger });
    cleanups.push(() => server.stop());
    standIns = await startStandIns({ pageSize: 2 });
    cleanups.push(cleanUpDynamics);
    const { config } = standIns;
    source = odataSource(config);
    sync = (await scheduleDynamicsSync(server.running.services, captured.logger, {
      SYNC_SCHEDULE: '0 0 1 1 *', // never during the test: runs are started with runNow()
      D365_URL: config.url,
      D365_TENANT_ID: config.tenantId,
      D365_CLIENT_ID: config.clientId,
      D365_CLIENT_SECRET: config.clientSecret,
      D365_AUTHORITY_HOST: config.authorityHost,
      D365_RETRY_ATTEMPTS: '3',
      D365_RETRY_BASE_MS: '20',
      D365_TIMEOUT_MS: String(TIMEOUT_MS),
    }))!;
    cleanups.push(() => sync.stop());
  });

  /** One scheduled run: what it asked the stand-in, what it logged, and the state after it. */
  async function run() {
    const requests = standIns.odata.requests.length;
    const lines = captured.lines.length;
    await sync.runNow();
    const logs = await server.running.services.store.listLogs();
    return {
      requests: standIns.odata.requests.slice(requests).filter((r) => r.path.startsWith('/data/')),
      log: captured.lines.slice(lines),
      version: logs.find((l) => l.source === source)?.version ?? 0,
      watermarks: Object.fromEntries(await readWatermarks(server.running.services.store, source)),
      lastRun: (await recentRuns(server.running.services.store, source))[0],
    };
  }
  const messages = (log: Json[], msg: string) => log.filter((l) => l.msg === msg);

  let good: Awaited<ReturnType<typeof run>>;

  it('a clean run saves the log, and readiness is ready', async () => {
    good = await run();
    expect(good.version).toBe(1);
    expect(messages(good.log, 'Dynamics 365 sync finished')).toHaveLength(1);
    const ready = await readiness(server);
    expect(ready.status).toBe('ready');
    expect(ready.checks.dynamics).toMatchObject({ ok: true });
    // The API sees the synced log at once.
    expect((await server.running.services.access.listLogs()).map((l) => l.source)).toContain(source);
  });

  it('500s: three attempts per request, then the run fails, saving nothing and keeping every watermark; readiness is degraded', async () => {
    standIns.odata.failNext(10, 500);
    const failed = await run();
    standIns.odata.clearFaults();
    // The first data request, tried three times: bounded, and nothing after it.
    expect(failed.requests.map((r) => r.status)).toEqual([500, 500, 500]);
    const retries = messages(failed.log, 'Dynamics 365 request failed; retrying');
    expect(retries.map((l) => [l.status, l.attempt])).toEqual([[500, 1], [500, 2]]);
    expect(retries.every((l) => typeof l.delayMs === 'number' && l.delayMs <= 40 && String(l.url).includes('/data/'))).toBe(true);
    const error = messages(failed.log, 'Dynamics 365 sync failed; the next run resumes from the last committed page');
    expect(error).toHaveLength(1);
    expect(error[0].error).toMatch(/HTTP 500 The stand-in was told to fail \(after 3 attempts\)/);
    expect(failed.version).toBe(good.version);
    expect(failed.watermarks).toEqual(good.watermarks);
    expect(failed.lastRun).toMatchObject({ status: 'failed' });
    const ready = await readiness(server);
    expect(ready.status).toBe('degraded');
    expect(ready.checks.dynamics.ok).toBe(false);
    expect(ready.checks.dynamics.detail).toMatch(/failing since .* the last sync failed: .*HTTP 500/);
    expect(messages(captured.lines, 'dependency failing: readiness reports degraded').at(-1)).toMatchObject({ dependency: 'dynamics' });
  });

  it('429 with Retry-After: waits what the service asks, then finishes; readiness recovers', async () => {
    standIns.odata.throttleNext(2, 1);
    const throttled = await run();
    expect(throttled.requests.slice(0, 3).map((r) => r.status)).toEqual([429, 429, 200]);
    const retries = messages(throttled.log, 'Dynamics 365 request failed; retrying');
    expect(retries.map((l) => [l.status, l.delayMs])).toEqual([[429, 1000], [429, 1000]]);
    expect(throttled.version).toBe(good.version + 1);
    expect((await readiness(server)).status).toBe('ready');
    expect(messages(captured.lines, 'dependency recovered').at(-1)).toMatchObject({ dependency: 'dynamics' });
  });

  it('a service too slow to answer: each request times out, is retried, and the run fails cleanly', async () => {
    const before = await run(); // a clean baseline for this step
    standIns.odata.slowNext(3, TIMEOUT_MS * 4);
    const slow = await run();
    standIns.odata.clearFaults();
    const retries = messages(slow.log, 'Dynamics 365 request failed; retrying');
    expect(retries.map((l) => [l.status, l.attempt])).toEqual([['network', 1], ['network', 2]]);
    expect(messages(slow.log, 'Dynamics 365 sync failed; the next run resumes from the last committed page')[0].error).toMatch(
      new RegExp(`no answer within ${TIMEOUT_MS} ms \\(after 3 attempts\\)`),
    );
    expect(slow.version).toBe(before.version);
    expect(slow.watermarks).toEqual(before.watermarks);
    expect((await readiness(server)).checks.dynamics.detail).toMatch(/no answer within/);
  });

  it('garbage instead of JSON: retried like a server error; a run that only gets garbage fails without saving', async () => {
    standIns.odata.garbageNext(2);
    const recovered = await run();
    expect(messages(recovered.log, 'Dynamics 365 request failed; retrying').map((l) => l.status)).toEqual(['invalid-response', 'invalid-response']);
    expect(recovered.lastRun).toMatchObject({ status: 'succeeded' });
    expect((await readiness(server)).status).toBe('ready');

    standIns.odata.garbageNext(3);
    const failed = await run();
    standIns.odata.clearFaults();
    expect(messages(failed.log, 'Dynamics 365 sync failed; the next run resumes from the last committed page')[0].error).toMatch(/the response is not JSON \(after 3 attempts\)/);
    expect(failed.version).toBe(recovered.version);
    expect(failed.watermarks).toEqual(recovered.watermarks);
    expect((await readiness(server)).status).toBe('degraded');
  });

  it('the token endpoint failing: no request reaches Dynamics, the run fails and says why; the next good run recovers', async () => {
    const tokenRequests = standIns.entra.requests.length;
    standIns.entra.failNext(1, 503);
    const noToken = await run();
    // One token request, refused: the run stops there (the next scheduled run tries again).
    expect(standIns.entra.requests.length - tokenRequests).toBe(1);
    expect(noToken.requests).toEqual([]);
    expect(messages(noToken.log, 'Dynamics 365 sync failed; the next run resumes from the last committed page')[0].error).toMatch(/could not get a token/);
    const ready = await readiness(server);
    expect(ready.checks.dynamics.detail).toMatch(/could not get a token/);

    const after = await run();
    expect(after.lastRun).toMatchObject({ status: 'succeeded' });
    expect(after.version).toBe(noToken.version + 1);
    expect((await readiness(server)).status).toBe('ready');
  });
});

describe('Bot Connector faults, through the bot in the API process', () => {
  it('502 on every attempt: bounded retries, the digest recorded failed and readiness degraded; the retry pass delivers it once', async () => {
    const temp = tempDir('cl-faults-bot-');
    cleanups.push(temp.remove);
    const connector: BotConnectorStandIn = await startBotConnector();
    cleanups.push(() => connector.close());
    await seedManyCollectors(temp.dir, 2, connector.serviceUrl);
    const server = await startInProcess(temp.dir, { LOAD_SAMPLE: 'false' }, { bot: true, runtime: { retry: { attempts: 3, baseMs: 5, maxMs: 20 }, now: () => NOW } });
    cleanups.push(() => server.stop());
    const executive = await issueLocalToken(temp.dir, { user: 'Rachel Exec', role: 'executive' });
    const runDigests = async () => {
      const response = await fetch(`${server.url}/api/admin/digests/run`, { method: 'POST', headers: { authorization: `Bearer ${executive}`, 'content-type': 'application/json' }, body: '{}' });
      expect(response.status).toBe(200);
      return (await response.json()) as Json;
    };

    connector.failNext(6, 502);
    const failing = await runDigests();
    expect(failing.sent).toEqual([]);
    expect(failing.failed.map((f: Json) => f.recipient).sort()).toEqual([collectorName(0), collectorName(1)]);
    // Three attempts each, no more.
    expect(connector.received.filter((c) => c.status === 502)).toHaveLength(6);
    const degraded = await readiness(server);
    expect(degraded.status).toBe('degraded');
    expect(degraded.checks.botConnector).toMatchObject({ ok: false });
    expect(degraded.checks.botConnector.detail).toMatch(/could not be sent/);

    // Nothing lost: the failed digests are retried (the runtime's retry pass, run now) and arrive once each.
    const retried = await server.botRuntime!.run({ trigger: 'retry' });
    expect(retried.sent.map((s) => s.recipient).sort()).toEqual([collectorName(0), collectorName(1)]);
    for (const i of [0, 1]) expect(connector.messages(conversationOf(i))).toHaveLength(1);
    const ledger = await listLedger(server.running.services.store);
    expect(ledger.map((e) => e.status)).toEqual(['sent', 'sent']);
    expect((await readiness(server)).status).toBe('ready');
    // And a second run sends nothing more.
    expect((await runDigests()).sent).toEqual([]);
    expect(connector.messages()).toHaveLength(2);
  });
});

describe('the Entra token endpoint and keys gone', () => {
  let standIns: PowerBiStandIns;
  let server: InProcessServer;
  const user = (name: string, oid: string) => standIns.entra.userToken({ tenant: TENANT, audience: API_CLIENT, oid, upn: `${name.toLowerCase().replace(/\W+/g, '.')}@contoso.com`, name });

  beforeAll(async () => {
    standIns = await startPowerBiStandIns();
    cleanups.push(() => standIns.powerbi.close());
    setPowerBiEnv({ POWERBI_MODE: 'organization', POWERBI_WORKSPACE_ID: WORKSPACE, POWERBI_REPORT_ID: REPORT });
    cleanups.push(() => setPowerBiEnv({}));
    const temp = tempDir('cl-faults-entra-');
    cleanups.push(temp.remove);
    server = await startInProcess(temp.dir, {
      SAMPLE_EVENTS: '1000',
      ENTRA_TENANT_ID: TENANT,
      ENTRA_CLIENT_ID: API_CLIENT,
      ENTRA_CLIENT_SECRET: API_SECRET,
      ENTRA_AUTHORITY_HOST: standIns.entra.url,
      POWERBI_API_URL: standIns.powerbi.url,
    });
    cleanups.push(() => server.stop());
  });

  it('on-behalf-of answers 502 problem+json, signed-in users keep working on cached keys, readiness says degraded', async () => {
    const karen = user('Karen Whitfield', '0b5d3c1e-0000-4000-8000-00000000000a');
    const stefan = user('Stefan Hoffmann', '0b5d3c1e-0000-4000-8000-00000000000b');
    const get = (path: string, token: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
    expect((await get('/api/me', stefan)).status).toBe(200); // the keys are fetched and kept
    expect((await get('/api/powerbi/embed-config', karen)).status).toBe(200);
    expect((await readiness(server)).checks.entraTokenEndpoint).toMatchObject({ ok: true });

    await standIns.entra.close();
    const refused = await get('/api/powerbi/embed-config', stefan);
    expect(refused.status).toBe(502);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect((await parsed(refused, problemSchema)).type).toMatch(/delegation-failed$/);
    // Nothing crashed: the process answers, and people already signed in keep working.
    expect((await fetch(`${server.url}/api/health`)).status).toBe(200);
    expect((await get(`/api/logs`, stefan)).status).toBe(200);
    const ready = await readiness(server);
    expect(ready.status).toBe('degraded');
    expect(ready.checks.entraTokenEndpoint.ok).toBe(false);
    expect(ready.checks.entraTokenEndpoint.detail).toMatch(/network_error/);
  });

  it('with the keys never fetched, a token cannot be checked: 503 with Retry-After (not a 401 sign-in loop), degraded', async () => {
    const temp = tempDir('cl-faults-keys-');
    cleanups.push(temp.remove);
    // The Entra stand-in is closed by now; this server has not fetched its keys yet.
    const cold = await startInProcess(temp.dir, { SAMPLE_EVENTS: '1000', ENTRA_TENANT_ID: TENANT, ENTRA_CLIENT_ID: API_CLIENT, ENTRA_AUTHORITY_HOST: standIns.entra.url });
    cleanups.push(() => cold.stop());
    const token = user('Karen Whitfield', '0b5d3c1e-0000-4000-8000-00000000000c');
    const response = await fetch(`${cold.url}/api/me`, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect((await parsed(response, problemSchema)).type).toMatch(/auth-unavailable$/);
    const ready = await readiness(cold);
    expect(ready.status).toBe('degraded');
    expect(ready.checks.entraKeys).toMatchObject({ ok: false });
  });
});
