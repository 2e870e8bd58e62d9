import { readFileSync } from 'node:fs';
import { pino } from 'pino';
import { botMount } from '../bot/index.ts';
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
    await bot.attach(running.services);
  } catch (error) {
    // The API and the tab do not depend on the bot: keep serving them, the bot answers 503.
    logger.error({ err: error }, 'the bot could not start');
  }
  logger.info({ url: `${running.url}/`, dataDir: config.dataDir, auth: config.auth.mode }, 'Collections Lens is running');
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // Past the grace time plus a margin something is stuck: exit anyway.
    setTimeout(() => process.exit(1), config.shutdownGraceMs + 5_000).unref();
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
