import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { pino } from 'pino';
import { Store } from './adapters/store/index.ts';
import { createApp } from './server/app.ts';
import { configFromEnv } from './server/config.ts';
import { loadSampleIfEmpty } from './server/sample-bootstrap.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

async function main(): Promise<void> {
  const config = configFromEnv();
  const logger = pino({ level: config.logLevel });
  const store = await Store.open(config.dataDir);
  if (config.loadSample) await loadSampleIfEmpty(store, logger, config.sampleEvents);
  const app = createApp({ store, logger, version });
  const server: Server = app.listen(config.port, config.host, () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    logger.info({ url: `http://${config.host}:${port}/`, dataDir: config.dataDir }, 'Collections Lens is running');
  });
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      store.close().finally(() => process.exit(0));
    });
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((error: unknown) => {
  process.stderr.write(`Collections Lens could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
