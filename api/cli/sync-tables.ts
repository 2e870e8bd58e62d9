import { parseArgs } from 'node:util';
import { defaultMapping, readMappingFile, syncTables } from '../adapters/dynamics/index.ts';
import { ImportError } from '../adapters/import/import-error.ts';
import { defaultDataDir, Store } from '../adapters/store/index.ts';
import { progressLine, summary } from './sync-output.ts';

const USAGE = `Usage: npm run --silent sync:tables -- FOLDER [--dry-run] [--mapping FILE] [--name NAME]

Reads a Synapse Link / Fabric Link export of Dynamics 365 Finance & Operations tables (a folder
with a sub-folder, or a file, of Parquet or CSV per table: CustInvoiceJour, CustTrans,
CustSettlement, CustCollectionLetterJour, CustCollectionLetterTrans, CustDisputeHistory,
smmActivities, …) and replaces that folder's event log in the store. See docs/DYNAMICS.md.

  --dry-run        print how many rows each entity would read; change nothing
  --mapping FILE   a mapping file replacing the default (default: D365_MAPPING, else built in)
  --name NAME      the log's name
  -h, --help       this text`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'dry-run': { type: 'boolean' },
      mapping: { type: 'string' },
      name: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help || positionals.length !== 1) {
    (values.help ? process.stdout : process.stderr).write(`${USAGE}\n`);
    return values.help ? 0 : 2;
  }
  const mappingFile = values.mapping ?? process.env.D365_MAPPING;
  const mapping = mappingFile ? await readMappingFile(mappingFile) : defaultMapping();
  const store = await Store.open(defaultDataDir());
  const progress = progressLine();
  try {
    const result = await syncTables({
      store,
      mapping,
      folder: positionals[0],
      name: values.name,
      dryRun: values['dry-run'] === true,
      onProgress: (p) => progress.update(p),
    });
    progress.finish();
    process.stdout.write(summary(result));
    return 0;
  } finally {
    progress.finish();
    await store.close();
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`sync:tables: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = error instanceof ImportError ? 2 : 1;
  },
);
