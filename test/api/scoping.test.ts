import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemSchema } from '../../api/contracts/index.ts';
import { filterParam, parsed, PEOPLE, startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
let collector: string;
let executive: string;
/** An invoice of another collector, in another team. */
let foreignCase = '';

beforeAll(async () => {
  server = await startTestServer();
  collector = await server.token(PEOPLE.collector.user, 'collector');
  executive = await server.token(PEOPLE.executive.user, 'executive');
  const theirs = filterParam({ filters: [{ kind: 'attribute', attribute: 'CollectorName', values: [PEOPLE.otherCollector.user] }] });
  const page = (await (await server.get(`/api/logs/${server.logId}/cases?limit=1&${theirs}`, executive)).json()) as { items: { caseId: string }[] };
  foreignCase = page.items[0].caseId;
});
afterAll(() => server?.stop());

const log = () => `/api/logs/${server.logId}`;

describe("a collector asking for another collector's invoice", () => {
  it('gets 404, worded exactly as for an invoice that does not exist, with no trace of the number', async () => {
    const response = await server.get(`${log()}/cases/${encodeURIComponent(foreignCase)}`, collector);
    const text = await response.text();
    expect(response.status).toBe(404);
    expect(text).not.toContain(foreignCase);
    expect(text).not.toContain(PEOPLE.otherCollector.user);
    expect([...response.headers.values()].join(' ')).not.toContain(foreignCase);
    expect(response.headers.get('etag')).toBeNull();

    const missing = await server.get(`${log()}/cases/INV-DOES-NOT-EXIST`, collector);
    const { instance: _a, ...foreign } = problemSchema.parse(JSON.parse(text));
    const { instance: _b, ...absent } = await parsed(missing, problemSchema);
    expect(foreign).toEqual(absent);
  });

  it('is not answered from the cache of someone allowed to see it', async () => {
    const allowed = await server.get(`${log()}/cases/${encodeURIComponent(foreignCase)}`, executive);
    expect(allowed.status).toBe(200);
    const etag = allowed.headers.get('etag')!;
    await allowed.arrayBuffer();
    const replay = await server.get(`${log()}/cases/${encodeURIComponent(foreignCase)}`, collector, { 'if-none-match': etag });
    expect(replay.status).toBe(404);
  });

  it('finds it in no list, map or violation of theirs', async () => {
    const everything = [
      `${log()}/cases?limit=500`,
      `${log()}/variants?limit=500`,
      `${log()}/conformance/violations?limit=500`,
      `${log()}/summary`,
      `${log()}/map`,
      `${log()}/conformance`,
      `${log()}/kpis?groupBy=CollectorName`,
      `${log()}/worklist?limit=500`,
      `${log()}/root-causes`,
    ];
    for (const path of everything) {
      const text = await (await server.get(path, collector)).text();
      expect(text, path).not.toContain(foreignCase);
      expect(text, path).not.toContain(PEOPLE.otherCollector.user);
    }
    const own = (await (await server.get(`${log()}/cases?limit=500`, collector)).json()) as { items: { attributes: { CollectorName?: string } }[]; total: number };
    expect(own.total).toBeGreaterThan(0);
    expect(own.items.every((item) => item.attributes.CollectorName === PEOPLE.collector.user)).toBe(true);
    const worklist = (await (await server.get(`${log()}/worklist?limit=500`, collector)).json()) as { items: { collector: string | null }[] };
    expect(worklist.items.length).toBeGreaterThan(0);
    expect(worklist.items.every((item) => item.collector === PEOPLE.collector.user)).toBe(true);
  });

  it('while its own collector and their manager do see it', async () => {
    const owner = await server.token(PEOPLE.otherCollector.user, 'collector');
    expect((await server.get(`${log()}/cases/${encodeURIComponent(foreignCase)}`, owner)).status).toBe(200);
    const emeaManager = await server.token('Stefan Hoffmann', 'manager');
    expect((await server.get(`${log()}/cases/${encodeURIComponent(foreignCase)}`, emeaManager)).status).toBe(200);
    const otherManager = await server.token(PEOPLE.manager.user, 'manager');
    expect((await server.get(`${log()}/cases/${encodeURIComponent(foreignCase)}`, otherManager)).status).toBe(404);
  });
});

describe('teams decide what managers see', () => {
  it('a team by collector covers its members’ invoices; changing the team changes the scope at once', async () => {
    const manager = await server.token('Pat Newmanager', 'manager');
    const before = (await (await server.get(log(), manager)).json()) as { visibleCases: number };
    expect(before.visibleCases).toBe(0);

    const put = await server.send('PUT', '/api/teams/Pilot%20Team', executive, { manager: 'Pat Newmanager', members: [PEOPLE.collector.user] });
    expect(put.status).toBe(201);
    const collectorView = (await (await server.get(log(), collector)).json()) as { visibleCases: number };
    const after = (await (await server.get(log(), manager)).json()) as { visibleCases: number };
    expect(after.visibleCases).toBe(collectorView.visibleCases);

    const rule = { filters: [{ kind: 'attribute', attribute: 'CompanyCode', values: ['JP01'] }] };
    expect((await server.send('PUT', '/api/teams/Pilot%20Team', executive, { manager: 'Pat Newmanager', members: [], assignment: { by: 'rule', rule } })).status).toBe(200);
    const byRule = (await (await server.get(`${log()}/map`, manager)).json()) as { cases: number };
    const japan = (await (await server.get(`${log()}/map?${filterParam(rule as never)}`, executive)).json()) as { cases: number };
    expect(byRule.cases).toBe(japan.cases);

    expect((await server.send('DELETE', '/api/teams/Pilot%20Team', executive)).status).toBe(204);
    expect(((await (await server.get(log(), manager)).json()) as { visibleCases: number }).visibleCases).toBe(0);
  });

  it('refuses a team rule the engine cannot run', async () => {
    const bad = { manager: 'X', members: [], assignment: { by: 'rule', rule: { filters: [{ kind: 'timeRange', mode: 'started', from: 'not a date' }] } } };
    const response = await server.send('PUT', '/api/teams/Bad%20Team', executive, bad);
    expect(response.status).toBe(400);
    expect((await parsed(response, problemSchema)).type).toMatch(/invalid-filter$/);
  });
});
