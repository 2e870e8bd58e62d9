import { resolve } from 'node:path';

/** Everything the process reads from its environment, in one place. */
export interface ServerConfig {
  readonly port: number;
  readonly host: string;
  readonly dataDir: string;
  /** Load the bundled sample into an empty store at start (default on). */
  readonly loadSample: boolean;
  readonly sampleEvents: number;
  readonly logLevel: string;
}

export function configFromEnv(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const port = env.PORT === undefined || env.PORT === '' ? 3978 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number (0-65535), found "${env.PORT}"`);
  const sampleEvents = env.SAMPLE_EVENTS ? Number(env.SAMPLE_EVENTS) : 60_000;
  if (!Number.isInteger(sampleEvents) || sampleEvents < 1000) throw new Error(`SAMPLE_EVENTS must be a whole number ≥ 1000, found "${env.SAMPLE_EVENTS}"`);
  return {
    port,
    host: env.HOST || '127.0.0.1',
    dataDir: resolve(env.DATA_DIR || './data'),
    loadSample: env.LOAD_SAMPLE !== 'false',
    sampleEvents,
    logLevel: env.LOG_LEVEL || 'info',
  };
}
