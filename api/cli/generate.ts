import { basename } from 'node:path';
import { writeCsv } from '../adapters/export/csv-writer.ts';
import type { EventRecord } from '../adapters/export/event-record.ts';
import { writeXes } from '../adapters/export/xes-writer.ts';
import { parseIsoInstant } from '../engine/log/instants.ts';
import { DEFAULT_CUTOFF, DEFAULT_SEED, generateSample } from '../sample/generator.ts';
import { parseFlags, runCommand, usageError } from './command.ts';
import { formatCount, formatInstant } from './format.ts';
import { progressPrinter } from './progress.ts';

const MIN_EVENTS = 1_000;
const MAX_EVENTS = 10_000_000;

const USAGE = `Usage: npm run --silent generate -- --events N --out FILE [--seed S] [--cutoff ISO]

Writes the seeded sample Dynamics 365 credit & collections event log (docs/SAMPLE-DATA.md).

  --events N     target number of events, ${formatCount(MIN_EVENTS)} to ${formatCount(MAX_EVENTS)}; the log ends
                 at the first invoice boundary at or after N
  --out FILE     output file; the format follows the extension: .csv, .xes or .xes.gz
  --seed S       integer seed (default ${DEFAULT_SEED}); the same seed and options give the same file
  --cutoff ISO   the "as of" instant (LastDataUpdate), default ${formatInstant(DEFAULT_CUTOFF)};
                 nothing in the log happens after it
  -h, --help     this text`;

class UsageError extends Error {}

type Format = 'csv' | 'xes';

interface Request {
  readonly events: number;
  readonly out: string;
  readonly format: Format;
  readonly seed: number;
  readonly cutoff: number;
}

function request(values: { events?: string; out?: string; seed?: string; cutoff?: string }): Request {
  if (values.events === undefined) throw new UsageError('--events N is required');
  const events = Number(values.events.replaceAll('_', ''));
  if (!Number.isInteger(events) || events < MIN_EVENTS || events > MAX_EVENTS) {
    throw new UsageError(`--events must be a whole number from ${formatCount(MIN_EVENTS)} to ${formatCount(MAX_EVENTS)}, got '${values.events}'`);
  }
  if (!values.out) throw new UsageError('--out FILE is required');
  const lower = values.out.toLowerCase();
  const format: Format | null = lower.endsWith('.csv') ? 'csv' : lower.endsWith('.xes') || lower.endsWith('.xes.gz') ? 'xes' : null;
  if (!format) throw new UsageError(`--out must end in .csv, .xes or .xes.gz, got '${values.out}'`);
  const seed = values.seed === undefined ? DEFAULT_SEED : Number(values.seed);
  if (!Number.isSafeInteger(seed)) throw new UsageError(`--seed must be an integer, got '${values.seed}'`);
  const cutoff = values.cutoff === undefined ? DEFAULT_CUTOFF : parseIsoInstant(values.cutoff);
  if (Number.isNaN(cutoff)) throw new UsageError(`--cutoff must be an ISO-8601 instant such as 2024-06-30T18:00:00Z, got '${values.cutoff}'`);
  return { events, out: values.out, format, seed, cutoff };
}

/** Passes records through lazily, counting events and invoices and reporting progress. */
function* counted(records: Iterable<EventRecord>, tally: { events: number; invoices: number }, onEvent: () => void): Generator<EventRecord> {
  let invoice: string | undefined;
  for (const record of records) {
    tally.events++;
    if (record.InvoiceNumber !== invoice) {
      invoice = record.InvoiceNumber;
      tally.invoices++;
    }
    if ((tally.events & 0x3fff) === 0) onEvent();
    yield record;
  }
}

async function main(): Promise<number> {
  const flags = parseFlags({ events: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' }, cutoff: { type: 'string' } }, USAGE);
  if ('exitCode' in flags) return flags.exitCode;
  let req: Request;
  try {
    req = request(flags.values);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return usageError(error.message, USAGE);
  }

  const started = performance.now();
  const progress = progressPrinter(`Generating ${basename(req.out)}`);
  const tally = { events: 0, invoices: 0 };
  const records = counted(generateSample({ events: req.events, seed: req.seed, cutoff: req.cutoff }), tally, () =>
    progress.update(tally.events, req.events, `${formatCount(tally.events)} events`),
  );
  if (req.format === 'csv') await writeCsv(records, req.out);
  else await writeXes(records, req.out);
  progress.finish();
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(
    `Wrote ${formatCount(tally.events)} events (${formatCount(tally.invoices)} invoices) to ${req.out} in ${seconds.toFixed(1)} s (seed ${req.seed}, as of ${formatInstant(req.cutoff)})\n`,
  );
  return 0;
}

runCommand('generate', main);
