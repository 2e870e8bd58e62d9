/**
 * `npm run bench [-- --sizes 1e4,1e5,1e6,5e6,1e7 --seed 20240601 --repeat 5 --quick --no-doc]`
 *
 * Generates the inputs once per size (bench/out, reused while the generator is unchanged),
 * runs each size in its own child process (bench/size-run.ts) and the XES import at 10^6 in
 * another (bench/xes-run.ts), prints a table, writes bench/out/results-<date>.json and
 * rewrites the engine section of docs/PERFORMANCE.md.
 */
import { readFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { runChild, type ChildOutcome } from './child.ts';
import { BENCH_DIR, OUT_DIR, REPO_DIR, ensureCsv, ensureXes, generatorFingerprint } from './inputs.ts';
import { OptionError, XES_SIZE, parseOptions } from './options.ts';
import { consoleTable, sizeLabel, writeEngineSection, type BenchReport, type Machine, type SizeOutcome, type XesOutcome } from './report.ts';
import type { SizeResult, XesResult } from './result.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);
const load = () => loadavg().map((l) => l.toFixed(2)).join(' ');

let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof OptionError)) throw error;
  process.stderr.write(`${error.message}\n`);
  process.exit(2);
}

await mkdir(OUT_DIR, { recursive: true });
const startedAt = new Date();
const loadAvgStart = load();
say(`bench: sizes ${options.sizes.map(sizeLabel).join(', ')}, seed ${options.seed}, repeat ${options.repeat}; load average ${loadAvgStart}`);

const sizes: SizeOutcome[] = [];
let xes: XesOutcome | null = null;
let duckdb = { version: '?', threads: 0 };
for (const target of options.sizes) {
  const csv = await ensureCsv(OUT_DIR, target, options.seed, say);
  await calm(options.maxLoad, options.maxWaitMinutes);
  say(`\n${sizeLabel(target)} events (load average ${load()})`);
  const resultFile = join(OUT_DIR, `size-${target}.json`);
  await rm(resultFile, { force: true });
  const outcome = await runChild<SizeResult>(
    join(BENCH_DIR, 'size-run.ts'),
    ['--csv', csv, '--events', String(target), '--seed', String(options.seed), '--repeat', String(options.repeat), '--out', resultFile],
    resultFile,
    { timeoutMs: options.timeoutMinutes * 60_000 },
  );
  const failure = failureOf(outcome, options.timeoutMinutes);
  if (failure) say(`  ${failure}`);
  sizes.push({ target, result: outcome.result, failure, wallS: outcome.wallS });
  if (outcome.result?.info.duckdb) duckdb = { version: String(outcome.result.info.duckdb), threads: Number(outcome.result.info.duckdbThreads) };

  if (target === XES_SIZE) {
    const xesFile = await ensureXes(OUT_DIR, target, options.seed, say);
    await calm(options.maxLoad, options.maxWaitMinutes);
    say(`XES.gz import at ${sizeLabel(target)} (load average ${load()})`);
    const xesResult = join(OUT_DIR, `xes-${target}.json`);
    await rm(xesResult, { force: true });
    const x = await runChild<XesResult>(
      join(BENCH_DIR, 'xes-run.ts'),
      ['--xes', xesFile, '--events', String(target), '--seed', String(options.seed), '--out', xesResult],
      xesResult,
      { timeoutMs: options.timeoutMinutes * 60_000 },
    );
    xes = { target, result: x.result, failure: failureOf(x, options.timeoutMinutes) };
    if (xes.failure) say(`  ${xes.failure}`);
  }
}

const finishedAt = new Date();
const report: BenchReport = {
  date: startedAt.toISOString().slice(0, 10),
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  machine: machine(duckdb),
  options: { sizes: options.sizes, seed: options.seed, repeat: options.repeat },
  generator: generatorFingerprint(),
  loadAvgStart,
  loadAvgEnd: load(),
  sizes,
  xes,
};

say(`\n${consoleTable(report)}`);
// The date alone would let a quick run clobber the day's full run.
const stamp = startedAt.toISOString().slice(0, 16).replace(':', '');
const resultsPath = join(OUT_DIR, `results-${stamp}${options.quick ? '-quick' : ''}.json`);
await writeFile(resultsPath, `${JSON.stringify(report, null, 1)}\n`);
say(`\nresults: ${resultsPath}`);
if (options.writeDoc) {
  const doc = join(REPO_DIR, 'docs', 'PERFORMANCE.md');
  writeEngineSection(doc, report);
  say(`doc: ${doc} (engine section)`);
} else {
  say(`doc: left alone (${options.quick ? 'quick run; --doc writes it' : '--no-doc'})`);
}
if (sizes.some((o) => o.failure) || xes?.failure) process.exitCode = 1;

/** Waits until the 1-minute load average is below `maxLoad`, or gives up after `maxWaitMinutes`. */
async function calm(maxLoad: number | null, maxWaitMinutes: number): Promise<void> {
  if (maxLoad === null || loadavg()[0] < maxLoad) return;
  say(`waiting for the load average (${load()}) to drop below ${maxLoad}, at most ${maxWaitMinutes} min`);
  const until = Date.now() + maxWaitMinutes * 60_000;
  while (loadavg()[0] >= maxLoad && Date.now() < until) await new Promise((r) => setTimeout(r, 5000));
  if (loadavg()[0] >= maxLoad) say(`  still ${load()}: measuring anyway`);
}

function failureOf(outcome: ChildOutcome<SizeResult | XesResult>, timeoutMinutes: number): string | null {
  const stage = outcome.result?.stage;
  const where = stage && stage !== 'done' ? ` during "${stage}"` : '';
  const peak = outcome.result?.figures.peakRssMB;
  const at = peak === undefined ? '' : ` (peak RSS ${peak.toFixed(0)} MB so far)`;
  if (outcome.timedOut) return `stopped after ${timeoutMinutes} min${where}${at}`;
  if (outcome.result?.error) return `failed${where}: ${outcome.result.error.split('\n')[0]}`;
  if (outcome.exitCode !== 0) return `child exited with ${outcome.signal ?? `code ${outcome.exitCode}`}${where}${at}`;
  if (outcome.result?.stage !== 'done') return `child ended${where} without a result`;
  return null;
}

function machine(db: { version: string; threads: number }): Machine {
  let cpu = cpus()[0]?.model ?? 'unknown CPU';
  try {
    const line = readFileSync('/proc/cpuinfo', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('model name'));
    if (line) cpu = line.split(':')[1].trim();
  } catch {
    // Not Linux: os.cpus() has the model too.
  }
  return {
    cpu,
    cores: cpus().length,
    ramGB: Math.round(totalmem() / 2 ** 30),
    os: `${osType()} ${release()}`,
    node: process.version,
    duckdb: db.version,
    duckdbThreads: db.threads,
  };
}
