import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SQL_TYPE } from '../../api/adapters/bi-export/copy-target.ts';
import { EXPORT_FORMATS, EXPORT_SCHEMA_VERSION, EXPORT_TABLES, exportTable, type ExportTableName } from '../../api/contracts/export-schema.ts';
import { exportCatalogueSchema } from '../../api/contracts/exports.ts';
import { SAMPLE_ORGANISATION } from '../../api/sample/generator.ts';
import { parsed, PEOPLE, startTestServer, type TestServer } from '../api/helpers.ts';
import { readExport, type ExportFile } from './read-export.ts';

let server: TestServer;
let executive: string;
let manager: string;
let collector: string;
const managerTeams = SAMPLE_ORGANISATION.teams.filter((t) => t.manager === PEOPLE.manager.user).map((t) => t.name);

beforeAll(async () => {
  server = await startTestServer();
  executive = await server.token(PEOPLE.executive.user, 'executive');
  manager = await server.token(PEOPLE.manager.user, 'manager');
  collector = await server.token(PEOPLE.collector.user, 'collector');
});
afterAll(() => server?.stop());

const cache = new Map<string, Promise<ExportFile>>();
function exported(table: ExportTableName, token: string, format: 'csv' | 'parquet' = 'csv'): Promise<ExportFile> {
  const key = `${table}.${format}:${token}`;
  if (!cache.has(key)) {
    cache.set(
      key,
      server.get(`/api/exports/${table}.${format}`, token).then((response) => {
        if (response.status !== 200) throw new Error(`${table}.${format}: ${response.status}`);
        return readExport(response, format);
      }),
    );
  }
  return cache.get(key)!;
}

async function visibleCases(token: string): Promise<number> {
  const body = (await (await server.get(`/api/logs/${server.logId}`, token)).json()) as { visibleCases: number };
  return body.visibleCases;
}

describe('export schema as served', () => {
  it('GET /api/exports lists every table with the columns and types of the one schema definition', async () => {
    const catalogue = await parsed(await server.get('/api/exports', collector), exportCatalogueSchema);
    expect(catalogue.schemaVersion).toBe(EXPORT_SCHEMA_VERSION);
    expect(catalogue.tables.map((t) => t.name)).toEqual(EXPORT_TABLES.map((t) => t.name));
    for (const table of catalogue.tables) expect(table.columns).toEqual(exportTable(table.name).columns);
  });

  it('is in the OpenAPI document, with the embed-config route and who may call them', async () => {
    const doc = (await (await server.get('/api/openapi.json')).json()) as { paths: Record<string, Record<string, Record<string, unknown>>> };
    const get = doc.paths['/api/exports/{table}.{format}']?.get;
    expect(Object.keys((get?.responses as Record<string, { content?: object }>)['200'].content ?? {})).toEqual(['text/csv', 'application/vnd.apache.parquet']);
    expect(get?.['x-roles']).toEqual(['collector', 'manager', 'executive']);
    expect(doc.paths['/api/powerbi/embed-config']?.get?.['x-roles']).toEqual(['manager', 'executive']);
  });

  it.each(EXPORT_TABLES.map((t) => t.name))('%s.csv has exactly the schema columns, in order, and no empty required cell', async (name) => {
    const response = await server.get(`/api/exports/${name}.csv`, executive);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('x-export-schema')).toBe(String(EXPORT_SCHEMA_VERSION));
    const file = await readExport(response, 'csv');
    const table = exportTable(name);
    expect(file.columns).toEqual(table.columns.map((c) => c.name));
    expect(file.rows.length).toBeGreaterThan(0);
    for (const column of table.columns.filter((c) => c.required)) {
      const empty = file.rows.filter((r) => r[column.name] === '');
      expect(empty.length, `${name}.${column.name}`).toBe(0);
    }
  });

  it.each(EXPORT_TABLES.map((t) => t.name))('%s.parquet carries the schema types', async (name) => {
    const file = await exported(name, executive, 'parquet');
    const table = exportTable(name);
    expect(file.columns).toEqual(table.columns.map((c) => c.name));
    expect(file.types).toEqual(table.columns.map((c) => SQL_TYPE[c.type]));
  });

  it('writes CSV times as ISO-8601 UTC without a zone suffix and booleans as true/false', async () => {
    const events = await exported('events', executive);
    expect(events.rows[0].EventTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}$/);
    expect(new Set(events.rows.map((r) => r.IsDerived))).toEqual(new Set(['true', 'false']));
  });
});

