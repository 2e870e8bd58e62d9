import { describe, expect, it } from 'vitest';
import { issueLocalToken } from '../../api/auth/issue-token.ts';
import { DEFAULT_POLICY } from '../../api/engine/index.ts';
import { childServersOn } from './helpers.ts';

/**
 * kill -9 during a policy save, in the real server: once with the new version inserted but its
 * transaction not committed (CLENS_TEST_CRASH_AT=policy:inserted), once right after the commit,
 * before the answer (policy:saved). After each restart every earlier version is intact, and the
 * new one is either absent (and the one in force unchanged) or there whole (and in force).
 */

type Json = Record<string, any>;
const servers = childServersOn('cl-crash-policy-', { SAMPLE_EVENTS: '1000' });
const start = servers.start;

describe('kill -9 during a policy save', () => {
  it('keeps every saved version; the interrupted one is absent before its commit and whole after it', async () => {
    let server = await start();
    const token = await issueLocalToken(servers.dir, { user: 'Karen Whitfield', role: 'manager' });
    const call = (path: string, init: RequestInit = {}) =>
      fetch(`${server.url}${path}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...init.headers } });
    const save = (name: string, note: string) => call('/api/policy', { method: 'PUT', body: JSON.stringify({ policy: { ...DEFAULT_POLICY, name }, note }) });
    const versions = async () => (await (await call('/api/policy/versions')).json()) as Json;
    const version = async (n: number) => (await (await call(`/api/policy/versions/${n}`)).json()) as Json;

    const saved: Json[] = [];
    for (const name of ['Stricter reminders', 'Earlier calls']) {
      const response = await save(name, `note ${name}`);
      expect(response.status).toBe(201);
      saved.push((await response.json()) as Json);
    }
    const before = await versions();
    expect(before.current).toBe(2);
    expect((await server.stop()).code).toBe(0);

    // 1. Killed with version 3 inserted, not committed.
    server = await start({ CLENS_TEST_CRASH_AT: 'policy:inserted' });
    await expect(save('Never committed', 'lost')).rejects.toThrow(); // the connection dies with the process
    expect((await server.exited).signal).toBe('SIGKILL');

    server = await start({ CLENS_TEST_CRASH_AT: 'policy:saved' });
    expect(await versions()).toEqual(before);
    expect(await version(1)).toEqual(saved[0]);
    expect(await version(2)).toEqual(saved[1]);
    expect((await call('/api/policy/versions/3')).status).toBe(404);
    expect(((await (await call('/api/policy')).json()) as Json).version.version).toBe(2);

    // 2. Killed right after version 3 committed, before the answer.
    await expect(save('Committed, then killed', 'kept')).rejects.toThrow();
    expect((await server.exited).signal).toBe('SIGKILL');

    server = await start();
    const after = await versions();
    expect(after.current).toBe(3);
    expect(after.versions.map((v: Json) => v.version)).toEqual([3, 2, 1, 0]);
    expect(after.versions.slice(1)).toEqual(before.versions);
    expect(await version(1)).toEqual(saved[0]);
    expect(await version(2)).toEqual(saved[1]);
    const third = await version(3);
    expect(third.version).toMatchObject({ version: 3, note: 'kept', author: 'Karen Whitfield' });
    expect(third.policy).toEqual({ ...saved[1].policy, name: 'Committed, then killed' });
    expect(await (await call('/api/policy')).json()).toEqual(third);
    expect((await server.stop()).code).toBe(0);
  });
});
