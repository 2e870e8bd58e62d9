import type { Response } from 'express';
import { ops } from '../contracts/operations.ts';
import type { ImportJobView } from '../server/import-jobs.ts';
import { bind, handled, json, type Binding, type HandlerContext } from '../server/operation.ts';
import { HttpProblem } from '../server/problem.ts';
import { receiveUpload } from '../server/upload.ts';

type UploadContext = HandlerContext<typeof ops.createLog> | HandlerContext<typeof ops.replaceLog>;

/** Streams the file to disk under the log's import reservation, then starts the job. */
async function upload(ctx: UploadContext, target: { source: string; logName: string; logId: string | null }) {
  const { query, services, req, res, identity } = ctx;
  const uploads = services.limits.uploads;
  if (!uploads.take(identity.principal.id)) {
    res.setHeader('Connection', 'close');
    throw new HttpProblem(429, 'rate-limited', 'Too many uploads', `At most ${uploads.capacity} uploads an hour per user; try again later.`, {}, {
      'Retry-After': String(uploads.retryAfterSeconds(identity.principal.id)),
    });
  }
  const { path, release } = services.imports.reserve(target.source, query.file);
  let bytes: number;
  try {
    bytes = await receiveUpload(req, path, services.config.uploadMaxBytes);
  } catch (error) {
    release();
    // The client may still be sending: do not keep reading a body nobody wants.
    res.setHeader('Connection', 'close');
    throw error;
  }
  const job = services.imports.start(path, bytes, {
    ...target,
    fileName: query.file,
    options: {
      mapping: query.case || query.activity || query.time ? { case: query.case, activity: query.activity, time: query.time } : undefined,
      timeFormat: query.timeFormat,
      delimiter: query.delimiter,
    },
    raw: query.raw === 'true',
    createdBy: identity.principal.name ?? identity.principal.id,
  });
  return json(job, 202, { Location: `/api/imports/${job.id}` });
}

function sse(res: Response, event: string, data: unknown): void {
  res.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
}

const finished = (job: ImportJobView) => job.status === 'succeeded' || job.status === 'failed';

export const importRoutes: Binding[] = [
  bind(ops.createLog, async (ctx) => {
    const logName = ctx.query.name ?? ctx.query.file;
    const source = `upload:${logName}`;
    const existing = (await ctx.services.access.listLogs()).find((log) => log.source === source);
    if (existing) {
      throw new HttpProblem(409, 'log-exists', 'Log exists', `A log named "${logName}" exists (id ${existing.id}); upload a new version with POST /api/logs/${existing.id}/versions.`);
    }
    return upload(ctx, { source, logName, logId: null });
  }),

  bind(ops.replaceLog, async (ctx) => {
    const info = await ctx.services.access.getLog(ctx.params.id);
    return upload(ctx, { source: info.source, logName: info.name, logId: info.id });
  }),

  bind(ops.listImports, async ({ services }) => json({ jobs: await services.imports.list() })),

  bind(ops.getImport, async ({ params, services }) => {
    const job = await services.imports.get(params.id);
    if (!job) throw new HttpProblem(404, 'import-not-found', 'Import not found', 'There is no import with this id.');
    return json(job);
  }),

  bind(ops.followImport, async ({ params, services, req, res }) => {
    const job = await services.imports.get(params.id);
    if (!job) throw new HttpProblem(404, 'import-not-found', 'Import not found', 'There is no import with this id.');
    res.writeHead(200, { 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
    sse(res, 'progress', job);
    let stop: (() => void) | null = null;
    const heartbeat = setInterval(() => res.write(': keep-alive\n\n'), 15_000);
    const end = (last: ImportJobView) => {
      clearInterval(heartbeat);
      stop?.();
      sse(res, 'done', last);
      res.end();
    };
    if (finished(job)) {
      end(job);
      return handled;
    }
    stop = services.imports.follow(params.id, (view, done) => (done ? end(view) : sse(res, 'progress', view)));
    if (!stop) {
      // It ended between reading it and subscribing.
      end((await services.imports.get(params.id)) ?? job);
      return handled;
    }
    req.on('close', () => {
      clearInterval(heartbeat);
      stop?.();
    });
    return handled;
  }),
];
