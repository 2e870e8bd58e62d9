import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { REPO_DIR } from './inputs.ts';

/** The flags `npm run bench` gives itself, so a child measures under the same heap limit. */
export const CHILD_NODE_FLAGS = ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx'];

export interface ChildOutcome<T> {
  /** What the child last wrote to its result file; undefined when it wrote nothing. */
  readonly result: T | undefined;
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly wallS: number;
}

/**
 * Runs a benchmark script in a fresh Node process and reads the JSON it leaves in `resultFile`.
 * The child's stderr (its progress lines) goes to `onStderr`, or straight through.
 */
export function runChild<T>(
  script: string,
  args: readonly string[],
  resultFile: string,
  options: { timeoutMs?: number; onStderr?: (text: string) => void } = {},
): Promise<ChildOutcome<T>> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...CHILD_NODE_FLAGS, script, ...args], {
      cwd: REPO_DIR,
      stdio: ['ignore', 'inherit', options.onStderr ? 'pipe' : 'inherit'],
    });
    if (options.onStderr) child.stderr?.on('data', (chunk: Buffer) => options.onStderr!(chunk.toString('utf8')));
    let timedOut = false;
    const timer =
      options.timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            timedOut = true;
            child.kill('SIGKILL');
          }, options.timeoutMs);
    child.on('error', (error) => {
      if (timer) clearTimeout(timer);
      reject(error);
    });
    child.on('close', (exitCode, signal) => {
      if (timer) clearTimeout(timer);
      let result: T | undefined;
      if (existsSync(resultFile)) {
        try {
          result = JSON.parse(readFileSync(resultFile, 'utf8')) as T;
        } catch {
          // Killed mid-write: as if it had written nothing.
        }
      }
      resolve({ result, exitCode, signal, timedOut, wallS: (performance.now() - started) / 1000 });
    });
  });
}
