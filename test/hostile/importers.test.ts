import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ImportError, importFile, type ImportResult } from '../../api/adapters/import/index.ts';
import { runCli } from '../helpers/run-cli.ts';
import { CORPUS, corpusSize, type HostileEntry } from './corpus.ts';

const dir = mkdtempSync(join(tmpdir(), 'cl-hostile-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Growth of the resident set over the import, sampled while it runs. Memory, not time. */
const MAX_GROWTH_BYTES = 500 * 1024 * 1024;

interface Outcome {
  readonly result?: ImportResult;
  readonly error?: unknown;
  readonly growth: number;
}

async function importWatched(path: string, entry: HostileEntry): Promise<Outcome> {
  const before = process.memoryUsage.rss();
  let peak = before;
  const sample = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 5);
  try {
    const result = await importFile(path, entry.options);
    return { result, growth: Math.max(peak, process.memoryUsage.rss()) - before };
  } catch (error) {
    return { error, growth: Math.max(peak, process.memoryUsage.rss()) - before };
  } finally {
    clearInterval(sample);
  }
}

const byName = new Map(CORPUS.map((entry) => [entry.name, entry]));

describe('hostile corpus through importFile (the path of the CLI and of uploads)', () => {
  it('covers every format with the sizes docs/RELIABILITY.md states', () => {
    expect(new Set(CORPUS.map((e) => e.name)).size).toBe(CORPUS.length);
    expect(corpusSize()).toEqual({ csv: 46, xlsx: 16, xes: 28 });
    const expectations: Record<string, number> = {};
    for (const entry of CORPUS) expectations[entry.expect] = (expectations[entry.expect] ?? 0) + 1;
    expect(expectations).toEqual({ error: 76, 'ok-with-warning': 4, ok: 10 });
  });

  it.each(CORPUS.map((entry) => [entry.name, entry] as const))('%s', async (_name, entry) => {
    const path = await entry.make(dir);
    const outcome = await importWatched(path, entry);
    expect(outcome.growth, 'resident memory growth while importing').toBeLessThan(MAX_GROWTH_BYTES);

    if (entry.expect === 'error') {
      // An ImportError and nothing else: a RangeError or a zlib error here is a crash to the user.
      if (!(outcome.error instanceof ImportError)) {
        throw new Error(`expected an ImportError, got ${outcome.error === undefined ? `success (${outcome.result?.rows} rows)` : String((outcome.error as Error)?.stack ?? outcome.error)}`);
      }
      const error = outcome.error;
      expect(error.message.startsWith(basename(path)), error.message).toBe(true);
      expect(error.details.expected.length).toBeGreaterThan(10);
      if (entry.mustMention) expect(error.message).toMatch(entry.mustMention);
      if (entry.where?.row !== undefined) expect(error.details.row, error.message).toBe(entry.where.row);
      if (entry.where?.line !== undefined) expect(error.details.line, error.message).toBe(entry.where.line);
      if (entry.where?.column) expect(error.details.column, error.message).toMatch(entry.where.column);
      // The message is for people: bounded, whatever the file held.
      expect(error.message.length).toBeLessThan(1000);
      return;
    }
    if (outcome.error !== undefined) throw outcome.error;
    const result = outcome.result!;
    if (entry.expect === 'ok-with-warning') {
      expect(result.warnings.some((w) => entry.mustMention!.test(w)), result.warnings.join(' | ')).toBe(true);
    } else {
      expect(result.warnings).toEqual([]);
      expect(result.rows).toBeGreaterThan(0);
    }
  });

  it('reads the benign oddities as the plain file: BOMs, UTF-16 and mixed line ends change nothing', async () => {
    const reference = await importFile(await byName.get('csv/mixed-line-ends')!.make(dir));
    for (const name of ['csv/utf8-bom', 'csv/utf16le-bom', 'csv/utf16be-bom', 'csv/utf16le-without-bom']) {
      const other = await importFile(await byName.get(name)!.make(dir));
      expect(other.log.caseIds, name).toEqual(reference.log.caseIds);
      expect([...other.log.time], name).toEqual([...reference.log.time]);
      expect(other.log.activities, name).toEqual(reference.log.activities);
    }
  });
});

describe('hostile files through the mine CLI', () => {
  const names = ['csv/ambiguous-date', 'csv/10mb-quoted-field', 'xlsx/zip-bomb', 'xes/gzip-bomb', 'xes/xxe'];

  it('exits with 2 and says which file and what, without a stack trace', async () => {
    const entries = names.map((name) => byName.get(name)!);
    const paths = await Promise.all(entries.map((entry) => entry.make(dir)));
    const runs = await Promise.all(paths.map((path) => runCli('mine', [path])));
    runs.forEach((run, i) => {
      const entry = entries[i];
      expect(run.code, `${entry.name}: ${run.stderr}`).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`^Cannot read the file: ${basename(paths[i]).replace(/\./g, '\\.')}`));
      if (entry.mustMention) expect(run.stderr).toMatch(entry.mustMention);
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(run.stdout).toBe('');
    });
  });
});
