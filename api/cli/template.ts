import { writeTemplate } from '../adapters/export/template.ts';
import { parseFlags, runCommand, usageError } from './command.ts';

const USAGE = `Usage: npm run --silent template -- --out FILE.csv|FILE.xlsx

Writes the event-log template: every column the product understands, in order, with example
rows for one invoice paid on time and one paid late after a reminder, a dunning letter and a
promise to pay. Fill it with your own events and import it.

  --out FILE     output file; .csv or .xlsx
  -h, --help     this text`;

async function main(): Promise<number> {
  const flags = parseFlags({ out: { type: 'string' } }, USAGE);
  if ('exitCode' in flags) return flags.exitCode;
  const out = flags.values.out;
  if (!out || !/\.(csv|xlsx)$/i.test(out)) return usageError(`--out FILE.csv or --out FILE.xlsx is required${out ? `, got '${out}'` : ''}`, USAGE);
  const written = await writeTemplate(out);
  process.stdout.write(`Wrote the ${written.format.toUpperCase()} template to ${written.path}: ${written.columns} columns, ${written.events} example events (2 invoices)\n`);
  return 0;
}

runCommand('template', main);
