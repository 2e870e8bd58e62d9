/**
 * One size of the benchmark, in its own process so that its peak RSS is its own.
 *
 *   node --expose-gc --import tsx bench/size-run.ts --csv FILE --events N --seed S --repeat R --out RESULT.json
 *
 * Phase A is the product's path and nothing else: import, prepare, drop the raw log (as the
 * CLI and the server do), then the analyses; the peak RSS after it is the engine's. Phase B
 * is the comparison: DuckDB's read_csv, the SQL baseline, and the engine once more on the raw
 * events the SQL sees (re-imported, so that phase A's memory never held two logs longer than
 * prepareLog itself does).
 */
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { importCsv } from '../api/adapters/import/index.ts';
import { caseCount, checkConformance, computeKpis, eventCount, indexLog, prepareLog, type EventLog } from '../api/engine/index.ts';
import type { BaselineRun } from './duckdb-baseline.ts';
import { measureCall, measureFilterChange, measureView, type ViewTimes } from './engine-work.ts';
import { currentRssMb, median, peakRssMb, seconds, settle, timedAsync, timed } from './measure.ts';
import { optionalAnalyses } from './optional-analytics.ts';
import type { SizeResult } from './result.ts';

const { values } = parseArgs({
  options: {
    csv: { type: 'string' },
    events: { type: 'string' },
    seed: { type: 'string' },
    repeat: { type: 'string', default: '5' },
    out: { type: 'string' },
  },
});
if (!values.csv || !values.out || !values.events) {
  process.stderr.write('usage: size-run.ts --csv FILE --events N --seed S --repeat R --out RESULT.json\n');
  process.exit(2);
}
const csv = values.csv;
const out = values.out;
const repeat = Number(values.repeat);

const result: SizeResult = {
  kind: 'size',
  target: Number(values.events),
  seed: Number(values.seed ?? Number.NaN),
  file: csv,
  stage: 'start',
  figures: {},
  crossCheck: {},
  info: { node: process.version, loadAvgStart: loadavg().map((l) => l.toFixed(2)).join(' ') },
  skipped: [],
};
const f = result.figures;

/** Written after every phase, so a child killed for time or memory still reports how far it got. */
function save(stage: string): void {
  result.stage = stage;
  f.peakRssMB = peakRssMb();
  writeAtomically(out, JSON.stringify(result, null, 1));
  process.stderr.write(`  [${new Date().toISOString().slice(11, 19)}] ${stage}  rss ${currentRssMb().toFixed(0)} MB, peak ${f.peakRssMB.toFixed(0)} MB\n`);
}

function putView(prefix: string, times: ViewTimes): void {
  f[`${prefix}S`] = seconds(times.total);
  f[`${prefix}DfgS`] = seconds(times.dfg);
  f[`${prefix}BottlenecksS`] = seconds(times.bottlenecks);
  f[`${prefix}ThroughputS`] = seconds(times.throughput);
  f[`${prefix}VariantsS`] = seconds(times.variants);
  f[`${prefix}DurationsS`] = seconds(times.durations);
}

/**
 * Phase A in a function of its own: when it returns, nothing references the log any more and
 * the per-log caches (weakly keyed by it) can go too.
 */
async function productPath(): Promise<void> {
  save('import');
  let raw: EventLog | null;
  {
    const imported = await timedAsync(() => importCsv(csv));
    raw = imported.value.log;
    f.events = imported.value.rows;
    f.cases = caseCount(raw);
    f.importS = seconds(imported.ms);
    f.importEventsPerS = imported.value.rows / seconds(imported.ms);
  }
  save('prepare');
  const prepared = timed(() => prepareLog(raw!, { consume: true }));
  const log = prepared.value.log;
  f.prepareS = seconds(prepared.ms);
  f.preparedEvents = eventCount(log);
  // The server indexes a log as part of loading it (indexLog), so the first view
  // after load reads warm indexes; the bench counts that step in the load.
  save('index');
  f.indexS = seconds(timed(() => indexLog(log)).ms);
  f.loadS = f.importS + f.prepareS + f.indexS;
  raw = null;
  settle();
  f.rssAfterLoadMB = currentRssMb();
  f.peakRssLoadMB = peakRssMb();

  save('map');
  const view = measureView(log, repeat);
  putView('mapCold', view.cold);
  putView('mapWarm', view.warm);

  save('filter');
  const filter = measureFilterChange(log, repeat);
  f.filterS = seconds(filter.total);
  f.filterApplyS = seconds(filter.filter);
  f.filterRecomputeS = seconds(filter.recompute);
  f.filterSelectedCases = filter.selectedCases;

  save('conformance');
  const conformance = measureCall(() => checkConformance(log), repeat);
  f.conformanceFirstS = seconds(conformance.first);
  f.conformanceWarmS = seconds(conformance.warm);

  save('kpis');
  const kpis = measureCall(() => computeKpis(log), repeat);
  f.kpisFirstS = seconds(kpis.first);
  f.kpisWarmS = seconds(kpis.warm);

  for (const analysis of await optionalAnalyses()) {
    if (!analysis.run) {
      result.skipped.push(`${analysis.name}: ${analysis.reason}`);
      continue;
    }
    save(analysis.name);
    const run = analysis.run;
    try {
      const measured = measureCall(() => run(log), repeat);
      f[`${analysis.name}FirstS`] = seconds(measured.first);
      f[`${analysis.name}WarmS`] = seconds(measured.warm);
    } catch (error) {
      // Work in progress elsewhere must not cost the figures of everything else.
      result.skipped.push(`${analysis.name}: threw ${(error as Error).message.split('\n')[0]}`);
    }
  }
  settle();
  f.enginePeakRssMB = peakRssMb();
  f.rssAfterEngineMB = currentRssMb();
}

