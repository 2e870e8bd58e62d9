import { afterAll, describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../api/auth/issue-token.ts';
import { collectorName, conversationOf, seedManyCollectors } from '../bot/fixtures/many-collectors.ts';
import { startBotConnector, type BotConnectorStandIn } from '../stand-ins/bot-connector.ts';
import { startChild, tempDir, type ChildServer } from './helpers.ts';

/**
 * kill -9 during a digest run, in the real server (api/main.ts, bot mounted, local mode, sending
 * to a stand-in Bot Connector): the process dies right after Teams accepted the third digest and
 * before the ledger recorded it (CLENS_TEST_CRASH_AT=digest:sent#3). After the restart no one gets
 * a second digest: the unconfirmed one is held for review, the confirmed ones are not resent, the
 * rest go out once.
 *
 * test/bot/crash.test.ts proves the same with 40 collectors sent four at a time and the catch-up
 * run of a restart (a bot process built like this one); this is the API process itself.
 */

type Json = Record<string, any>;
const COLLECTORS = 6;
const temp = tempDir('cl-crash-digest-');
const children: ChildServer[] = [];
let connector: BotConnectorStandIn;
afterAll(async () => {
  for (const child of children) await child.stop();
  await connector?.close();
  temp.remove();
});

async function start(env: Record<string, string> = {}): Promise<ChildServer> {
  const child = await startChild({ DATA_DIR: temp.dir, LOAD_SAMPLE: 'false', DIGEST_CONCURRENCY: '1', ...env });
  children.push(child);
  expect(child.url, child.stderr.join('')).not.toBe('');
  return child;
}

describe('kill -9 during a digest run', () => {
  it('sends no digest twice: the unconfirmed one is held, the confirmed ones are not resent, the rest go once', async () => {
    connector = await startBotConnector();
    await seedManyCollectors(temp.dir, COLLECTORS, connector.serviceUrl);
    const token = await issueLocalToken(temp.dir, { user: 'Eve Executive', role: 'executive' });
    let server = await start({ CLENS_TEST_CRASH_AT: 'digest:sent#3' });
    const call = (path: string, body?: unknown) =>
      fetch(`${server.url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });

    await expect(call('/api/admin/digests/run', {})).rejects.toThrow();
    expect((await server.exited).signal).toBe('SIGKILL');
    expect(connector.messages()).toHaveLength(3);
    const third = connector.messages()[2].conversationId;

    server = await start();
    const response = await call('/api/admin/digests/run', {});
    expect(response.status).toBe(200);
    const report = (await response.json()) as Json;
    const names = (list: Json[]) => list.map((o) => o.recipient).sort();
    expect(report.held).toHaveLength(1);
    expect(conversationOf(Number(/\d+$/.exec(report.held[0].recipient)![0]) - 1)).toBe(third);
    expect(report.skipped.filter((s: Json) => s.reason === 'already sent today')).toHaveLength(2);
    expect(report.sent).toHaveLength(COLLECTORS - 3);

    // What Teams got: exactly one digest per collector, none twice.
    for (let i = 0; i < COLLECTORS; i++) expect(connector.messages(conversationOf(i)), collectorName(i)).toHaveLength(1);
    const ledger = ((await (await call('/api/admin/digests')).json()) as Json).entries as Json[];
    expect(ledger.filter((e) => e.status === 'sent')).toHaveLength(COLLECTORS - 1);
    expect(names(ledger.filter((e) => e.status === 'held'))).toEqual(names(report.held));
    expect(ledger.find((e) => e.status === 'held')!.reason).toMatch(/may or may not have reached Teams/);

    // Another run sends nothing.
    expect(((await (await call('/api/admin/digests/run', {})).json()) as Json).sent).toEqual([]);
    expect(connector.messages()).toHaveLength(COLLECTORS);
    expect((await server.stop()).code).toBe(0);
  });
});
