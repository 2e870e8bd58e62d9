import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { botMount } from '../bot/index.ts';
import { crashPoint } from './adapters/crash-point.ts';
import type { ScheduledSync } from './adapters/dynamics/index.ts';
import { scheduleDynamicsSync } from './server/dynamics-sync.ts';
import { configFromEnv } from './server/config.ts';
import { startServer } from './server/start.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

async function main(): Promise<void> {
  const config = configFromEnv();
  const logger = pino({ level: config.logLevel });
  // The bot's /api/messages has its own authentication, so it is mounted ahead of the API's.
  const bot = botMount();
  const running = await startServer(config, logger, version, { mounts: [bot] });
  try {
    // crashPoint: a no-op unless a crash-safety test sets CLENS_TEST_CRASH_AT (api/adapters/crash-point.ts).
    await bot.attach(running.services, { hooks: { afterSend: () => crashPoint('digest:sent') } });
  } catch (error) {
    // The API and the tab do not depend on the bot: keep serving them, the bot answers 503.
    logger.error({ err: error }, 'the bot could not start');
  }
  let sync: ScheduledSync | undefined;
  try {
    sync = await scheduleDynamicsSync(running.services, logger);
  } catch (error) {
    // SYNC_SCHEDULE asks for syncs: a configuration that cannot run them must not start quietly.
    await bot.stop().catch(() => undefined);
    await running.stop();
    throw error;
  }
  logger.info({ url: `${running.url}/`, dataDir: config.dataDir, auth: config.auth.mode }, 'Collections Lens is running');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Past the grace time plus a margin something is stuck: exit anyway.
    setTimeout(() => process.exit(1), config.shutdownGraceMs + 5_000).unref();
    sync?.stop();
    bot
      .stop()
      .catch((error: unknown) => logger.error({ err: error }, 'the bot did not stop cleanly'))
      .then(() => running.stop())
      .then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Collections Lens could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
