import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { SizeResult, XesResult } from './result.ts';

export interface Machine {
  readonly cpu: string;
  readonly cores: number;
  readonly ramGB: number;
  readonly os: string;
  readonly node: string;
  readonly duckdb: string;
  readonly duckdbThreads: number;
}

export interface BenchReport {
  readonly date: string;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly machine: Machine;
  readonly options: { readonly sizes: readonly number[]; readonly seed: number; readonly repeat: number };
  readonly generator: string;
  /** os.loadavg() (1, 5, 15 min) when the run started and ended. */
  readonly loadAvgStart: string;
  readonly loadAvgEnd: string;
  readonly sizes: readonly SizeOutcome[];
  readonly xes: XesOutcome | null;
}

export interface SizeOutcome {
  readonly target: number;
  readonly result: SizeResult | undefined;
  /** Why the child did not finish (time, memory, an error), or null. */
  readonly failure: string | null;
  readonly wallS: number;
}

export interface XesOutcome {
  readonly target: number;
  readonly result: XesResult | undefined;
  readonly failure: string | null;
}

/** The issues' targets, all at 5×10^6 events. */
export const TARGET_SIZE = 5e6;
export const TARGETS = {
  viewS: 0.3,
  speedup: 10,
  filterS: 0.1,
  loadVsDuck: 1.5,
  peakRssMB: 600,
  analyticsS: 1,
};

// ---- formatting -------------------------------------------------------------------------------

export function sizeLabel(n: number): string {
  const exp = Math.floor(Math.log10(n));
  const mantissa = n / 10 ** exp;
  if (Number.isInteger(mantissa) && exp >= 4) return mantissa === 1 ? `10^${exp}` : `${mantissa}×10^${exp}`;
  return n.toLocaleString('en-US');
}

function num(value: number | undefined, digits = 3): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 100) return value.toFixed(0);
  return Number(value.toPrecision(digits)).toString();
}

function secondsText(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  return value < 0.001 ? '<0.001' : num(value);
}

function perSecond(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '–';
  if (value >= 1e6) return `${num(value / 1e6)}M`;
  return `${num(value / 1e3)}k`;
}

function mb(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : value.toFixed(0);
}

function ratio(value: number | undefined): string {
  return value === undefined || !Number.isFinite(value) ? '–' : `${num(value)}×`;
}

