import type { RequestHandler } from 'express';
import type { LedgerKey } from '../api/adapters/store/digest-ledger.ts';
import type { Services } from '../api/server/services.ts';
import { botConfigFromEnv, type BotConfig } from './config.ts';
import { botDeps } from './deps.ts';
import { botRouter } from './routes.ts';
import { BotRuntime, type RuntimeOptions } from './runtime.ts';

export { BotRuntime } from './runtime.ts';
export { botRouter } from './routes.ts';
export { botDeps, type BotHost } from './deps.ts';
export { botConfigFromEnv } from './config.ts';

/**
 * The bot as the API process mounts it. The app's mounts are given before the services exist,
 * so the mount answers 503 until attach(services) has built the runtime (right after the server
 * listens); stop() ends the schedule and waits for a digest run before the store closes.
 *
 *   const bot = botMount();
 *   const running = await startServer(config, logger, version, { mounts: [bot] });
 *   await bot.attach(running.services);
 *   ... on shutdown: await bot.stop(); await running.stop();
 */
export interface BotMount {
  readonly path: '/api';
  readonly handler: RequestHandler;
  attach(services: Services, options?: RuntimeOptions): Promise<BotRuntime>;
  stop(): Promise<void>;
}

export function botMount(config: BotConfig = botConfigFromEnv()): BotMount {
  let router: RequestHandler | null = null;
  let runtime: BotRuntime | null = null;
  return {
    path: '/api',
    handler: (req, res, next) => {
      if (router) return router(req, res, next);
      if (req.path === '/messages' || req.path.startsWith('/admin/digests')) {
        res.status(503).setHeader('Retry-After', '1').json({ title: 'Starting', status: 503, detail: 'The bot is starting; try again in a moment.' });
        return;
      }
      next();
    },
    async attach(services, options) {
      const deps = botDeps(
        {
          store: services.store,
          logger: services.logger.child({ component: 'bot' }),
          access: services.access,
          policy: () => services.policies.current().policy,
          loadLog: (info) => services.logs.get(info),
          now: options?.now,
        },
        config,
      );
      // Digest sends report to readiness (botConnector: degraded while the connector refuses them).
      const hooks = {
        ...options?.hooks,
        onSendOutcome: (ok: boolean, key: LedgerKey, reason?: string) => {
          options?.hooks?.onSendOutcome?.(ok, key, reason);
          services.readiness.report('botConnector', ok, ok ? '' : `a digest for ${key.recipient} could not be sent: ${reason ?? 'unknown error'}`);
        },
      };
      runtime = new BotRuntime(deps, { ...options, hooks });
      router = botRouter(runtime, { keys: services.keys, access: services.access });
      await runtime.start();
      return runtime;
    },
    async stop() {
      await runtime?.stop();
    },
  };
}
