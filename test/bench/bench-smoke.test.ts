import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runChild } from '../../bench/child.ts';
import { BENCH_DIR, ensureCsv } from '../../bench/inputs.ts';
import { END_MARKER, START_MARKER, writeEngineSection, type BenchReport } from '../../bench/report.ts';
import type { SizeResult } from '../../bench/result.ts';

// Correctness of the benchmark, never its times: timings on a shared 2-core machine are noise.
describe('npm run bench', () => {
  const dirs: string[] = [];
  const tempDir = async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-smoke-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(async () => {
    for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  });

  it('runs a size end to end: every figure a finite number, the SQL baseline agreeing with the engine', async () => {
    const dir = await tempDir();
    const csv = await ensureCsv(dir, 10_000, 7);
    const out = join(dir, 'size.json');
    let stderr = '';
    const outcome = await runChild<SizeResult>(join(BENCH_DIR, 'size-run.ts'), ['--csv', csv, '--events', '10000', '--seed', '7', '--repeat', '2', '--out', out], out, {
      onStderr: (text) => void (stderr += text),
    });
    expect(outcome.result?.error, stderr).toBeUndefined();
    expect(outcome.exitCode, stderr).toBe(0);
    const result = outcome.result!;
    expect(result.stage).toBe('done');

    const figures = result.figures;
    for (const name of [
      'importS', 'importEventsPerS', 'prepareS', 'duckReadCsvS', 'mapColdS', 'mapWarmS', 'filterS', 'conformanceFirstS',
      'kpisFirstS', 'sqlS', 'rawComparableWarmS', 'speedupVsSql', 'enginePeakRssMB', 'processPeakRssMB',
    ]) {
      expect(figures, name).toHaveProperty(name);
    }
    for (const [name, value] of Object.entries(figures)) expect(Number.isFinite(value), `${name} = ${value}`).toBe(true);
    expect(figures.events).toBeGreaterThanOrEqual(10_000);
    expect(figures.duckRows).toBe(figures.events);

    const c = result.crossCheck;
    expect(c.engineEdges).toBeGreaterThan(0);
    expect(c.sqlEdges).toBe(c.engineEdges);
    expect(c.engineVariants).toBeGreaterThan(0);
    expect(c.sqlVariants).toBe(c.engineVariants);
    expect(c.sqlCases).toBe(c.engineCases);
    expect(c.sqlMeanDurationMs).toBeCloseTo(c.engineMeanDurationMs, 0);
  });

  it('rewrites only its own section of docs/PERFORMANCE.md and keeps the written notes', async () => {
    const doc = join(await tempDir(), 'PERFORMANCE.md');
    const report: BenchReport = {
      date: '2024-06-01',
      startedAt: '2024-06-01T00:00:00Z',
      finishedAt: '2024-06-01T00:01:00Z',
      machine: { cpu: 'cpu', cores: 2, ramGB: 24, os: 'Linux', node: 'v20', duckdb: 'v1', duckdbThreads: 2 },
      options: { sizes: [1e4], seed: 1, repeat: 1 },
      generator: 'x',
      loadAvgStart: '0 0 0',
      loadAvgEnd: '0 0 0',
      sizes: [{ target: 1e4, result: undefined, failure: 'killed', wallS: 1 }],
      xes: null,
    };
    await writeFile(doc, `# Performance\n\nintro\n\n${START_MARKER}\nold figures\n<!-- bench:engine:notes:start -->\nmy analysis\n<!-- bench:engine:notes:end -->\n${END_MARKER}\n\n## API under load\n\ntheirs\n`);
    writeEngineSection(doc, report);
    const text = await readFile(doc, 'utf8');
    expect(text.startsWith('# Performance\n\nintro\n\n')).toBe(true);
    expect(text.endsWith(`${END_MARKER}\n\n## API under load\n\ntheirs\n`)).toBe(true);
    expect(text).not.toContain('old figures');
    expect(text).toContain('my analysis');
    expect(text).toContain('killed');
  });
});
