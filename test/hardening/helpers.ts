import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { pino, type Logger } from 'pino';
import { afterAll, expect } from 'vitest';
import { configFromEnv } from '../../api/server/config.ts';
import { startServer, type RunningServer } from '../../api/server/start.ts';
import { botConfigFromEnv } from '../../bot/config.ts';
import { botMount, type BotMount } from '../../bot/index.ts';
import type { BotRuntime, RuntimeOptions } from '../../bot/runtime.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export function tempDir(prefix: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A pino logger whose lines are kept (parsed) for the test to read. */
export function capturedLogger(level = 'debug'): { logger: Logger; lines: Record<string, unknown>[]; text: () => string } {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      callback();
    },
  });
  return { logger: pino({ level }, sink), lines, text: () => lines.map((l) => JSON.stringify(l)).join('\n') };
}

export interface InProcessServer {
  readonly url: string;
  readonly dataDir: string;
  readonly running: RunningServer;
  readonly bot: BotMount | null;
  /** The bot's runtime (digest runs), when the bot is mounted. */
  readonly botRuntime: BotRuntime | null;
  stop(): Promise<void>;
}

/**
 * The API process as api/main.ts builds it (startServer, and the bot mounted ahead of the API),
 * in this process, on an ephemeral port, with a real DuckDB store in `dataDir`.
 */
export async function startInProcess(
  dataDir: string,
  env: Record<string, string> = {},
  options: { bot?: boolean; botEnv?: Record<string, string>; runtime?: RuntimeOptions; logger?: Logger } = {},
): Promise<InProcessServer> {
  const config = configFromEnv({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SAMPLE_EVENTS: '5000', TAB_DIR: join(dataDir, 'no-tab'), LOG_LEVEL: 'silent', ...env });
  const logger = options.logger ?? pino({ level: 'silent' });
  const bot = options.bot ? botMount(botConfigFromEnv({ DIGEST_ENABLED: 'false', ...options.botEnv })) : null;
  const running = await startServer(config, logger, '0.0.0-hardening', { mounts: bot ? [bot] : [] });
  const botRuntime = bot ? await bot.attach(running.services, options.runtime) : null;
  return {
    url: running.url,
    dataDir,
    running,
    bot,
    botRuntime,
    stop: async () => {
      await bot?.stop();
      await running.stop();
    },
  };
}

/** The real entry point (`node --import tsx api/main.ts`) as a child process. */
export interface ChildServer {
  readonly process: ChildProcess;
  /** Set once the server logged that it runs. */
  url: string;
  readonly stdout: string[];
  readonly stderr: string[];
  /** Resolves with how the process ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM (graceful), then wait for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The parsed JSON log lines so far. */
  logLines(): Record<string, unknown>[];
}

/**
 * Starts api/main.ts with `env` (on top of a quiet, local, tab-less configuration) and waits for
 * its "Collections Lens is running" line, or for it to die first (a crash test may kill it
 * before it is up; then `url` stays empty).
 */
export async function startChild(env: Record<string, string>, options: { waitForUrl?: boolean } = {}): Promise<ChildServer> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      TAB_DIR: join(env.DATA_DIR ?? tmpdir(), 'no-tab'),
      ANALYSIS_WORKERS: '0',
      DIGEST_ENABLED: 'false',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  const stderr: string[] = [];
  let pending = '';
  const server: ChildServer = {
    process: child,
    url: '',
    stdout,
    stderr,
    exited: new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal }))),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return server.exited;
    },
    logLines: () =>
      stdout.flatMap((line) => {
        try {
          return [JSON.parse(line) as Record<string, unknown>];
        } catch {
          return [];
        }
      }),
  };
  const up = new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      pending += chunk.toString('utf8');
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        stdout.push(line);
        if (line.includes('Collections Lens is running')) {
          server.url = String((JSON.parse(line) as { url: string }).url).replace(/\/$/, '');
          resolve();
        }
      }
    });
    void server.exited.then(() => resolve());
  });
  child.stderr!.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));
  if (options.waitForUrl !== false) await up;
  return server;
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function waitUntil<T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A data folder and the real server processes a crash test starts on it, each with `baseEnv`
 * plus its own; all stopped and the folder removed after the test file.
 */
export function childServersOn(prefix: string, baseEnv: Record<string, string>): { dir: string; start(env?: Record<string, string>): Promise<ChildServer> } {
  const temp = tempDir(prefix);
  const children: ChildServer[] = [];
  afterAll(async () => {
    for (const child of children) await child.stop();
    temp.remove();
  });
  return {
    dir: temp.dir,
    async start(env = {}) {
      const child = await startChild({ DATA_DIR: temp.dir, ...baseEnv, ...env });
      children.push(child);
      expect(child.url, child.stderr.join('')).not.toBe('');
      return child;
    },
  };
}
