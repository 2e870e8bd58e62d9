import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import type { Role } from '../../api/auth/roles.ts';
import { bottleneckListSchema } from '../../api/contracts/bottlenecks.ts';
import { casePageSchema, caseTimelineSchema } from '../../api/contracts/cases.ts';
import { conformanceSummarySchema, violationPageSchema } from '../../api/contracts/conformance.ts';
import { importJobListSchema, importJobSchema } from '../../api/contracts/imports.ts';
import { problemSchema } from '../../api/contracts/index.ts';
import { kpiResultSchema } from '../../api/contracts/kpis.ts';
import { logDetailSchema, logListSchema } from '../../api/contracts/logs.ts';
import { processMapSchema } from '../../api/contracts/map.ts';
import { meSchema, userMappingListSchema, userMappingSchema } from '../../api/contracts/me.ts';
import { policyDocumentSchema, policyValidationSchema, policyVersionListSchema } from '../../api/contracts/policy.ts';
import { rootCauseReportSchema } from '../../api/contracts/root-causes.ts';
import { logSummarySchema } from '../../api/contracts/summary.ts';
import { teamListSchema, teamSchema } from '../../api/contracts/teams.ts';
import { variantPageSchema } from '../../api/contracts/variants.ts';
import { worklistPageSchema } from '../../api/contracts/worklist.ts';
import { DEFAULT_POLICY } from '../../api/engine/index.ts';
import { filterParam, parsed, PEOPLE, startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
const tokens = {} as Record<Role, string>;
let ownCase = '';

beforeAll(async () => {
  server = await startTestServer();
  tokens.collector = await server.token(PEOPLE.collector.user, 'collector');
  tokens.manager = await server.token(PEOPLE.manager.user, 'manager');
  tokens.executive = await server.token(PEOPLE.executive.user, 'executive');
  const page = (await (await server.get(`/api/logs/${server.logId}/cases?limit=1`, tokens.collector)).json()) as { items: { caseId: string }[] };
  ownCase = page.items[0].caseId;
});
afterAll(() => server?.stop());

interface Row {
  readonly name: string;
  readonly method?: string;
  readonly path: () => string;
  readonly body?: (role: Role) => unknown;
  readonly upload?: string;
  /** Expected status for collector, manager, executive. */
  readonly expect: readonly [number, number, number];
  readonly schema?: z.ZodType;
}

const log = () => `/api/logs/${server.logId}`;
const csv = 'InvoiceNumber,ActivityName,EventTime,CollectorName\nM-1,Invoice Created,2024-01-01T00:00:00Z,Jessica Alvarez\nM-1,Invoice Posted,2024-01-02T00:00:00Z,Jessica Alvarez\n';

/** Every route of the API by role. Reads are scoped rather than refused; administration is the executive's. */
const MATRIX: readonly Row[] = [
  { name: 'me', path: () => '/api/me', expect: [200, 200, 200], schema: meSchema },
  { name: 'list logs', path: () => '/api/logs', expect: [200, 200, 200], schema: logListSchema },
  { name: 'one log', path: log, expect: [200, 200, 200], schema: logDetailSchema },
  { name: 'template', path: () => '/api/logs/template?format=csv', expect: [200, 200, 200] },
  { name: 'summary', path: () => `${log()}/summary`, expect: [200, 200, 200], schema: logSummarySchema },
  { name: 'map', path: () => `${log()}/map?metric=performance&activities=80&paths=60`, expect: [200, 200, 200], schema: processMapSchema },
  { name: 'variants', path: () => `${log()}/variants?limit=5`, expect: [200, 200, 200], schema: variantPageSchema },
  { name: 'cases', path: () => `${log()}/cases?limit=5&sort=duration`, expect: [200, 200, 200], schema: casePageSchema },
  { name: 'timeline', path: () => `${log()}/cases/${ownCase}`, expect: [200, 200, 200], schema: caseTimelineSchema },
  { name: 'kpis', path: () => `${log()}/kpis`, expect: [200, 200, 200], schema: kpiResultSchema },
  { name: 'kpis by team', path: () => `${log()}/kpis?groupBy=CreditTeam&periodDays=180`, expect: [200, 200, 200], schema: kpiResultSchema },
  { name: 'conformance', path: () => `${log()}/conformance`, expect: [200, 200, 200], schema: conformanceSummarySchema },
  { name: 'violations', path: () => `${log()}/conformance/violations?limit=5`, expect: [200, 200, 200], schema: violationPageSchema },
  { name: 'bottlenecks', path: () => `${log()}/bottlenecks?rankBy=exposure&limit=5`, expect: [200, 200, 200], schema: bottleneckListSchema },
  { name: 'root causes', path: () => `${log()}/root-causes?outcomes=paidLate,writtenOff&limit=5`, expect: [200, 200, 200], schema: rootCauseReportSchema },
  { name: 'worklist', path: () => `${log()}/worklist?limit=5`, expect: [200, 200, 200], schema: worklistPageSchema },
  { name: 'policy', path: () => '/api/policy', expect: [200, 200, 200], schema: policyDocumentSchema },
  { name: 'policy versions', path: () => '/api/policy/versions', expect: [200, 200, 200], schema: policyVersionListSchema },
  { name: 'policy version 0', path: () => '/api/policy/versions/0', expect: [200, 200, 200], schema: policyDocumentSchema },
  { name: 'validate policy', method: 'POST', path: () => '/api/policy/validate', body: () => DEFAULT_POLICY, expect: [200, 200, 200], schema: policyValidationSchema },
  {
    name: 'save policy',
    method: 'PUT',
    path: () => '/api/policy',
    body: (role) => ({ policy: { ...DEFAULT_POLICY, name: `saved by ${role}` }, note: 'matrix' }),
    expect: [403, 201, 201],
    schema: policyDocumentSchema,
  },
  { name: 'teams', path: () => '/api/teams', expect: [200, 200, 200], schema: teamListSchema },
  {
    name: 'put team',
    method: 'PUT',
    path: () => '/api/teams/Matrix%20Team',
    body: () => ({ manager: 'Nobody Manager', members: ['Nobody Collector'] }),
    expect: [403, 403, 201],
    schema: teamSchema,
  },
  { name: 'delete team', method: 'DELETE', path: () => '/api/teams/No%20Such%20Team', expect: [403, 403, 404] },
  { name: 'user mappings', path: () => '/api/user-mappings', expect: [403, 403, 200], schema: userMappingListSchema },
  { name: 'put user mapping', method: 'PUT', path: () => '/api/user-mappings/matrix@contoso.com', body: () => ({ person: 'Yuki Sato' }), expect: [403, 403, 201], schema: userMappingSchema },
  { name: 'delete user mapping', method: 'DELETE', path: () => '/api/user-mappings/none@contoso.com', expect: [403, 403, 404] },
  { name: 'imports', path: () => '/api/imports', expect: [403, 403, 200], schema: importJobListSchema },
  { name: 'one import', path: () => '/api/imports/no-such-job', expect: [403, 403, 404] },
  { name: 'import events', path: () => '/api/imports/no-such-job/events', expect: [403, 403, 404] },
  { name: 'upload new log', method: 'POST', path: () => '/api/logs?file=matrix.csv', upload: csv, expect: [403, 403, 202], schema: importJobSchema },
  { name: 'upload new version', method: 'POST', path: () => '/api/logs/no-such-log/versions?file=matrix.csv', upload: csv, expect: [403, 403, 404] },
  { name: 'delete log', method: 'DELETE', path: () => '/api/logs/no-such-log', expect: [403, 403, 404] },
  { name: 'unknown log', path: () => '/api/logs/no-such-log/map', expect: [404, 404, 404] },
  { name: 'bad filter', path: () => `${log()}/map?filter=%7B`, expect: [400, 400, 400] },
  { name: 'bad slider', path: () => `${log()}/map?paths=-1`, expect: [400, 400, 400] },
];

const ROLES: readonly Role[] = ['collector', 'manager', 'executive'];

describe('role × route matrix', () => {
  for (const row of MATRIX) {
    it(`${row.method ?? 'GET'} ${row.name}: collector ${row.expect[0]}, manager ${row.expect[1]}, executive ${row.expect[2]}`, async () => {
      for (const [i, role] of ROLES.entries()) {
        const init: RequestInit = { method: row.method ?? 'GET', headers: { authorization: `Bearer ${tokens[role]}` } };
        if (row.body) {
          init.body = JSON.stringify(row.body(role));
          (init.headers as Record<string, string>)['content-type'] = 'application/json';
        }
        if (row.upload) {
          init.body = row.upload;
          (init.headers as Record<string, string>)['content-type'] = 'text/csv';
        }
        const response = await fetch(`${server.url}${row.path()}`, init);
        expect(response.status, `${role} on ${row.name}`).toBe(row.expect[i]);
        if (response.status >= 400) {
          expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          await parsed(response, problemSchema);
        } else if (row.schema) {
          await parsed(response, row.schema);
        } else {
          await response.arrayBuffer();
        }
      }
    });
  }

  it('scopes what each role sees: collector ⊂ manager ⊂ executive', async () => {
    const visible = async (role: Role) => ((await (await server.get(log(), tokens[role])).json()) as { visibleCases: number }).visibleCases;
    const [collector, manager, executive] = [await visible('collector'), await visible('manager'), await visible('executive')];
    expect(collector).toBeGreaterThan(0);
    expect(manager).toBeGreaterThan(collector);
    expect(executive).toBeGreaterThan(manager);
    const mapCases = async (role: Role) => ((await (await server.get(`${log()}/map`, tokens[role])).json()) as { cases: number }).cases;
    expect(await mapCases('collector')).toBe(collector);
    expect(await mapCases('executive')).toBe(executive);
  });

  it('lets a filter narrow the scope but never widen it', async () => {
    const others = filterParam({ filters: [{ kind: 'attribute', attribute: 'CollectorName', values: [PEOPLE.otherCollector.user] }] });
    const asCollector = (await (await server.get(`${log()}/map?${others}`, tokens.collector)).json()) as { cases: number; edges: unknown[] };
    expect(asCollector.cases).toBe(0);
    expect(asCollector.edges).toEqual([]);
    const asExecutive = (await (await server.get(`${log()}/map?${others}`, tokens.executive)).json()) as { cases: number };
    expect(asExecutive.cases).toBeGreaterThan(0);
    const kpis = (await (await server.get(`${log()}/kpis?${others}`, tokens.collector)).json()) as { kpis: { counts: { cases: number } }; excludedCurrencies: unknown[] };
    expect(kpis.kpis.counts.cases).toBe(0);
    expect(kpis.excludedCurrencies).toEqual([]);
  });
});
