import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { pino } from 'pino';
import { build } from 'vite';
import { issueLocalToken } from '../../api/auth/issue-token.ts';
import type { Role } from '../../api/auth/roles.ts';
import { configFromEnv } from '../../api/server/config.ts';
import { startServer, type RunningServer } from '../../api/server/start.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const ARTIFACTS = resolve('test-artifacts');

/** Fails loudly instead of skipping: the browser tests are part of `npm test`. */
export function requireChromium(): void {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Debian's Chromium is missing at ${CHROMIUM}: run \`apt-get install -y chromium\` (as root) and run the tests again. The browser tests never download a browser.`);
  }
}

export interface BundleSize {
  /** Scripts and styles index.html loads before anything renders (entry + modulepreloads). */
  readonly initialBytes: number;
  readonly initialGzipBytes: number;
  /** Every JS and CSS file of the build but the ELK worker. */
  readonly totalBytes: number;
  readonly totalGzipBytes: number;
  /** The layout engine, loaded in a web worker when the first map is laid out. */
  readonly elkWorkerBytes: number;
  readonly elkWorkerGzipBytes: number;
  readonly files: readonly { readonly name: string; readonly bytes: number; readonly gzipBytes: number }[];
}

/** Builds the tab with the project's Vite config into a fresh folder, so the test serves exactly this code. */
export async function buildTab(outDir: string): Promise<BundleSize> {
  // vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: resolve('tabs/vite.config.ts'), mode: 'production', logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  } finally {
    process.env.NODE_ENV = nodeEnv;
  }
  const assets = join(outDir, 'assets');
  const files = readdirSync(assets)
    .filter((f) => /\.(js|css)$/.test(f))
    .map((name) => {
      const bytes = readFileSync(join(assets, name));
      return { name, bytes: statSync(join(assets, name)).size, gzipBytes: gzipSync(bytes).length };
    });
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const initialNames = new Set([...html.matchAll(/(?:src|href)="\/assets\/([^"]+\.(?:js|css))"/g)].map((m) => m[1]));
  const sum = (list: typeof files, key: 'bytes' | 'gzipBytes') => list.reduce((s, f) => s + f[key], 0);
  const initial = files.filter((f) => initialNames.has(f.name));
  const worker = files.filter((f) => f.name.startsWith('elk-worker'));
  const rest = files.filter((f) => !f.name.startsWith('elk-worker'));
  return {
    initialBytes: sum(initial, 'bytes'),
    initialGzipBytes: sum(initial, 'gzipBytes'),
    totalBytes: sum(rest, 'bytes'),
    totalGzipBytes: sum(rest, 'gzipBytes'),
    elkWorkerBytes: sum(worker, 'bytes'),
    elkWorkerGzipBytes: sum(worker, 'gzipBytes'),
    files: files.sort((a, b) => b.bytes - a.bytes),
  };
}

export interface TabServer {
  readonly url: string;
  readonly dataDir: string;
  readonly running: RunningServer;
  readonly bundle: BundleSize;
  readonly logId: string;
  token(user: string, role: Role, team?: string): Promise<string>;
  api<T>(path: string, token: string): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The real server (the API's own startServer) on an ephemeral port, a fresh data folder filled
 * with the default sample, serving a fresh build of the tab.
 */
export async function startTabServer(): Promise<TabServer> {
  const root = mkdtempSync(join(tmpdir(), 'cl-tab-'));
  const dataDir = join(root, 'data');
  const tabDir = join(root, 'tab');
  const bundle = await buildTab(tabDir);
  const config = configFromEnv({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', TAB_DIR: tabDir, LOG_LEVEL: 'warn' });
  const running = await startServer(config, pino({ level: 'warn' }), '0.0.0-tab-test');
  const token = (user: string, role: Role, team?: string) => issueLocalToken(dataDir, { user, role, team });
  const api = async <T>(path: string, bearer: string): Promise<T> => {
    const response = await fetch(`${running.url}${path}`, { headers: { authorization: `Bearer ${bearer}` } });
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  const executive = await token('Rachel Goldberg', 'executive');
  const logs = await api<{ logs: { id: string }[] }>('/api/logs', executive);
  return {
    url: running.url,
    dataDir,
    running,
    bundle,
    logId: logs.logs[0].id,
    token,
    api,
    stop: async () => {
      await running.stop();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export async function launchChromium(): Promise<Browser> {
  requireChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
}

/** A browser tab already signed in (the local token in session storage, as after the sign-in form). */
export async function signedInPage(browser: Browser, token: string, options: { width?: number; height?: number; colorScheme?: 'light' | 'dark' } = {}): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1440, height: options.height ?? 960 }, colorScheme: options.colorScheme ?? 'light', locale: 'en-US' });
  await context.addInitScript((t) => window.sessionStorage.setItem('collections-lens.local-token', t), token);
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { context, page, errors };
}

/** Waits until the process map has been laid out and drawn. */
export async function mapDrawn(page: Page): Promise<void> {
  await page.waitForSelector('[data-testid="process-map"][data-laid-out="true"] [data-node]', { timeout: 30_000 });
}

export async function screenshot(page: Page, name: string, fullPage = false): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const path = join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path, fullPage });
  return path;
}

export function writeArtifact(name: string, value: unknown): void {
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, name), `${JSON.stringify(value, null, 2)}\n`);
}
