import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conformanceSummarySchema } from '../../api/contracts/conformance.ts';
import { problemSchema } from '../../api/contracts/index.ts';
import { kpiResultSchema } from '../../api/contracts/kpis.ts';
import { policyDocumentSchema, policyValidationSchema, policyVersionListSchema } from '../../api/contracts/policy.ts';
import { DEFAULT_POLICY } from '../../api/engine/index.ts';
import { parsed, PEOPLE, startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
let manager: string;

beforeAll(async () => {
  server = await startTestServer();
  manager = await server.token(PEOPLE.manager.user, 'manager');
});
afterAll(() => server?.stop());

const stricter = () => ({
  ...DEFAULT_POLICY,
  name: 'Stricter reminders',
  rules: DEFAULT_POLICY.rules.map((rule) => (rule.id === 'reminder-after-due' ? { ...rule, withinDays: 0, overrides: [] } : rule)),
});

describe('dunning policy', () => {
  it('starts with the built-in default as version 0', async () => {
    const current = await parsed(await server.get('/api/policy', manager), policyDocumentSchema);
    expect(current.version.version).toBe(0);
    expect(current.policy.rules.map((r) => r.id)).toEqual(DEFAULT_POLICY.rules.map((r) => r.id));
  });

  it('validates without saving, with problems a credit manager can act on', async () => {
    const ok = await parsed(await server.send('POST', '/api/policy/validate', manager, DEFAULT_POLICY), policyValidationSchema);
    expect(ok).toEqual({ ok: true, problems: [] });
    const broken = { ...DEFAULT_POLICY, rules: [{ ...DEFAULT_POLICY.rules[0], withinDays: -3 }] };
    const bad = await parsed(await server.send('POST', '/api/policy/validate', manager, broken), policyValidationSchema);
    expect(bad.ok).toBe(false);
    expect(bad.problems.join('\n')).toMatch(/withinDays/);
    expect((await parsed(await server.get('/api/policy/versions', manager), policyVersionListSchema)).current).toBe(0);
  });

  it('refuses to save an invalid policy (422) and keeps the one in force', async () => {
    const response = await server.send('PUT', '/api/policy', manager, { policy: { rules: [{ id: 'x', kind: 'no-such-kind' }] } });
    expect(response.status).toBe(422);
    const problem = await parsed(response, problemSchema);
    expect(problem.problems?.length).toBeGreaterThan(0);
    expect((await parsed(await server.get('/api/policy', manager), policyDocumentSchema)).version.version).toBe(0);
  });

  it('saves a new version, keeps the old ones, and results follow the version in force', async () => {
    const log = `/api/logs/${server.logId}`;
    const conformanceBefore = await server.get(`${log}/conformance`, manager);
    const etagBefore = conformanceBefore.headers.get('etag');
    const before = await parsed(conformanceBefore, conformanceSummarySchema);
    expect(before.policyVersion).toBe(0);

    const saved = await server.send('PUT', '/api/policy', manager, { policy: stricter(), note: 'reminders the day after' });
    expect(saved.status).toBe(201);
    expect(saved.headers.get('location')).toBe('/api/policy/versions/1');
    const document = await parsed(saved, policyDocumentSchema);
    expect(document.version).toMatchObject({ version: 1, note: 'reminders the day after', author: PEOPLE.manager.user });

    const second = await parsed(await server.send('PUT', '/api/policy', manager, { policy: DEFAULT_POLICY }), policyDocumentSchema);
    expect(second.version.version).toBe(2);
    const versions = await parsed(await server.get('/api/policy/versions', manager), policyVersionListSchema);
    expect(versions.current).toBe(2);
    expect(versions.versions.map((v) => v.version)).toEqual([2, 1, 0]);
    const first = await parsed(await server.get('/api/policy/versions/1', manager), policyDocumentSchema);
    expect(first.policy.name).toBe('Stricter reminders');

    const conformanceAfter = await server.get(`${log}/conformance`, manager);
    expect(conformanceAfter.headers.get('etag')).not.toBe(etagBefore);
    expect((await parsed(conformanceAfter, conformanceSummarySchema)).policyVersion).toBe(2);
    expect((await parsed(await server.get(`${log}/kpis`, manager), kpiResultSchema)).policyVersion).toBe(2);
    expect((await server.get('/api/policy/versions/9', manager)).status).toBe(404);
  });

  it('the stricter policy finds more late reminders', async () => {
    await server.send('PUT', '/api/policy', manager, { policy: DEFAULT_POLICY });
    const lenient = await parsed(await server.get(`/api/logs/${server.logId}/conformance`, manager), conformanceSummarySchema);
    await server.send('PUT', '/api/policy', manager, { policy: stricter() });
    const strict = await parsed(await server.get(`/api/logs/${server.logId}/conformance`, manager), conformanceSummarySchema);
    const late = (s: typeof strict) => s.byRule.find((r) => r.ruleId === 'reminder-after-due')?.violations ?? 0;
    expect(late(strict)).toBeGreaterThan(late(lenient));
  });
});
