import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { claimDigest, holdInterrupted, planDigest } from '../../api/adapters/store/digest-ledger.ts';
import { issueLocalToken } from '../../api/auth/issue-token.ts';
import type { Role } from '../../api/auth/roles.ts';
import { Column, DEFAULT_POLICY, valueAt } from '../../api/engine/index.ts';
import { SAMPLE_ORGANISATION } from '../../api/sample/organisation.ts';
import { craftedToken } from '../api/helpers.ts';
import { startInProcess, tempDir, waitUntil, type InProcessServer } from './helpers.ts';

/**
 * The authorisation matrix, generated from the OpenAPI document the server serves: every
 * operation (and the bot's admin routes, which the document does not carry) × ten identities →
 * the status its declared roles (x-roles) imply, and no invoice number outside the caller's scope
 * anywhere in any response body. The scopes are worked out here from the stored invoices and the
 * sample organisation (CollectorName; the teams' company codes × segments), not by the code under
 * test. State-changing operations act on a throwaway resource made for each identity.
 */

type Json = Record<string, any>;

interface Identity {
  readonly name: string;
  /** null = no Authorization header. */
  readonly token: string | null;
  /** null = not a valid token. */
  readonly role: Role | null;
  /** The invoices it may see; empty for the invalid ones. */
  readonly scope: ReadonlySet<string>;
}

interface Request {
  readonly method: string;
  readonly path: string;
  readonly body?: unknown;
  readonly upload?: string;
}

interface Instance {
  /** Shown in failures. */
  readonly label: string;
  /** The request, made fresh for each identity (throwaway resources). */
  readonly request: (identity: Identity) => Promise<Request>;
  /** An invoice the request names: out of the caller's scope, the answer is 404. */
  readonly invoice?: string;
  /** Success status when it differs from the document's single one. */
  readonly success?: number;
  /** After a 2xx: wait for what it started, note what it used up. */
  readonly after?: (identity: Identity, response: Response, body: string) => Promise<void>;
}

const INVOICE = /INV-[A-Z]{2}\d{2}-\d{7}/g;
const CSV = 'InvoiceNumber,ActivityName,EventTime,CollectorName\nMTX-1,Invoice Created,2024-01-01T00:00:00Z,Jessica Alvarez\nMTX-1,Invoice Posted,2024-01-02T00:00:00Z,Jessica Alvarez\n';
const TEAM_X = 'Collections Team North America';
const TEAM_Y = 'Collections Team EMEA';
const COLLECTOR_A = 'Jessica Alvarez';
const COLLECTOR_B = 'Lukas Becker';

let server: InProcessServer;
let removeDir: () => void;
let document: Json;
let logId = '';
let executive = '';
const identities: Identity[] = [];
const allInvoices = new Set<string>();
let ownInvoiceOfA = '';
let invoiceOfTeamY = '';
let importJobId = '';
let duck: DuckDBInstance;

const http = async (method: string, path: string, token: string | null, body?: unknown, upload?: string): Promise<Response> => {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  let payload: string | undefined;
  if (upload !== undefined) {
    headers['content-type'] = 'text/csv';
    payload = upload;
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  return fetch(`${server.url}${path}`, { method, headers, body: payload });
};

async function waitForJob(id: string): Promise<Json> {
  return waitUntil(`import ${id}`, async () => {
    const job = (await (await http('GET', `/api/imports/${id}`, executive)).json()) as Json;
    return job.status === 'succeeded' || job.status === 'failed' ? job : undefined;
  });
}

/** A log of one invoice, uploaded by the executive, to be replaced or deleted. */
async function throwawayLog(name: string): Promise<string> {
  const response = await http('POST', `/api/logs?file=throwaway.csv&name=${encodeURIComponent(name)}`, executive, undefined, CSV);
  expect(response.status, `setting up ${name}`).toBe(202);
  const job = await waitForJob(((await response.json()) as Json).id);
  expect(job.status).toBe('succeeded');
  return job.logId as string;
}

let throwaways = 0;
const fresh = (what: string, identity: Identity) => `matrix-${what}-${identity.name.replace(/\W+/g, '-')}-${++throwaways}`;

/** Text of a body, Parquet read back through DuckDB so that its strings can be searched. */
async function textOf(response: Response): Promise<string> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('parquet')) return response.text();
  const file = join(server.dataDir, `matrix-${++throwaways}.parquet`);
  writeFileSync(file, Buffer.from(await response.arrayBuffer()));
  const connection = await duck.connect();
  try {
    const rows = (await connection.runAndReadAll(`SELECT * FROM read_parquet('${file}')`)).getRowObjectsJS();
    return JSON.stringify(rows, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v));
  } finally {
    connection.closeSync();
  }
}