describe('exports are scoped like every other route', () => {
  it('needs a token', async () => {
    for (const format of EXPORT_FORMATS) expect((await server.get(`/api/exports/cases.${format}`)).status).toBe(401);
  });

  it('answers 304 to its own ETag, and not to the ETag of a wider scope', async () => {
    const first = await server.get('/api/exports/violations.parquet', executive);
    const etag = first.headers.get('etag')!;
    await first.arrayBuffer();
    expect((await server.get('/api/exports/violations.parquet', executive, { 'if-none-match': etag })).status).toBe(304);
    const narrower = await server.get('/api/exports/violations.parquet', collector, { 'if-none-match': etag });
    expect(narrower.status).toBe(200);
    await narrower.arrayBuffer();
  });

  it('refuses an unknown table', async () => {
    expect((await server.get('/api/exports/secrets.csv', executive)).status).toBe(400);
  });

  it('gives a collector only their own invoices, and events and violations of those only', async () => {
    const cases = await exported('cases', collector);
    expect(cases.rows.length).toBe(await visibleCases(collector));
    expect(new Set(cases.rows.map((r) => r.CollectorName))).toEqual(new Set([PEOPLE.collector.user]));
    const mine = new Set(cases.rows.map((r) => r.InvoiceNumber));
    const events = await exported('events', collector);
    expect(events.rows.every((r) => mine.has(r.InvoiceNumber))).toBe(true);
    expect(new Set(events.rows.map((r) => r.InvoiceNumber))).toEqual(mine);
    const violations = await exported('violations', collector);
    expect(violations.rows.every((r) => mine.has(r.InvoiceNumber))).toBe(true);
  });

  it("gives a manager their teams' invoices and no one else's", async () => {
    const all = await exported('cases', executive);
    const cases = await exported('cases', manager);
    expect(cases.rows.length).toBe(await visibleCases(manager));
    expect(cases.rows.length).toBeGreaterThan(0);
    expect(cases.rows.length).toBeLessThan(all.rows.length);
    expect(new Set(cases.rows.map((r) => r.CreditTeam))).toEqual(new Set(managerTeams));
  });

  it('keeps event indices the same whoever exports: the global position in the log', async () => {
    const everyone = new Map((await exported('events', executive)).rows.map((r) => [`${r.InvoiceNumber}#${r.Sequence}`, r.EventIndex]));
    for (const row of (await exported('events', collector)).rows) expect(row.EventIndex).toBe(everyone.get(`${row.InvoiceNumber}#${row.Sequence}`));
    const events = new Set((await exported('events', executive)).rows.map((r) => r.EventIndex));
    for (const v of (await exported('violations', executive)).rows) if (v.EventIndex !== '') expect(events.has(v.EventIndex)).toBe(true);
  });

  it('counts every visible invoice exactly once in the monthly KPIs, per role', async () => {
    for (const token of [executive, manager, collector]) {
      const months = await exported('monthly_kpis', token);
      const posted = months.rows.reduce((sum, r) => sum + Number(r.PostedInPeriod), 0);
      expect(posted).toBe(await visibleCases(token));
    }
    const teams = new Set((await exported('monthly_kpis', manager)).rows.map((r) => r.CreditTeam));
    expect(teams).toEqual(new Set(managerTeams));
  });

  it('lists team members by sign-in name: every team for executives, their own for a manager', async () => {
    const all = await exported('team_members', executive);
    expect(new Set(all.rows.map((r) => r.CreditTeam))).toEqual(new Set(SAMPLE_ORGANISATION.teams.map((t) => t.name)));
    const own = await exported('team_members', manager);
    expect(new Set(own.rows.map((r) => r.CreditTeam))).toEqual(new Set(managerTeams));
    for (const row of all.rows) expect(row.Upn).toMatch(/^[^@\sA-Z]+@[^@\sA-Z]+$/);
  });
});

describe('monthly KPIs agree with the KPI route', () => {
  it('adds up, over the slices of a month, to the AR, sales and counts /kpis reports for that month', async () => {
    const months = await exported('monthly_kpis', executive);
    const keys = [...new Set(months.rows.map((r) => String(r.Month)))].sort();
    const month = keys.at(-2)!; // the last complete month
    const rows = months.rows.filter((r) => r.Month === month);
    const start = new Date(`${month}-01T00:00:00Z`);
    const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    const query = `periodStart=${new Date(start.getTime() - 1).toISOString()}&periodEnd=${new Date(next.getTime() - 1).toISOString()}`;
    const kpis = ((await (await server.get(`/api/logs/${server.logId}/kpis?${query}`, executive)).json()) as {
      kpis: { amounts: { endAr: number; creditSales: number }; counts: { settledInPeriod: number; disputesResolved: number } };
    }).kpis;
    const sum = (name: string) => rows.reduce((s, r) => s + Number(r[name] || 0), 0);
    expect(sum('EndAr')).toBeCloseTo(kpis.amounts.endAr, 2);
    expect(sum('CreditSales')).toBeCloseTo(kpis.amounts.creditSales, 2);
    expect(sum('SettledInPeriod')).toBe(kpis.counts.settledInPeriod);
    expect(sum('DisputesResolved')).toBe(kpis.counts.disputesResolved);
  });
});
