import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeRowsFile, type Cell } from '../adapters/bi-export/row-file.ts';
import { copyStoredTable, LogVersionChanged } from '../adapters/bi-export/stored-tables.ts';
import { EXPORT_SCHEMA_VERSION, exportTable, type ExportFormat, type ExportTableName } from '../contracts/export-schema.ts';
import { EXPORT_MEDIA_TYPES, exportCatalogue, exportOps } from '../contracts/exports.ts';
import type { AuthorisedView, Identity } from '../access/index.ts';
import { bind, handled, json, type Binding } from '../server/operation.ts';
import { HttpProblem } from '../server/problem.ts';
import { matchesIfNoneMatch } from '../server/result-cache.ts';
import type { Services } from '../server/services.ts';
import { monthlyKpiRows } from './export-rows/monthly-kpis.ts';
import { teamMemberRows } from './export-rows/team-members.ts';
import { violationRows } from './export-rows/violations.ts';

export const exportRoutes: Binding[] = [
  bind(exportOps.listExports, async () => json(exportCatalogue())),

  bind(exportOps.getExport, async ({ params, query, services, identity, view, req, res }) => {
    const logId = query.log ?? (await services.access.listLogs())[0]?.id;
    if (!logId) throw new HttpProblem(404, 'log-not-found', 'No log', 'There is no event log to export yet.');
    const scoped = await view(logId);
    const { table, format } = params;
    const policy = services.policies.current();
    // team_members follows the directory, not the log: never answered from a validator.
    const etag = table === 'team_members' ? null : services.results.etag(['export', EXPORT_SCHEMA_VERSION, table, format, scoped.key, policy.version]);
    res.setHeader('X-Export-Schema', String(EXPORT_SCHEMA_VERSION));
    res.setHeader('Cache-Control', 'private, no-cache');
    res.setHeader('Vary', 'Authorization');
    if (etag) {
      res.setHeader('ETag', etag);
      if (matchesIfNoneMatch(req.get('if-none-match'), etag)) {
        res.status(304).end();
        return handled;
      }
    }

    const dir = await mkdtemp(join(tmpdir(), 'cl-export-'));
    const file = join(dir, `${table}.${format}`);
    try {
      await writeExport(table, format, file, { services, identity, scoped });
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      if (error instanceof LogVersionChanged) throw new HttpProblem(409, 'log-changed', 'Log changed', error.message);
      throw error;
    }
    const type = format === 'csv' ? `${EXPORT_MEDIA_TYPES.csv}; charset=utf-8; header=present` : EXPORT_MEDIA_TYPES.parquet;
    res.status(200).type(type).attachment(`${table}.${format}`);
    const stream = createReadStream(file);
    stream.on('close', () => void rm(dir, { recursive: true, force: true }));
    stream.on('error', () => res.destroy());
    stream.pipe(res);
    return handled;
  }),
];

interface ExportContext {
  readonly services: Pick<Services, 'store' | 'policies' | 'results' | 'access'>;
  readonly identity: Identity;
  readonly scoped: AuthorisedView;
}

async function writeExport(table: ExportTableName, format: ExportFormat, file: string, { services, identity, scoped }: ExportContext): Promise<void> {
  if (table === 'cases' || table === 'events') {
    const everything = scoped.visibleCases === scoped.info.cases;
    const visible = everything ? null : visibleCaseIds(scoped);
    await copyStoredTable(services.store, table, { logId: scoped.info.id, version: scoped.info.version, caseIds: visible }, format, file);
    return;
  }
  const policy = services.policies.current();
  let rows: Cell[][];
  if (table === 'monthly_kpis') {
    // The slow one (a KPI pass per month and slice): kept while the log version, scope and policy stay.
    const key = services.results.etag(['export-monthly-kpis', scoped.key, policy.version]);
    rows = await services.results.value(key, () => monthlyKpiRows(scoped, policy));
  } else if (table === 'violations') {
    rows = violationRows(scoped, policy);
  } else {
    rows = teamMemberRows(services.access.directory, identity);
  }
  await writeRowsFile(exportTable(table).columns, rows, format, file);
}

function visibleCaseIds(scoped: AuthorisedView): string[] {
  const list = scoped.cases({}, 'log');
  return list.rows(0, list.total).map((row) => row.caseId);
}
