import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeCsv } from '../api/adapters/export/csv-writer.ts';
import { writeXes } from '../api/adapters/export/xes-writer.ts';
import { generateSample } from '../api/sample/generator.ts';

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url));
export const OUT_DIR = join(BENCH_DIR, 'out');
export const REPO_DIR = resolve(BENCH_DIR, '..');

/**
 * What the input files depend on besides seed and size: the generator and the writers are
 * still changing, and a file from an older generator would be reused silently under the same
 * name. Hashing their sources puts a new name on a new generator.
 */
let fingerprintMemo: string | undefined;
export function generatorFingerprint(): string {
  if (fingerprintMemo) return fingerprintMemo;
  const hash = createHash('sha1');
  const sampleDir = join(REPO_DIR, 'api/sample');
  const files = [
    ...readdirSync(sampleDir)
      .filter((f) => f.endsWith('.ts'))
      .sort()
      .map((f) => join(sampleDir, f)),
    join(REPO_DIR, 'api/adapters/export/csv-writer.ts'),
    join(REPO_DIR, 'api/adapters/export/xes-writer.ts'),
    join(REPO_DIR, 'api/engine/domain/columns.ts'),
  ];
  for (const file of files) hash.update(basename(file)).update(readFileSync(file));
  fingerprintMemo = hash.digest('hex').slice(0, 8);
  return fingerprintMemo;
}

export function csvPath(dir: string, events: number, seed: number): string {
  return join(dir, `sample-${seed}-${events}-${generatorFingerprint()}.csv`);
}

export function xesPath(dir: string, events: number, seed: number): string {
  return join(dir, `sample-${seed}-${events}-${generatorFingerprint()}.xes.gz`);
}

/** Files of the same seed and size from an older generator: up to 2.4 GB each at 10^7. */
async function removeStale(dir: string, events: number, seed: number, keep: string): Promise<void> {
  const prefix = `sample-${seed}-${events}-`;
  const suffix = keep.endsWith('.xes.gz') ? '.xes.gz' : '.csv';
  for (const name of readdirSync(dir)) {
    if (name.startsWith(prefix) && name.endsWith(suffix) && join(dir, name) !== keep) await rm(join(dir, name), { force: true });
  }
}

/**
 * The generator's CSV for a size, written once and reused: the writers rename a finished
 * `.partial` file into place, so a file under the final name is always complete.
 */
export async function ensureCsv(dir: string, events: number, seed: number, say: (line: string) => void = () => {}): Promise<string> {
  const path = csvPath(dir, events, seed);
  if (existsSync(path)) return path;
  await mkdir(dir, { recursive: true });
  await removeStale(dir, events, seed, path);
  const started = performance.now();
  say(`generating ${path}`);
  await writeCsv(generateSample({ seed, events }), path);
  say(`  ${seconds(performance.now() - started)} s`);
  return path;
}

export async function ensureXes(dir: string, events: number, seed: number, say: (line: string) => void = () => {}): Promise<string> {
  const path = xesPath(dir, events, seed);
  if (existsSync(path)) return path;
  await mkdir(dir, { recursive: true });
  await removeStale(dir, events, seed, path);
  const started = performance.now();
  say(`generating ${path}`);
  await writeXes(generateSample({ seed, events }), path);
  say(`  ${seconds(performance.now() - started)} s`);
  return path;
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(1);
}
