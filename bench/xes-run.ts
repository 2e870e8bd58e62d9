/**
 * The XES import figure, in a process of its own so that its peak RSS is the XES importer's
 * and not the CSV run's.
 *
 *   node --expose-gc --import tsx bench/xes-run.ts --xes FILE.xes.gz --events N --seed S --out RESULT.json
 */
import { renameSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { importXes } from '../api/adapters/import/index.ts';
import { caseCount } from '../api/engine/index.ts';
import { peakRssMb, seconds, timedAsync } from './measure.ts';
import type { XesResult } from './result.ts';

const { values } = parseArgs({
  options: { xes: { type: 'string' }, events: { type: 'string' }, seed: { type: 'string' }, out: { type: 'string' } },
});
if (!values.xes || !values.out || !values.events) {
  process.stderr.write('usage: xes-run.ts --xes FILE.xes.gz --events N --seed S --out RESULT.json\n');
  process.exit(2);
}
const out = values.out;
const result: XesResult = {
  kind: 'xes',
  target: Number(values.events),
  seed: Number(values.seed ?? Number.NaN),
  file: values.xes,
  stage: 'import',
  figures: {},
  info: { node: process.version, loadAvgStart: loadavg().map((l) => l.toFixed(2)).join(' ') },
};
const save = () => writeAtomically(out, JSON.stringify(result, null, 1));
save();
try {
  result.figures.xesGzMB = statSync(values.xes).size / (1024 * 1024);
  const imported = await timedAsync(() => importXes(values.xes!));
  result.figures.events = imported.value.rows;
  result.figures.cases = caseCount(imported.value.log);
  result.figures.xesImportS = seconds(imported.ms);
  result.figures.xesEventsPerS = imported.value.rows / seconds(imported.ms);
  result.figures.xesPeakRssMB = peakRssMb();
  result.stage = 'done';
} catch (error) {
  result.error = error instanceof Error ? (error.stack ?? error.message) : String(error);
  process.exitCode = 1;
}
save();

/** A child killed mid-write must not leave half a JSON file for the parent. */
function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
}
