import { parseArgs } from 'node:util';
import { writeTemplate } from '../adapters/export/template.ts';

const USAGE = `Usage: npm run --silent template -- --out FILE.csv|FILE.xlsx

Writes the event-log template: every column the product understands, in order, with example
rows for one invoice paid on time and one paid late after a reminder, a dunning letter and a
promise to pay. Fill it with your own events and import it.

  --out FILE     output file; .csv or .xlsx
  -h, --help     this text`;

async function main(): Promise<number> {
  let values;
  try {
    values = parseArgs({ options: { out: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }).values;
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const out = values.out;
  if (!out || !/\.(csv|xlsx)$/i.test(out)) {
    process.stderr.write(`--out FILE.csv or --out FILE.xlsx is required${out ? `, got '${out}'` : ''}\n\n${USAGE}\n`);
    return 2;
  }
  const written = await writeTemplate(out);
  process.stdout.write(`Wrote the ${written.format.toUpperCase()} template to ${written.path}: ${written.columns} columns, ${written.events} example events (2 invoices)\n`);
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`template failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
