import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/free-port.ts';
import { runCli } from '../helpers/run-cli.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

async function waitForHealth(url: string, child: ChildProcess, output: () => string): Promise<Response> {
  for (let attempt = 0; attempt < 600; attempt++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${output()}`);
    try {
      const res = await fetch(url);
      if (res.ok) return res;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not answer at ${url}:\n${output()}`);
}

describe('npm start on a fresh data folder', () => {
  let dir = '';
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads the bundled sample into the empty store, serves health and its summary, and stops cleanly', async () => {
    dir = await mkdtemp(join(tmpdir(), 'clens-start-'));
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'api/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), DATA_DIR: dir, SAMPLE_EVENTS: '3000', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout?.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr?.on('data', (b: Buffer) => (output += b.toString()));
    try {
      const base = `http://127.0.0.1:${port}/api`;
      const health = await waitForHealth(`${base}/health`, child, () => output);
      expect(((await health.json()) as { status: string }).status).toBe('ok');
      expect((await fetch(`${base}/logs`)).status).toBe(401);

      const issued = await runCli('token', ['--user', 'Ada Executive', '--role', 'executive'], { DATA_DIR: dir });
      expect(issued.code, issued.stderr).toBe(0);
      const auth = { authorization: `Bearer ${issued.stdout.trim()}` };
      const { logs } = (await (await fetch(`${base}/logs`, { headers: auth })).json()) as { logs: { id: string; events: number }[] };
      expect(logs).toHaveLength(1);
      const summary = (await (await fetch(`${base}/logs/${logs[0].id}/summary`, { headers: auth })).json()) as Record<string, unknown>;
      expect(JSON.stringify(summary)).toContain('Invoice Posted');
    } finally {
      child.kill('SIGTERM');
    }
    const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    expect(code, output).toBe(0);
  });
});
