import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDigest, planDigest } from '../../api/adapters/store/digest-ledger.ts';
import { listRecordedEvents } from '../../api/adapters/store/recorded-events.ts';
import { issueLocalToken } from '../../api/auth/index.ts';
import { configFromEnv } from '../../api/server/config.ts';
import { startServer, type RunningServer } from '../../api/server/start.ts';
import { botConfigFromEnv } from '../../bot/config.ts';
import { botMount, type BotMount } from '../../bot/index.ts';
import { startBotConnector, type BotConnectorStandIn } from '../stand-ins/bot-connector.ts';
import { actionOf, cardOf, executeInvoke, personalChat, textsOf } from './teams-user.ts';
import { NOW, openWorld, quietLogger } from './world.ts';

type Json = Record<string, unknown>;

/**
 * The whole path over HTTP, as Teams and Agents Playground drive it: real Bot Framework
 * activities POSTed to /api/messages of the API process (bot in local mode, no app id), the
 * bot's replies and digests going to a stand-in Bot Connector on 127.0.0.1 (the activities'
 * serviceUrl), the admin endpoints with API bearer tokens.
 */
describe('bot over HTTP with a stand-in Bot Connector', () => {
  let dir = '';
  let connector: BotConnectorStandIn;
  let server: RunningServer;
  let bot: BotMount;
  let base = '';
  let executive = '';
  const camille = { aadObjectId: 'aad-cam-http', name: 'Camille L.' };
  const chat = () => personalChat(camille, connector.serviceUrl);

  const post = async (path: string, body: unknown, token?: string) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as Json };
  };
  const activity = (fields: Json) => post('/api/messages', { ...chat(), id: `act-${Math.random().toString(36).slice(2)}`, ...fields });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'cl-bot-http-'));
    await (await openWorld({ dir })).close();
    connector = await startBotConnector();
    connector.addMember(`a:personal-${camille.aadObjectId}`, `29:${camille.aadObjectId}`, { id: `29:${camille.aadObjectId}`, userPrincipalName: 'Camille.L@Contoso.com', objectId: camille.aadObjectId });
    const config = configFromEnv({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dir, LOAD_SAMPLE: 'false', LOG_LEVEL: 'silent' });
    bot = botMount(botConfigFromEnv({ PORT: '0', TAB_PUBLIC_URL: 'http://127.0.0.1:3978/', DIGEST_ENABLED: 'false' }));
    server = await startServer(config, quietLogger, 'test', { mounts: [bot] });
    await bot.attach(server.services, { retry: { attempts: 4, baseMs: 20, maxMs: 100 }, now: () => NOW });
    base = server.url;
    executive = await issueLocalToken(dir, { user: 'Rachel Exec', role: 'executive' });
  });
  afterAll(async () => {
    await bot?.stop();
    await server?.stop();
    await connector?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('install → mapping → digest → action → updated card → event in the store and in the mining result', async () => {
    // Install in personal scope: the reference is stored; the user is not yet known to the organisation.
    expect((await activity({ type: 'installationUpdate', action: 'add' })).status).toBe(200);
    const welcome = await connector.waitFor((c) => c.method === 'POST' && typeof c.activity?.text === 'string');
    expect(welcome.activity!.text).toBe('I do not know which collector you are. Ask an administrator to map your Teams account (Camille L., camille.l@contoso.com) to a collector.');
    expect(welcome.conversationId).toBe('a:personal-aad-cam-http');

    // The admin maps the Teams user (Entra object id) to the collector through the API.
    const mapped = await fetch(`${base}/api/user-mappings/${camille.aadObjectId}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${executive}` },
      body: JSON.stringify({ person: 'Camille Laurent' }),
    });
    expect(mapped.status).toBe(201);

    // Only executives may run digests.
    const collectorToken = await issueLocalToken(dir, { user: 'Camille Laurent', role: 'collector' });
    expect((await post('/api/admin/digests/run', {}, collectorToken)).status).toBe(403);
    expect((await post('/api/admin/digests/run', {})).status).toBe(401);

    const run = await post('/api/admin/digests/run', { collector: 'Camille Laurent' }, executive);
    expect(run.status).toBe(200);
    expect(run.body.sent).toEqual([{ kind: 'collector', recipient: 'Camille Laurent', day: '2026-11-23', activityId: expect.stringMatching(/^activity-/) }]);
    expect(run.body.failed).toEqual([]);
    const digest = await connector.waitFor((c) => c.method === 'POST' && Array.isArray(c.activity?.attachments));
    expect(digest.activityId).toBeNull(); // a new message, not a reply
    const card = cardOf(digest.activity!);
    expect(card.version).toBe('1.5');
    expect(textsOf(card)).toContain('3 invoices overdue, $19,224 in total');

    // Again: the ledger has today's digest, nothing is sent twice.
    const again = await post('/api/admin/digests/run', { collector: 'Camille Laurent' }, executive);
    expect(again.body.sent).toEqual([]);
    expect(again.body.skipped).toEqual([{ kind: 'collector', recipient: 'Camille Laurent', day: '2026-11-23', reason: 'already sent today' }]);
    expect(connector.messages().filter((m) => Array.isArray(m.activity?.attachments))).toHaveLength(1);

    // Action.Execute: the invoke's HTTP answer is the card Teams puts in place of the old one.
    const data = actionOf(card, 'contacted', 'INV-1002');
    const invoke = { ...chat(), id: 'invoke-1', replyToId: digest.id, ...executeInvoke(data, { 'note-1': 'Spoke to accounts payable' }) };
    const first = await post('/api/messages', invoke);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ statusCode: 200, type: 'application/vnd.microsoft.card.adaptive' });
    expect(textsOf(first.body.value)).toContain('✓ Contact logged: Spoke to accounts payable');
    const second = await post('/api/messages', { ...invoke, id: 'invoke-2' });
    expect(second.body).toEqual(first.body);

    const logId = (await server.services.access.listLogs())[0].id;
    const events = await listRecordedEvents(server.services.store, logId);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ invoice: 'INV-1002', activity: 'Collection Contact Made', source: 'Teams', attributes: { SourceSystem: 'Teams' } });

    // The event is in the next mining result the API serves.
    const timeline = (await (await fetch(`${base}/api/logs/${logId}/cases/INV-1002`, { headers: { authorization: `Bearer ${collectorToken}` } })).json()) as {
      events: { activity: string; attributes: Json }[];
    };
    expect(timeline.events.map((e) => e.activity)).toContain('Collection Contact Made');
    expect(timeline.events.find((e) => e.activity === 'Collection Contact Made')!.attributes).toMatchObject({ SourceSystem: 'Teams', Note: 'Spoke to accounts payable' });

    // Action.Submit fallback: a message with the data; the bot updates the card message (PUT).
    const snooze = actionOf(card, 'snooze', 'INV-1001');
    expect((await activity({ type: 'message', replyToId: digest.id, value: { ...snooze, 'days-0': '3' } })).status).toBe(200);
    const update = await connector.waitFor((c) => c.method === 'PUT');
    expect(update.activityId).toBe(digest.id);
    expect(textsOf(cardOf(update.activity!))).toEqual(expect.arrayContaining(['✓ Contact logged: Spoke to accounts payable', '✓ Snoozed until Nov 26, 2026']));
  });

  it('a chat command gets its answer through the connector', async () => {
    await activity({ type: 'message', text: 'INV-1001', id: 'msg-inv' });
    const reply = await connector.waitFor((c) => c.activityId === 'msg-inv');
    expect(textsOf(cardOf(reply.activity!))[0]).toBe('Timeline of INV-1001');
  });

  it('429 and 502 from the connector are retried with backoff; a send that keeps failing is reported and retried later', async () => {
    const james = { aadObjectId: 'aad-james-http', name: 'James Whitaker' };
    await post('/api/messages', { ...personalChat(james, connector.serviceUrl), id: 'inst-james', type: 'installationUpdate', action: 'add' });
    await connector.waitFor((c) => c.activityId === 'inst-james');

    connector.failNext(1, 429, 0);
    connector.failNext(1, 502);
    const run = await post('/api/admin/digests/run', { collector: 'James Whitaker' }, executive);
    expect(run.body.sent).toEqual([expect.objectContaining({ recipient: 'James Whitaker' })]);
    const attempts = connector.received.filter((c) => c.conversationId === 'a:personal-aad-james-http' && c.method === 'POST' && c.activityId === null);
    expect(attempts.map((c) => c.status)).toEqual([429, 502, 201]);

    const stefan = { aadObjectId: 'aad-stefan-http', name: 'Stefan Hoffmann' };
    await post('/api/messages', { ...personalChat(stefan, connector.serviceUrl), id: 'inst-stefan', type: 'installationUpdate', action: 'add' });
    await connector.waitFor((c) => c.activityId === 'inst-stefan');
    connector.failNext(4, 502);
    const failing = await post('/api/admin/digests/run', { collector: 'Stefan Hoffmann' }, executive);
    expect(failing.body.failed).toEqual([expect.objectContaining({ kind: 'manager', recipient: 'Stefan Hoffmann' })]);
    const later = await post('/api/admin/digests/run', { collector: 'Stefan Hoffmann' }, executive);
    expect(later.body.sent).toEqual([expect.objectContaining({ kind: 'manager', recipient: 'Stefan Hoffmann' })]);
    const managerCard = cardOf(connector.messages('a:personal-aad-stefan-http').at(-1)!.activity!);
    expect(textsOf(managerCard)[0]).toBe('Team digest, Nov 23, 2026');
  });

  it('the admin endpoint lists digests held for review, and a reviewer can release one', async () => {
    const store = server.services.store;
    const key = { kind: 'collector' as const, recipient: 'Camille Laurent', day: '2026-11-24' };
    await planDigest(store, key, 'aad-cam-http', 'crashed-run');
    await claimDigest(store, key, 'card', 'crashed-run');
    await store.transaction((tx) => tx.run("UPDATE digest_ledger SET status = 'held', reason = 'interrupted' WHERE day = '2026-11-24'"));
    const res = await fetch(`${base}/api/admin/digests?status=held`, { headers: { authorization: `Bearer ${executive}` } });
    const body = (await res.json()) as { held: Json[] };
    expect(body.held).toEqual([expect.objectContaining({ recipient: 'Camille Laurent', day: '2026-11-24', status: 'held', reason: 'interrupted' })]);
    const review = await post('/api/admin/digests/review', { kind: 'collector', recipient: 'Camille Laurent', day: '2026-11-24', decision: 'delivered' }, executive);
    expect(review.body.entry).toMatchObject({ status: 'sent' });
  });
});