function row(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(head: readonly string[], rows: readonly (readonly string[])[], align?: string): string {
  const rule = align ?? head.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ');
  return [row(head), `| ${rule} |`, ...rows.map(row)].join('\n');
}

const figuresOf = (o: SizeOutcome): Record<string, number> => o.result?.figures ?? {};

function eventsLabel(o: SizeOutcome): string {
  const events = figuresOf(o).events;
  return events === undefined ? sizeLabel(o.target) : `${sizeLabel(o.target)} (${events.toLocaleString('en-US')})`;
}

// ---- console ---------------------------------------------------------------------------------

/** The figures a person running the bench wants to see at a glance. */
export function consoleTable(report: BenchReport): string {
  const head = ['events', 'import s', 'ev/s', 'duck csv s', 'prep s', 'view 1st s', 'view warm s', 'filter s', 'SQL s', 'speed-up', 'conf s', 'KPIs s', 'RSS MB'];
  const lines = report.sizes.map((o) => {
    const f = figuresOf(o);
    return [
      sizeLabel(o.target),
      secondsText(f.importS),
      perSecond(f.importEventsPerS),
      secondsText(f.duckReadCsvS),
      secondsText(f.prepareS),
      secondsText(f.mapColdS),
      secondsText(f.mapWarmS),
      secondsText(f.filterS),
      secondsText(f.sqlS),
      ratio(f.speedupVsSql),
      secondsText(f.conformanceFirstS),
      secondsText(f.kpisFirstS),
      mb(f.enginePeakRssMB),
    ];
  });
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  const out = [format(head), ...lines.map(format)];
  for (const o of report.sizes) if (o.failure) out.push(`${sizeLabel(o.target)}: ${o.failure}`);
  const xes = report.xes;
  if (xes?.failure) out.push(`XES.gz ${sizeLabel(xes.target)}: ${xes.failure}`);
  else if (xes?.result) {
    const x = xes.result.figures;
    out.push(`XES.gz ${sizeLabel(xes.target)}: ${secondsText(x.xesImportS)} s, ${perSecond(x.xesEventsPerS)} events/s, peak RSS ${mb(x.xesPeakRssMB)} MB`);
  }
  return out.join('\n');
}

// ---- markdown --------------------------------------------------------------------------------

export const START_MARKER = '<!-- bench:engine:start -->';
export const END_MARKER = '<!-- bench:engine:end -->';
const NOTES_START = '<!-- bench:engine:notes:start -->';
const NOTES_END = '<!-- bench:engine:notes:end -->';

const INTRO = `# Performance

Measured speed and memory of Collections Lens. Each section says how its figures were made
and is rewritten by the tool that made them; add sections of your own outside the markers.
`;

const DEFAULT_NOTES = `_Analysis of the figures (profiles, what to fix) goes here; \`npm run bench\` keeps this
block when it rewrites the section._`;

/**
 * The engine section of docs/PERFORMANCE.md. The figures are regenerated on every run; the
 * notes block inside it (the written analysis) is carried over from the previous version.
 */
export function engineSection(report: BenchReport, notes: string): string {
  const m = report.machine;
  const s = report.sizes;
  const out: string[] = [];
  out.push('## Engine benchmark (`npm run bench`)', '');
  out.push(
    `Measured ${report.date} on ${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM (${m.os}), Node ${m.node}, ` +
      `DuckDB ${m.duckdb} (in-memory database, default settings: ${m.duckdbThreads} threads). The machine is shared ` +
      `with other engineers' jobs: load average (1/5/15 min) ${report.loadAvgStart} at the start, ${report.loadAvgEnd} at the end.`,
    '',
    `Input: the sample generator (\`generateSample\`, seed ${report.options.seed}, generator ${report.generator}) written ` +
      'as the template CSV (23 columns, ~240 bytes per event); every size runs in its own Node process ' +
      `(\`--max-old-space-size=8192\`), so each peak RSS is that size's own. Warm figures are medians of ${report.options.repeat} ` +
      'repeats; a full garbage collection runs before each timed block. Times in seconds.',
    '',
  );

  out.push('### Load', '');
  out.push(
    table(
      ['events', 'cases', 'CSV MB', 'importCsv', 'events/s', 'importCsv best of 2', 'DuckDB read_csv best / median', 'import ÷ read_csv (best)', 'prepareLog', 'indexLog', 'events after prepare'],
      s.map((o) => {
        const f = figuresOf(o);
        return [
          eventsLabel(o),
          f.cases?.toLocaleString('en-US') ?? '–',
          mb(f.csvMB),
          secondsText(f.importS),
          perSecond(f.importEventsPerS),
          secondsText(f.importBestS),
          `${secondsText(f.duckReadCsvS)} / ${secondsText(f.duckReadCsvMedianS)}`,
          ratio(f.importVsDuck),
          secondsText(f.prepareS),
          secondsText(f.indexS),
          f.preparedEvents?.toLocaleString('en-US') ?? '–',
        ];
      }),
    ),
    '',
  );
  const x = report.xes;
  if (x) {
    const xf = x.result?.figures ?? {};
    out.push(
      x.failure
        ? `XES import at ${sizeLabel(x.target)} events did not finish: ${x.failure}.`
        : `XES import (\`importXes\`, gzip, ${mb(xf.xesGzMB)} MB) at ${sizeLabel(x.target)} events (${xf.events?.toLocaleString('en-US')}): ` +
            `${secondsText(xf.xesImportS)} s, **${perSecond(xf.xesEventsPerS)} events/s**, peak RSS ${mb(xf.xesPeakRssMB)} MB (own process).`,
      '',
    );
  }
  out.push(
    '`read_csv` is `CREATE TABLE … AS SELECT * FROM read_csv(file)` (all columns, types sniffed) in the same process, after the ' +
      "engine's log is dropped, up to 3 runs. DuckDB reads with every core, so other jobs on the machine slow it more than the " +
      'single-threaded importer; the ratio is therefore best against best (importCsv runs twice: the product path and the ' +
      're-import for the SQL comparison). events/s is from the first import. Loading a log is importCsv, then prepareLog ' +
      '(lifecycle merge, derived events), then indexLog: the per-log indexes every view reads (arcs with their waits ranked, ' +
      'variants, case spans, throughput pairs) and the map of all cases, which the server builds when an analysis worker receives a log.',
    '',
  );

  out.push('### Analyses on the prepared log', '');
  out.push(
    '"View" = map + performance + variants + case durations: `discoverDfg`, `rankBottlenecks`, `throughputTime` for the three ' +
      'domain pairs (dispute resolution, cash application, credit approval), `discoverVariants`, `caseDurations`. "First" is the ' +
      'first view after load (all cases; its map was made by indexLog during the load); "repeat" recomputes over the indexes (each ' +
      'repeat leaves out a different single case, because the map is remembered per selection and an identical request would be a ' +
      'cache hit), so "repeat" is what any other view costs. ' +
      'Filter change = `applyFilters` with a new InvoiceAmount lower bound, then map + variants + durations of the new selection.',
    '',
  );
  out.push(
    table(
      ['events', 'view first', 'view repeat', 'filter change + recompute', 'checkConformance first / repeat', 'computeKpis first / repeat', ...optionalHeads(s)],
      s.map((o) => {
        const f = figuresOf(o);
        return [
          sizeLabel(o.target),
          secondsText(f.mapColdS),
          secondsText(f.mapWarmS),
          secondsText(f.filterS),
          `${secondsText(f.conformanceFirstS)} / ${secondsText(f.conformanceWarmS)}`,
          `${secondsText(f.kpisFirstS)} / ${secondsText(f.kpisWarmS)}`,
          ...optionalCells(s, f),
        ];
      }),
    ),
    '',
  );
  const skipped = [...new Set(s.flatMap((o) => o.result?.skipped ?? []))];
  if (skipped.length > 0) out.push(`Not timed: ${skipped.join('; ')}.`, '');

  out.push('### Engine against a plain DuckDB SQL baseline (same raw events)', '');
  out.push(
    'The SQL: a table (case_id, activity, t = epoch ms, seq = file order); the map by `lead()` over ' +
      '`(PARTITION BY case_id ORDER BY t, seq)` grouped by arc with `count(*)`, `avg(wait)`, `median(wait)`; the variants by ' +
      '`string_agg(activity ORDER BY t, seq)` per case, grouped, with count and mean/median duration; the case durations by ' +
      '`max(t) - min(t)` per case with count, mean, median, min, max. The three queries are timed as a whole, results read into JS. ' +
      'The engine side is its like-for-like part (`discoverDfg` + `discoverVariants` + `caseDurations`) on the raw imported log, ' +
      'which holds exactly the events the SQL sees; edge and variant counts of both are compared.',
    '',
  );
  out.push(
    table(
      ['events', 'engine repeat', 'engine first', 'SQL (median)', 'SQL first run', 'speed-up (repeat)', 'speed-up (first)', 'edges engine / SQL', 'variants engine / SQL'],
      s.map((o) => {
        const f = figuresOf(o);
        const c = o.result?.crossCheck ?? {};
        return [
          sizeLabel(o.target),
          secondsText(f.rawComparableWarmS),
          secondsText(f.rawComparableColdS),
          secondsText(f.sqlS),
          secondsText(f.sqlFirstS),
          ratio(f.speedupVsSql),
          ratio(f.speedupColdVsSql),
          `${c.engineEdges ?? '–'} / ${c.sqlEdges ?? '–'}`,
          `${c.engineVariants ?? '–'} / ${c.sqlVariants ?? '–'}`,
        ];
      }),
    ),
    '',
  );

  out.push('### Memory (peak RSS, MB) and machine load', '');
  out.push(
    table(
      ['events', 'at start (Node + tsx + modules)', 'after load', 'engine (load + all analyses)', 'whole process (+ DuckDB, raw re-import)', 'load average at start / end of the size'],
      s.map((o) => {
        const f = figuresOf(o);
        const info = o.result?.info ?? {};
        return [
          sizeLabel(o.target),
          mb(f.rssAtStartMB),
          mb(f.peakRssLoadMB),
          mb(f.enginePeakRssMB),
          mb(f.processPeakRssMB),
          `${info.loadAvgStart ?? '–'} / ${info.loadAvgEnd ?? '–'}`,
        ];
      }),
    ),
    '',
  );

  const failures = s.filter((o) => o.failure);
  if (failures.length > 0) {
    out.push('### Sizes that did not finish', '');
    for (const o of failures) out.push(`- ${sizeLabel(o.target)}: ${o.failure}`);
    out.push('');
  }

  out.push(...targetsSection(report), '');
  out.push(...breakdown(report), '');
  out.push('### Notes', '', NOTES_START, notes.trim(), NOTES_END);
  return out.join('\n');
}

function optionalNames(s: readonly SizeOutcome[]): string[] {
  const names = new Set<string>();
  for (const o of s) for (const key of Object.keys(figuresOf(o))) if (/^(rootCause|worklist)FirstS$/.test(key)) names.add(key.replace(/FirstS$/, ''));
  return [...names];
}

function optionalHeads(s: readonly SizeOutcome[]): string[] {
  return optionalNames(s).map((n) => `${n} first / repeat`);
}

function optionalCells(s: readonly SizeOutcome[], f: Record<string, number>): string[] {
  return optionalNames(s).map((n) => `${secondsText(f[`${n}FirstS`])} / ${secondsText(f[`${n}WarmS`])}`);
}

function verdict(met: boolean | undefined): string {
  return met === undefined ? 'not measured' : met ? '**met**' : '**not met**';
}

function targetsSection(report: BenchReport): string[] {
  const o = report.sizes.find((x) => x.target === TARGET_SIZE);
  const out = ['### Targets at 5×10^6 events'];
  out.push('');
  if (!o) {
    out.push('5×10^6 was not among the sizes of this run.');
    return out;
  }
  const f = figuresOf(o);
  const check = (value: number | undefined, ok: (v: number) => boolean) => (value === undefined || !Number.isFinite(value) ? undefined : ok(value));
  const rows: string[][] = [
    [
      'map + performance + variants + case durations ≤ 0.3 s after load (first view, all cases)',
      `${secondsText(f.mapColdS)} s`,
      verdict(check(f.mapColdS, (v) => v <= TARGETS.viewS)),
    ],
    ['… the same for any other view (recomputed over the indexes)', `${secondsText(f.mapWarmS)} s`, verdict(check(f.mapWarmS, (v) => v <= TARGETS.viewS))],
    [
      '≥ 10× faster than the DuckDB SQL baseline (like for like, repeat)',
      `${ratio(f.speedupVsSql)} (${secondsText(f.rawComparableWarmS)} s vs ${secondsText(f.sqlS)} s)`,
      verdict(check(f.speedupVsSql, (v) => v >= TARGETS.speedup)),
    ],
    [
      '… first call, index build included',
      `${ratio(f.speedupColdVsSql)} (${secondsText(f.rawComparableColdS)} s)`,
      verdict(check(f.speedupColdVsSql, (v) => v >= TARGETS.speedup)),
    ],
    [
      '… the full prepared-log view (more events, bottlenecks and throughput too) against the same SQL',
      ratio(f.speedupPreparedViewVsSql),
      verdict(check(f.speedupPreparedViewVsSql, (v) => v >= TARGETS.speedup)),
    ],
    ['filter change + recompute ≤ 0.1 s', `${secondsText(f.filterS)} s`, verdict(check(f.filterS, (v) => v <= TARGETS.filterS))],
    [
      'CSV load ≤ 1.5× DuckDB read_csv (importCsv alone)',
      `${ratio(f.importVsDuck)} (${secondsText(f.importBestS)} s vs ${secondsText(f.duckReadCsvS)} s)`,
      verdict(check(f.importVsDuck, (v) => v <= TARGETS.loadVsDuck)),
    ],
    ['… the whole load (importCsv + prepareLog + indexLog) against the same read_csv', ratio(f.loadVsDuck), verdict(check(f.loadVsDuck, (v) => v <= TARGETS.loadVsDuck))],
    ['peak RSS ≤ 600 MB (engine: load + all analyses)', `${mb(f.enginePeakRssMB)} MB`, verdict(check(f.enginePeakRssMB, (v) => v <= TARGETS.peakRssMB))],
    ['checkConformance, default policy ≤ 1 s (first call)', `${secondsText(f.conformanceFirstS)} s`, verdict(check(f.conformanceFirstS, (v) => v <= TARGETS.analyticsS))],
    ['computeKpis, all KPIs ≤ 1 s (first call)', `${secondsText(f.kpisFirstS)} s`, verdict(check(f.kpisFirstS, (v) => v <= TARGETS.analyticsS))],
  ];
  for (const name of optionalNames([o])) {
    rows.push([`${name} ≤ 1 s (first call)`, `${secondsText(f[`${name}FirstS`])} s`, verdict(check(f[`${name}FirstS`], (v) => v <= TARGETS.analyticsS))]);
  }
  out.push(table(['target', 'measured', ''], rows, '--- | ---: | ---'));
  if (o.failure) out.push('', `This size did not finish (${o.failure}); targets without a figure were not measured.`);
  return out;
}

/** Where the time goes at the largest size that finished its analyses. */
function breakdown(report: BenchReport): string[] {
  const done = report.sizes.filter((o) => figuresOf(o).mapColdS !== undefined);
  const o = done.find((x) => x.target === TARGET_SIZE) ?? done.at(-1);
  if (!o) return [];
  const f = figuresOf(o);
  const parts = ['Dfg', 'Bottlenecks', 'Throughput', 'Variants', 'Durations'] as const;
  const out = [`### Where the time goes at ${sizeLabel(o.target)} events`, ''];
  out.push(
    table(
      ['part', 'first view', 'repeat'],
      parts.map((p) => [
        { Dfg: 'discoverDfg', Bottlenecks: 'rankBottlenecks', Throughput: 'throughputTime ×3', Variants: 'discoverVariants', Durations: 'caseDurations' }[p],
        secondsText(f[`mapCold${p}S`]),
        secondsText(f[`mapWarm${p}S`]),
      ]),
      '--- | ---: | ---:',
    ),
    '',
  );
  const toFirstView = (f.importS ?? 0) + (f.prepareS ?? 0) + (f.indexS ?? 0) + (f.mapColdS ?? 0);
  const share = (v: number | undefined) => (v === undefined || toFirstView === 0 ? '–' : `${((100 * v) / toFirstView).toFixed(0)}%`);
  out.push(
    `From file to first map: ${secondsText(toFirstView)} s, of which importCsv ${share(f.importS)}, prepareLog ${share(f.prepareS)}, indexLog ${share(f.indexS)}, ` +
      `the first view ${share(f.mapColdS)}. Filter change: ${secondsText(f.filterApplyS)} s for the filter, ${secondsText(f.filterRecomputeS)} s ` +
      `for the recompute (${f.filterSelectedCases?.toLocaleString('en-US') ?? '–'} cases kept).`,
  );
  return out;
}

/**
 * Rewrites only the text between the engine markers (other engineers own the rest of the
 * file); appends the section when the markers are not there yet, creates the file when needed.
 */
export function writeEngineSection(docPath: string, report: BenchReport): void {
  const current = existsSync(docPath) ? readFileSync(docPath, 'utf8') : INTRO;
  const start = current.indexOf(START_MARKER);
  const end = current.indexOf(END_MARKER);
  const previous = start >= 0 && end > start ? current.slice(start, end) : '';
  const notesAt = previous.indexOf(NOTES_START);
  const notesEnd = previous.indexOf(NOTES_END);
  const notes = notesAt >= 0 && notesEnd > notesAt ? previous.slice(notesAt + NOTES_START.length, notesEnd) : DEFAULT_NOTES;
  const section = `${START_MARKER}\n${engineSection(report, notes)}\n${END_MARKER}`;
  const next =
    start >= 0 && end > start
      ? current.slice(0, start) + section + current.slice(end + END_MARKER.length)
      : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(docPath, next);
}
