import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTemplate } from '../adapters/export/template.ts';
import { ops } from '../contracts/operations.ts';
import { bind, empty, handled, json, type Binding } from '../server/operation.ts';
import { HttpProblem } from '../server/problem.ts';

const TEMPLATE_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
} as const;

export const logRoutes: Binding[] = [
  bind(ops.listLogs, async ({ services }) => json({ logs: await services.access.listLogs() })),

  // Before /api/logs/:id, which would otherwise take "template" for a log id.
  bind(ops.getTemplate, async ({ query, res }) => {
    const dir = await mkdtemp(join(tmpdir(), 'cl-template-'));
    const name = `collections-lens-template.${query.format}`;
    try {
      await writeTemplate(join(dir, name));
    } catch (error) {
      await rm(dir, { recursive: true, force: true });
      throw error;
    }
    res.status(200).type(TEMPLATE_TYPES[query.format]).attachment(name);
    const stream = createReadStream(join(dir, name));
    stream.on('close', () => void rm(dir, { recursive: true, force: true }));
    stream.pipe(res);
    return handled;
  }),

  bind(ops.getLog, async ({ params, services, view }) => {
    const scoped = await view(params.id);
    return json({ log: scoped.info, visibleCases: scoped.visibleCases, importing: services.imports.isBusy(scoped.info.source) });
  }),

  bind(ops.deleteLog, async ({ params, services }) => {
    const info = await services.access.getLog(params.id);
    if (services.imports.isBusy(info.source)) throw new HttpProblem(409, 'import-running', 'Import running', 'This log is being imported; delete it once the import ends.');
    await services.store.deleteLog(info.id);
    services.access.logsChanged();
    return empty();
  }),
];
