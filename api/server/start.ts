import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { crashPoint } from '../adapters/crash-point.ts';
import { Store } from '../adapters/store/index.ts';
import { createApp, type AppOptions } from './app.ts';
import type { ServerConfig } from './config.ts';
import { loadSampleIfEmpty } from './sample-bootstrap.ts';
import { createServices, type Services } from './services.ts';

export interface RunningServer {
  readonly url: string;
  readonly server: Server;
  readonly services: Services;
  /** Graceful: not ready, no new connections, requests and imports finish (up to the grace time), store closed. */
  stop(): Promise<void>;
}

/** Opens the store, loads the sample into an empty one, and serves the app. */
export async function startServer(config: ServerConfig, logger: Logger, version: string, options: AppOptions = {}): Promise<RunningServer> {
  // crashPoint: a no-op unless a crash-safety test sets CLENS_TEST_CRASH_AT (api/adapters/crash-point.ts).
  const store = await Store.open(config.dataDir, { onSaveStage: (stage) => crashPoint(`save:${stage}`) });
  try {
    if (config.loadSample) await loadSampleIfEmpty(store, logger, config.sampleEvents);
    const services = await createServices(config, store, logger, version);
    const app = createApp(services, options);
    const server = createServer(app);
    // Slow clients must not hold a socket forever; large uploads still have minutes.
    server.requestTimeout = 15 * 60_000;
    server.headersTimeout = 60_000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    services.readiness.state = 'ready';
    const host = config.host.includes(':') ? `[${config.host}]` : config.host;
    return { url: `http://${host}:${port}`, server, services, stop: once(() => shutdown(server, services, config.shutdownGraceMs)) };
  } catch (error) {
    await store.close();
    throw error;
  }
}

async function shutdown(server: Server, services: Services, graceMs: number): Promise<void> {
  services.readiness.state = 'stopping';
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeIdleConnections();
  const deadline = new Promise<void>((resolve) => setTimeout(resolve, graceMs).unref());
  // Imports still reading a file stop; a save already under way completes within the store.
  services.imports.abortAll();
  await Promise.race([Promise.all([closed, services.imports.idle()]), deadline]);
  server.closeAllConnections();
  await services.analysis.close();
  await services.store.close();
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | null = null;
  return () => (running ??= fn());
}