/** The requests of an operation of the document; unknown operations have none (and fail the matrix). */
function instancesOf(operationId: string): Instance[] | undefined {
  const get = (path: string): Instance => ({ label: path, request: async () => ({ method: 'GET', path }) });
  const log = () => `/api/logs/${logId}`;
  const table: Record<string, () => Instance[]> = {
    getHealth: () => [get('/api/health')],
    getReadiness: () => [get('/api/ready')],
    getOpenApi: () => [get('/api/openapi.json')],
    getJwks: () => [get('/api/.well-known/jwks.json')],
    getMe: () => [get('/api/me')],
    listLogs: () => [get('/api/logs')],
    getTemplate: () => [get('/api/logs/template?format=csv')],
    createLog: () => [
      {
        label: 'POST /api/logs (a new log)',
        request: async (identity) => ({ method: 'POST', path: `/api/logs?file=new.csv&name=${fresh('new-log', identity)}`, upload: CSV }),
        after: async (_identity, _response, body) => void (await waitForJob((JSON.parse(body) as Json).id)),
      },
    ],
    replaceLog: () => [
      {
        label: 'POST /api/logs/{throwaway}/versions',
        request: async (identity) => ({ method: 'POST', path: `/api/logs/${await throwawayLog(fresh('replaced', identity))}/versions?file=v2.csv`, upload: CSV }),
        after: async (_identity, _response, body) => void (await waitForJob((JSON.parse(body) as Json).id)),
      },
    ],
    getLog: () => [get(log())],
    deleteLog: () => [
      {
        label: 'DELETE /api/logs/{throwaway}',
        request: async (identity) => ({ method: 'DELETE', path: `/api/logs/${await throwawayLog(fresh('deleted', identity))}` }),
      },
    ],
    listImports: () => [get('/api/imports')],
    getImport: () => [get(`/api/imports/${importJobId}`)],
    followImport: () => [get(`/api/imports/${importJobId}/events`)],
    getSummary: () => [get(`${log()}/summary`)],
    getMap: () => [get(`${log()}/map`)],
    listVariants: () => [get(`${log()}/variants?limit=500`)],
    listCases: () => [get(`${log()}/cases?limit=500`)],
    getCaseTimeline: () => [
      { ...get(`${log()}/cases/${ownInvoiceOfA}`), label: `timeline of ${ownInvoiceOfA} (collector A's)`, invoice: ownInvoiceOfA },
      { ...get(`${log()}/cases/${invoiceOfTeamY}`), label: `timeline of ${invoiceOfTeamY} (team Y's)`, invoice: invoiceOfTeamY },
    ],
    getKpis: () => [get(`${log()}/kpis?groupBy=CollectorName`)],
    getConformance: () => [get(`${log()}/conformance`)],
    listViolations: () => [get(`${log()}/conformance/violations?limit=500`)],
    listBottlenecks: () => [get(`${log()}/bottlenecks`)],
    getRootCauses: () => [get(`${log()}/root-causes`)],
    listWorklist: () => [get(`${log()}/worklist?limit=500`)],
    getPolicy: () => [get('/api/policy')],
    listPolicyVersions: () => [get('/api/policy/versions')],
    getPolicyVersion: () => [get('/api/policy/versions/1')],
    validatePolicy: () => [{ label: 'POST /api/policy/validate', request: async () => ({ method: 'POST', path: '/api/policy/validate', body: DEFAULT_POLICY }) }],
    savePolicy: () => [
      {
        label: 'PUT /api/policy',
        request: async (identity) => ({ method: 'PUT', path: '/api/policy', body: { policy: DEFAULT_POLICY, note: fresh('policy', identity) } }),
      },
    ],
    listTeams: () => [get('/api/teams')],
    putTeam: () => [
      {
        label: 'PUT /api/teams/{new team}',
        request: async (identity) => ({ method: 'PUT', path: `/api/teams/${fresh('team', identity)}`, body: { manager: 'Throwaway Manager', members: [] } }),
        success: 201,
      },
    ],
    deleteTeam: () => [
      {
        label: 'DELETE /api/teams/{throwaway team}',
        request: async (identity) => {
          const name = fresh('doomed-team', identity);
          expect((await http('PUT', `/api/teams/${name}`, executive, { manager: 'Throwaway Manager', members: [] })).status).toBe(201);
          return { method: 'DELETE', path: `/api/teams/${name}` };
        },
      },
    ],
    listUserMappings: () => [get('/api/user-mappings')],
    putUserMapping: () => [
      {
        label: 'PUT /api/user-mappings/{new principal}',
        request: async (identity) => ({ method: 'PUT', path: `/api/user-mappings/${fresh('user', identity)}@contoso.com`, body: { person: 'Yuki Sato' } }),
        success: 201,
      },
    ],
    deleteUserMapping: () => [
      {
        label: 'DELETE /api/user-mappings/{throwaway mapping}',
        request: async (identity) => {
          const principal = `${fresh('doomed-user', identity)}@contoso.com`;
          expect((await http('PUT', `/api/user-mappings/${principal}`, executive, { person: 'Yuki Sato' })).status).toBe(201);
          return { method: 'DELETE', path: `/api/user-mappings/${principal}` };
        },
      },
    ],
    listExports: () => [get('/api/exports')],
    // Every table in every format, as the path parameters' enums in the document list them.
    getExport: () => {
      const params = document.paths['/api/exports/{table}.{format}'].get.parameters as Json[];
      const values = (name: string) => params.find((p) => p.name === name)!.schema.enum as string[];
      return values('table').flatMap((table) => values('format').map((format) => get(`/api/exports/${table}.${format}?log=${logId}`)));
    },
    getPowerBiEmbedConfig: () => [get('/api/powerbi/embed-config')],
  };
  return table[operationId]?.();
}

