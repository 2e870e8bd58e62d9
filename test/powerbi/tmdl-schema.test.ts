import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EXPORT_TABLES, exportTable, type ExportTableName, type ExportType } from '../../api/contracts/export-schema.ts';
import { powerBiSetupFromEnv } from '../../api/adapters/powerbi/config.ts';
import { parseTmdlFolder, type TmdlTable } from './tmdl.ts';

const REPORTS = fileURLToPath(new URL('../../reports/', import.meta.url));
const MODEL_DIR = join(REPORTS, 'CollectionsLens.SemanticModel');
const REPORT_DIR = join(REPORTS, 'CollectionsLens.Report');
const model = parseTmdlFolder(join(MODEL_DIR, 'definition'));

/** The Power Query type each export type is read as. */
const M_TYPE: Record<ExportType, string> = {
  string: 'type text',
  int64: 'Int64.Type',
  double: 'type number',
  dateTime: 'type datetime',
  boolean: 'type logical',
};

/** The export a table's partition reads: `ApiBaseUrl & "/api/exports/<name>.csv"`. */
function exportOf(table: TmdlTable): ExportTableName {
  expect(table.partitions, table.name).toHaveLength(1);
  const [partition] = table.partitions;
  expect(partition.kind, table.name).toBe('m');
  const url = /Web\.Contents\(\s*ApiBaseUrl\s*&\s*"\/api\/exports\/([a-z_]+)\.csv"/.exec(partition.source);
  expect(url, `${table.name} reads no export`).not.toBeNull();
  const name = url![1] as ExportTableName;
  expect(EXPORT_TABLES.map((t) => t.name), `${table.name} reads unknown export ${name}`).toContain(name);
  return name;
}

describe('the semantic model (TMDL) against the export schema', () => {
  it('parses tables, roles, relationships and the ApiBaseUrl parameter', () => {
    expect(model.tables.length).toBeGreaterThan(0);
    const parameter = model.expressions.find((e) => e.name === 'ApiBaseUrl');
    expect(parameter?.expression).toMatch(/IsParameterQuery\s*=\s*true/);
    expect(model.roles.map((r) => r.name).sort()).toEqual(['Executive', 'Team']);
  });

  it('reads every export table, each through exactly one model table', () => {
    const read = model.tables.map(exportOf);
    expect([...read].sort()).toEqual(EXPORT_TABLES.map((t) => t.name).sort());
  });

  it.each(model.tables.map((t) => [t.name, t] as const))('%s: every column exists in the export with the same type', (_name, table) => {
    const exported = exportTable(exportOf(table));
    for (const column of table.columns) {
      const source = exported.columns.find((c) => c.name === column.sourceColumn);
      expect(source, `${table.name}[${column.name}] reads ${column.sourceColumn}, which ${exported.name} does not export`).toBeDefined();
      expect(column.dataType, `${table.name}[${column.name}]`).toBe(source!.type);
    }
  });

  it.each(model.tables.map((t) => [t.name, t] as const))('%s: every required export column is in the model', (_name, table) => {
    const exported = exportTable(exportOf(table));
    const sources = new Set(table.columns.map((c) => c.sourceColumn));
    const missing = exported.columns.filter((c) => c.required && !sources.has(c.name)).map((c) => c.name);
    expect(missing, `${table.name} lacks required columns of ${exported.name}`).toEqual([]);
  });

  it.each(model.tables.map((t) => [t.name, t] as const))('%s: Power Query types and width follow the export', (_name, table) => {
    const exported = exportTable(exportOf(table));
    const source = table.partitions[0].source;
    expect(source).toMatch(new RegExp(`Columns\\s*=\\s*${exported.columns.length}\\b`));
    const typed = [...source.matchAll(/\{"([^"]+)",\s*([A-Za-z0-9. ]+?)\}/g)].map((m) => [m[1], m[2]]);
    for (const column of table.columns) {
      const declared = typed.find(([name]) => name === column.sourceColumn);
      expect(declared?.[1], `${table.name}: M type of ${column.sourceColumn}`).toBe(M_TYPE[column.dataType as ExportType]);
    }
  });

  it('relates and secures tables only through columns the model has', () => {
    const has = (table: string, column: string) => model.tables.some((t) => t.name === table && t.columns.some((c) => c.name === column));
    expect(model.relationships.length).toBeGreaterThan(0);
    for (const { from, to } of model.relationships) {
      expect(has(from.table, from.column), `${from.table}.${from.column}`).toBe(true);
      expect(has(to.table, to.column), `${to.table}.${to.column}`).toBe(true);
    }
    const team = model.roles.find((r) => r.name === 'Team')!;
    for (const [table, filter] of team.tablePermissions) {
      expect(model.tables.some((t) => t.name === table), table).toBe(true);
      expect(filter).toMatch(/CUSTOMDATA\(\)/);
      expect(filter).toMatch(/\[CreditTeam\]/);
    }
    // Every table carrying invoices is filtered directly or reached from Cases through a relationship.
    const reached = new Set(['Cases', ...model.relationships.filter((r) => r.to.table === 'Cases').map((r) => r.from.table)]);
    for (const table of model.tables) {
      if (table.name === 'Team Members') continue;
      expect(team.tablePermissions.has(table.name) || reached.has(table.name), `${table.name} escapes the Team role`).toBe(true);
    }
  });

  it('names the roles the API puts in embed tokens', () => {
    const setup = powerBiSetupFromEnv(
      { POWERBI_MODE: 'customers', POWERBI_WORKSPACE_ID: 'w', POWERBI_REPORT_ID: 'r', POWERBI_TENANT_ID: 't', POWERBI_CLIENT_ID: 'c', POWERBI_CLIENT_SECRET: 's' },
      { powerBiApiUrl: 'https://api.powerbi.com', entraAuthorityHost: 'https://login.microsoftonline.com' },
      { mode: 'local', dataDir: '.', issuer: 'i', audience: 'a', tenantId: 'local' },
    );
    expect(setup.configured).toBe(true);
    if (!setup.configured) return;
    const roles = model.roles.map((r) => r.name);
    expect(roles).toContain(setup.config.teamRole);
    expect(roles).toContain(setup.config.allRole);
  });

  it("refers in every measure only to the model's own columns and measures", () => {
    const fields = new Set(model.tables.flatMap((t) => [...t.columns.map((c) => `${t.name}[${c.name}]`), ...t.measures.map((m) => `${t.name}[${m.name}]`)]));
    const measures = new Set(model.tables.flatMap((t) => t.measures.map((m) => m.name)));
    for (const table of model.tables) {
      for (const measure of table.measures) {
        for (const ref of measure.expression.matchAll(/(?:'([^']+)'|\b([A-Za-z_][A-Za-z0-9_]*))\[([^\]]+)\]/g)) {
          const owner = ref[1] ?? ref[2];
          expect(fields.has(`${owner}[${ref[3]}]`), `${table.name}[${measure.name}] refers to ${owner}[${ref[3]}]`).toBe(true);
        }
        for (const ref of measure.expression.matchAll(/(?<![\w'\]])\[([^\]]+)\]/g)) {
          expect(measures.has(ref[1]), `${table.name}[${measure.name}] refers to measure [${ref[1]}]`).toBe(true);
        }
      }
    }
  });
});

describe('the report (PBIR) against the model', () => {
  const definition = join(REPORT_DIR, 'definition');
  const pages = JSON.parse(readFileSync(join(definition, 'pages', 'pages.json'), 'utf8')) as { pageOrder: string[]; activePageName: string };

  it('points at the semantic model by relative path', () => {
    const pbir = JSON.parse(readFileSync(join(REPORT_DIR, 'definition.pbir'), 'utf8')) as { datasetReference: { byPath: { path: string } } };
    expect(resolve(REPORT_DIR, pbir.datasetReference.byPath.path)).toBe(resolve(MODEL_DIR));
    const pbip = JSON.parse(readFileSync(join(REPORTS, 'CollectionsLens.pbip'), 'utf8')) as { artifacts: { report: { path: string } }[] };
    expect(existsSync(join(REPORTS, pbip.artifacts[0].report.path, 'definition.pbir'))).toBe(true);
  });

  it('lists every page folder in pages.json, each with its visuals named as their folders', () => {
    const folders = readdirSync(join(definition, 'pages'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);
    expect([...pages.pageOrder].sort()).toEqual(folders.sort());
    expect(pages.pageOrder).toContain(pages.activePageName);
    for (const page of folders) {
      const json = JSON.parse(readFileSync(join(definition, 'pages', page, 'page.json'), 'utf8')) as { name: string };
      expect(json.name).toBe(page);
      for (const visual of readdirSync(join(definition, 'pages', page, 'visuals'))) {
        const v = JSON.parse(readFileSync(join(definition, 'pages', page, 'visuals', visual, 'visual.json'), 'utf8')) as { name: string };
        expect(v.name).toBe(visual);
      }
    }
  });

  it('binds every visual only to columns and measures the model has', () => {
    const columns = new Set(model.tables.flatMap((t) => t.columns.map((c) => `${t.name}.${c.name}`)));
    const measures = new Set(model.tables.flatMap((t) => t.measures.map((m) => `${t.name}.${m.name}`)));
    const bound: string[] = [];
    for (const page of pages.pageOrder) {
      const dir = join(definition, 'pages', page, 'visuals');
      for (const visual of readdirSync(dir)) {
        const text = readFileSync(join(dir, visual, 'visual.json'), 'utf8');
        const found = JSON.parse(text, (key, value) => {
          if ((key === 'Column' || key === 'Measure') && value?.Expression?.SourceRef?.Entity) {
            const ref = `${value.Expression.SourceRef.Entity as string}.${value.Property as string}`;
            expect((key === 'Column' ? columns : measures).has(ref), `${page}/${visual}: ${key} ${ref}`).toBe(true);
            bound.push(ref);
          }
          return value;
        }) as unknown;
        expect(found).toBeTruthy();
      }
    }
    // The executive figures the issue asks for are on the report.
    for (const figure of ['DSO', 'Average Days Delinquent', 'Aging 90+', 'Write-off Value', 'Dispute Resolution Days', 'Cash Application Days']) {
      expect(bound).toContain(`Monthly KPIs.${figure}`);
    }
    for (const slicer of ['Month', 'CompanyCode', 'CustomerSegment', 'CreditTeam']) expect(bound).toContain(`Monthly KPIs.${slicer}`);
  });

  it('keeps local Power BI settings and caches out of git', () => {
    const ignore = readFileSync(join(dirname(REPORTS.replace(/\/$/, '')), '.gitignore'), 'utf8');
    expect(ignore).toMatch(/\.pbi\/localSettings\.json/);
    expect(ignore).toMatch(/\.pbi\/cache\.abf/);
  });
});
