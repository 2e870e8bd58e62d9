import { parseArgs } from 'node:util';
import { basename } from 'node:path';
import { importFile } from '../adapters/import/index.ts';
import { ImportError } from '../adapters/import/import-error.ts';
import { prepareLog } from '../engine/prepare.ts';
import { summarizeLog, type LogSummary } from '../engine/statistics/summary.ts';
import { formatCount, formatDuration, formatInstant, formatShare } from './format.ts';
import { IMPORT_FLAGS, IMPORT_USAGE, importOptionsFrom } from './import-args.ts';
import { analyse, analyticsJson, analyticsText, loadPolicy, PolicyFileError } from './mine-analytics.ts';
import { progressPrinter } from './progress.ts';

const USAGE = `Usage: npm run --silent mine -- FILE [options]

Mines an event log file in memory (no store needed) and prints what it finds.

  --raw                    every row / XES event is one event: no lifecycle merging, no derived events
  --json                   one JSON object on stdout instead of the readable summary
  --policy FILE            dunning policy (JSON, docs/POLICY.md) to check against; default: the domain reference's
${IMPORT_USAGE}
  -h, --help               this text`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { ...IMPORT_FLAGS, raw: { type: 'boolean' }, json: { type: 'boolean' }, policy: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help || positionals.length !== 1) {
    (values.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const file = positionals[0];
  const policy = await loadPolicy(values.policy);
  const progress = progressPrinter(`Reading ${basename(file)}`);
  const options = await importOptionsFrom(values);
  const imported = await importFile(file, {
    ...options,
    onProgress: (p) => progress.update(p.bytesRead, p.totalBytes, `${formatCount(p.events)} events`),
  });
  progress.finish();
  const prepared = prepareLog(imported.log, { raw: values.raw === true, consume: true });
  const summary = summarizeLog(prepared.log);
  const analytics = analyse(prepared.log, policy);
  if (values.json) {
    process.stdout.write(`${JSON.stringify({ ...summary, ...analyticsJson(analytics) })}\n`);
  } else {
    const text = readable(basename(file), summary, prepared.log.lastDataUpdate, [...imported.warnings, ...prepared.notes]);
    process.stdout.write(`${text}${analyticsText(prepared.log, analytics).join('\n')}\n`);
  }
  return 0;
}

function readable(name: string, s: LogSummary, asOf: number, notes: readonly string[]): string {
  const lines: string[] = [];
  lines.push(`${name}: ${formatCount(s.cases)} invoices, ${formatCount(s.events)} events, ${s.activities} activities, ${formatCount(s.variants)} variants`);
  lines.push(`As of ${formatInstant(asOf)}. Invoice duration: mean ${formatDuration(s.caseDurationSeconds.mean)}, median ${formatDuration(s.caseDurationSeconds.median)}.`);
  for (const note of notes) lines.push(`  note: ${note}`);
  lines.push('', 'Most frequent paths (variants):');
  for (const [i, v] of s.topVariants.slice(0, 5).entries()) {
    lines.push(`  ${String(i + 1).padStart(2)}. ${formatShare(v.count, s.cases).padStart(6)}  ${v.activities.join(' → ')}`);
  }
  lines.push('', 'Busiest steps:');
  for (const edge of s.dfg.slice(0, 8)) {
    lines.push(`  ${formatCount(edge.count).padStart(9)}×  ${edge.from} → ${edge.to}  (median wait ${formatDuration(edge.medianSeconds)})`);
  }
  lines.push('', 'Where invoices wait longest (total waiting time):');
  for (const b of s.bottlenecks.slice(0, 5)) {
    lines.push(`  ${formatDuration(b.totalWaitSeconds).padStart(14)}  ${b.from} → ${b.to}  (${formatCount(b.cases)} invoices, mean ${formatDuration(b.meanWaitSeconds)})`);
  }
  return `${lines.join('\n')}\n`;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof ImportError) process.stderr.write(`Cannot read the file: ${error.message}\n`);
    else process.stderr.write(`mine: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof ImportError || error instanceof PolicyFileError ? 2 : 1;
  },
);