/** The bot's admin routes: mounted ahead of the API, not in its document; executives only. */
function botAdminInstances(): Instance[] {
  return [
    { label: 'POST /api/admin/digests/run', request: async () => ({ method: 'POST', path: '/api/admin/digests/run', body: {} }) },
    { label: 'GET /api/admin/digests', request: async () => ({ method: 'GET', path: '/api/admin/digests' }) },
    {
      label: 'POST /api/admin/digests/review (a held digest)',
      request: async (identity) => {
        const store = server.running.services.store;
        const key = { kind: 'collector' as const, recipient: fresh('held', identity), day: '2026-01-05' };
        await planDigest(store, key, 'aad-matrix', 'run-matrix');
        await claimDigest(store, key, 'card-matrix', 'run-matrix');
        await holdInterrupted(store, 'matrix: interrupted');
        return { method: 'POST', path: '/api/admin/digests/review', body: { ...key, decision: 'delivered' } };
      },
    },
  ];
}

beforeAll(async () => {
  const temp = tempDir('cl-matrix-');
  removeDir = temp.remove;
  // Limits high enough for 500 requests from one address; their own behaviour is tested in basics.test.ts.
  server = await startInProcess(temp.dir, { AUTH_FAILURES_PER_MINUTE: '1000000', UPLOADS_PER_HOUR: '1000000' }, { bot: true });
  duck = await DuckDBInstance.create(':memory:');
  document = (await (await fetch(`${server.url}/api/openapi.json`)).json()) as Json;
  const services = server.running.services;
  logId = (await services.access.listLogs())[0].id;

  // Every invoice, and which ones each person and team owns, from the stored log and the organisation.
  const log = await services.store.loadLog(logId);
  const attribute = (name: string, c: number) => String(valueAt(log.caseAttributes.get(name)!, c));
  const byCollector = new Map<string, Set<string>>();
  const byTeam = new Map<string, Set<string>>([[TEAM_X, new Set()], [TEAM_Y, new Set()]]);
  for (let c = 0; c < log.caseIds.length; c++) {
    const id = log.caseIds[c];
    expect(id).toMatch(/^INV-[A-Z]{2}\d{2}-\d{7}$/);
    allInvoices.add(id);
    const collector = attribute(Column.CollectorName, c);
    if (!byCollector.has(collector)) byCollector.set(collector, new Set());
    byCollector.get(collector)!.add(id);
    for (const team of SAMPLE_ORGANISATION.teams) {
      if (byTeam.has(team.name) && team.companyCodes.includes(attribute('CompanyCode', c)) && (team.segments as string[]).includes(attribute('CustomerSegment', c))) {
        byTeam.get(team.name)!.add(id);
      }
    }
  }
  const scopeA = byCollector.get(COLLECTOR_A)!;
  const scopeB = byCollector.get(COLLECTOR_B)!;
  const scopeX = byTeam.get(TEAM_X)!;
  const scopeY = byTeam.get(TEAM_Y)!;
  // The four scopes are real, distinct and nested as the organisation says.
  expect(scopeA.size).toBeGreaterThan(10);
  expect(scopeB.size).toBeGreaterThan(10);
  expect([...scopeA].every((id) => scopeX.has(id))).toBe(true);
  expect([...scopeB].every((id) => scopeY.has(id))).toBe(true);
  expect([...scopeX].some((id) => scopeY.has(id))).toBe(false);
  expect(scopeX.size + scopeY.size).toBeLessThan(allInvoices.size);
  ownInvoiceOfA = [...scopeA].sort()[0];
  invoiceOfTeamY = [...scopeB].sort()[0];

  const dir = server.dataDir;
  const token = (user: string, role: Role) => issueLocalToken(dir, { user, role });
  executive = await token('Eve Executive', 'executive');
  const hourAgo = Math.floor(Date.now() / 1000) - 3600;
  const nobody = new Set<string>();
  identities.push(
    { name: 'no token', token: null, role: null, scope: nobody },
    // The invalid ones would be executives if they were accepted.
    { name: 'forged signature', token: await craftedToken(dir, {}, { key: 'foreign' }), role: null, scope: nobody },
    { name: 'expired', token: await craftedToken(dir, { iat: hourAgo - 600, nbf: hourAgo - 600, exp: hourAgo }), role: null, scope: nobody },
    { name: 'wrong audience', token: await craftedToken(dir, { aud: 'api://someone-else' }), role: null, scope: nobody },
    { name: 'wrong tenant', token: await craftedToken(dir, { tid: 'another-tenant' }), role: null, scope: nobody },
    { name: `collector A (${COLLECTOR_A})`, token: await token(COLLECTOR_A, 'collector'), role: 'collector', scope: scopeA },
    { name: `collector B (${COLLECTOR_B})`, token: await token(COLLECTOR_B, 'collector'), role: 'collector', scope: scopeB },
    { name: `manager of team X (${TEAM_X})`, token: await token('Karen Whitfield', 'manager'), role: 'manager', scope: scopeX },
    { name: `manager of team Y (${TEAM_Y})`, token: await token('Stefan Hoffmann', 'manager'), role: 'manager', scope: scopeY },
    { name: 'executive', token: executive, role: 'executive', scope: allInvoices },
  );

  // What the read operations name: a saved policy version and a finished import.
  expect((await http('PUT', '/api/policy', executive, { policy: DEFAULT_POLICY, note: 'matrix: version 1' })).status).toBe(201);
  const upload = await http('POST', '/api/logs?file=setup.csv&name=matrix-setup', executive, undefined, CSV);
  importJobId = ((await upload.json()) as Json).id;
  await waitForJob(importJobId);
});

