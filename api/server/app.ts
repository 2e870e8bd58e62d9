import express, { type NextFunction, type Request, type Response } from 'express';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { Store } from '../adapters/store/index.ts';
import { summarizeLog } from '../engine/statistics/summary.ts';
import { LogCache } from './log-cache.ts';

export interface AppDeps {
  readonly store: Store;
  readonly logger: Logger;
  readonly version: string;
}

/** The Express app: routes only compose the store and the engine. */
export function createApp({ store, logger, version }: AppDeps): express.Express {
  const app = express();
  const logs = new LogCache(store);
  app.disable('x-powered-by');

  app.use((req, res, next) => {
    const id = req.get('x-request-id') || randomUUID();
    res.setHeader('x-request-id', id);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      logger.info({ reqId: id, method: req.method, url: req.originalUrl, status: res.statusCode, ms: Number(process.hrtime.bigint() - started) / 1e6 }, 'request');
    });
    next();
  });

  app.get('/api/health', async (_req, res) => {
    const list = await store.listLogs();
    res.json({ status: 'ok', version, logs: list.length });
  });

  app.get('/api/logs', async (_req, res) => {
    res.json({ logs: await store.listLogs() });
  });

  app.get('/api/logs/:id/summary', async (req, res) => {
    const info = await store.getLog(req.params.id);
    if (!info) {
      problem(res, 404, 'Log not found', `There is no event log with id "${req.params.id}".`);
      return;
    }
    const log = await logs.get(info);
    res.json({ log: info, summary: summarizeLog(log) });
  });

  app.use('/api', (_req, res) => problem(res, 404, 'Not found', 'No such API route.'));

  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    logger.error({ err: error, url: req.originalUrl }, 'request failed');
    problem(res, 500, 'Internal error', 'Something went wrong on the server; the request id in the response headers helps find it in the logs.');
  });
  return app;
}

/** RFC 9457 problem details. */
export function problem(res: Response, status: number, title: string, detail: string): void {
  res.status(status).type('application/problem+json').json({ type: 'about:blank', title, status, detail });
}