/** Phase B: DuckDB's load and SQL, then the engine on the same raw events the SQL reads. */
async function baselines(): Promise<void> {
  save('duckdb read_csv');
  // Loaded only now: DuckDB's native library in the address space would count in the engine's RSS.
  const { baselineTable, closeDuckDb, openDuckDb, readCsvIntoTable, runBaseline } = await import('./duckdb-baseline.ts');
  settle();
  const db = await openDuckDb();
  try {
    result.info.duckdb = db.version;
    result.info.duckdbThreads = db.threads;
    // DuckDB reads with every core, so other jobs on the machine slow it more than the
    // single-threaded importer: best of a few runs, as the importer gets best of two below.
    const reads: number[] = [];
    for (let r = 0; r < Math.min(repeat, 3); r++) {
      const read = await timedAsync(() => readCsvIntoTable(db, csv));
      reads.push(read.ms);
      f.duckRows = read.value;
    }
    f.duckReadCsvS = seconds(Math.min(...reads));
    f.duckReadCsvMedianS = seconds(median(reads));

    save('sql baseline');
    await baselineTable(db);
    await db.connection.run('DROP TABLE events');
    const sqlRuns: BaselineRun[] = [];
    for (let r = 0; r <= repeat; r++) {
      settle();
      sqlRuns.push(await runBaseline(db));
    }
    const [firstSql, ...warmSql] = sqlRuns;
    f.sqlFirstS = seconds(firstSql.totalMs);
    f.sqlS = seconds(median(warmSql.map((r) => r.totalMs)));
    f.sqlDfgS = seconds(median(warmSql.map((r) => r.dfgMs)));
    f.sqlVariantsS = seconds(median(warmSql.map((r) => r.variantsMs)));
    f.sqlDurationsS = seconds(median(warmSql.map((r) => r.durationsMs)));

    save('engine on raw events');
    const reimport = await timedAsync(() => importCsv(csv));
    f.reimportS = seconds(reimport.ms);
    f.importBestS = Math.min(f.importS, f.reimportS);
    f.importVsDuck = f.importBestS / f.duckReadCsvS;
    f.loadVsDuck = (f.importBestS + f.prepareS + (f.indexS ?? 0)) / f.duckReadCsvS;
    const rawView = measureView(reimport.value.log, repeat);
    putView('rawCold', rawView.cold);
    putView('rawWarm', rawView.warm);
    // Like for like: the SQL computes map, variants and durations, not bottlenecks or throughput.
    const comparable = (t: ViewTimes) => t.dfg + t.variants + t.durations;
    f.rawComparableWarmS = seconds(comparable(rawView.warm));
    f.rawComparableColdS = seconds(comparable(rawView.cold));
    f.speedupVsSql = f.sqlS / f.rawComparableWarmS;
    f.speedupColdVsSql = f.sqlS / f.rawComparableColdS;
    f.speedupPreparedViewVsSql = f.sqlS / f.mapWarmS;

    result.crossCheck.engineEdges = rawView.counts.edges;
    result.crossCheck.sqlEdges = firstSql.edges;
    result.crossCheck.engineVariants = rawView.counts.variants;
    result.crossCheck.sqlVariants = firstSql.variants;
    result.crossCheck.engineCases = rawView.counts.cases;
    result.crossCheck.sqlCases = firstSql.cases;
    result.crossCheck.engineMeanDurationMs = rawView.counts.meanDurationMs;
    result.crossCheck.sqlMeanDurationMs = firstSql.meanDurationMs;
  } finally {
    closeDuckDb(db);
  }
}

try {
  f.csvMB = statSync(csv).size / (1024 * 1024);
  // Node, tsx and the loaded modules before any data: the floor under every RSS figure.
  settle();
  f.rssAtStartMB = currentRssMb();
  await productPath();
  await baselines();
  f.processPeakRssMB = peakRssMb();
  result.info.loadAvgEnd = loadavg().map((l) => l.toFixed(2)).join(' ');
  save('done');
} catch (error) {
  result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  save(result.stage);
  process.exitCode = 1;
}

/** A child killed mid-write must not leave half a JSON file for the parent. */
function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
}