afterAll(async () => {
  duck?.closeSync();
  await server?.stop();
  removeDir?.();
});

describe('authorisation matrix (OpenAPI document × identities)', () => {
  it('answers every operation for every identity as its declared roles say, and shows no invoice outside the caller’s scope', async () => {
    const mismatches: string[] = [];
    const leaks: string[] = [];
    let operations = 0;
    let requests = 0;
    /** Invoice numbers seen in bodies (all of them allowed ones when the matrix passes): the scan does look. */
    let mentions = 0;
    const rows: { label: string; declared: string[]; successes: number[]; instances: Instance[]; isPublic: boolean }[] = [];
    for (const [path, methods] of Object.entries(document.paths as Record<string, Record<string, Json>>)) {
      for (const [method, op] of Object.entries(methods)) {
        operations++;
        const declared = op['x-roles'] as string[] | undefined;
        if (!Array.isArray(declared)) {
          mismatches.push(`${method.toUpperCase()} ${path}: no x-roles in the document`);
          continue;
        }
        const successes = Object.keys(op.responses).map(Number).filter((s) => s >= 200 && s < 300);
        const instances = instancesOf(op.operationId);
        if (!instances?.length) {
          mismatches.push(`${method.toUpperCase()} ${path} (${op.operationId}): the matrix has no request for this operation`);
          continue;
        }
        rows.push({ label: `${op.operationId}`, declared, successes, instances, isPublic: Array.isArray(op.security) && op.security.length === 0 });
      }
    }
    rows.push({ label: 'bot admin', declared: ['executive'], successes: [200], instances: botAdminInstances(), isPublic: false });

    for (const row of rows) {
      for (const instance of row.instances) {
        for (const identity of identities) {
          const request = await instance.request(identity);
          const response = await http(request.method, request.path, identity.token, request.body, request.upload);
          const body = await textOf(response);
          requests++;
          // The table: public → its success; no valid token → 401; role not declared → 403;
          // an invoice outside the scope → 404; otherwise the declared success.
          let expected: number;
          if (row.isPublic) expected = row.successes[0];
          else if (identity.role === null) expected = 401;
          else if (!row.declared.includes(identity.role)) expected = 403;
          else if (instance.invoice && !identity.scope.has(instance.invoice)) expected = 404;
          else expected = instance.success ?? row.successes[0];
          const where = `${instance.label} as ${identity.name}`;
          if (response.status !== expected) mismatches.push(`${where}: ${response.status}, expected ${expected} — ${body.slice(0, 160)}`);
          if (response.status >= 200 && response.status < 300 && !row.successes.includes(response.status)) {
            mismatches.push(`${where}: ${response.status} is not a success status the document declares (${row.successes.join(', ')})`);
          }
          if (response.status >= 400) {
            if (!/^application\/problem\+json/.test(response.headers.get('content-type') ?? '')) mismatches.push(`${where}: ${response.status} is not problem+json`);
            if (response.status === 401 && !/^Bearer/.test(response.headers.get('www-authenticate') ?? '')) mismatches.push(`${where}: 401 without a Bearer challenge`);
          }
          for (const found of new Set(body.match(INVOICE) ?? [])) {
            mentions++;
            if (allInvoices.has(found) && !identity.scope.has(found)) leaks.push(`${where}: ${found}`);
          }
          if (response.status >= 200 && response.status < 300) await instance.after?.(identity, response, body);
        }
      }
    }
    const instances = rows.reduce((n, r) => n + r.instances.length, 0);
    console.log(
      `authorisation matrix: ${operations} operations in the OpenAPI document + ${botAdminInstances().length} bot admin routes, ` +
        `${instances} request instances × ${identities.length} identities = ${requests} requests; ${mentions} invoice numbers checked in bodies`,
    );
    expect(mentions).toBeGreaterThan(allInvoices.size);
    expect(operations).toBeGreaterThanOrEqual(39);
    expect(requests).toBe(instances * identities.length);
    expect({ mismatches, leaks }).toEqual({ mismatches: [], leaks: [] });
  });
});
