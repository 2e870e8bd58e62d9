import { basename } from 'node:path';
import { importCsv } from './csv.ts';
import { ImportError } from './import-error.ts';
import type { ImportFormat, ImportOptions, ImportResult } from './options.ts';
import { importXes } from './xes.ts';
import { importXlsx } from './xlsx.ts';

export { importCsv } from './csv.ts';
export { importXlsx } from './xlsx.ts';
export { importXes } from './xes.ts';
export { readMappingFile } from './mapping-file.ts';
export { ImportError, formatImportError, type ImportErrorDetails } from './import-error.ts';
export type { ColumnMapping, ImportFormat, ImportOptions, ImportProgress, ImportResult } from './options.ts';

const BY_EXTENSION: readonly [string, ImportFormat][] = [
  ['.xes.gz', 'xes'],
  ['.xes', 'xes'],
  ['.xlsx', 'xlsx'],
  ['.csv', 'csv'],
  ['.tsv', 'csv'],
  ['.txt', 'csv'],
];

/** The importer for a file, by its extension. */
export function detectFormat(path: string): ImportFormat {
  const name = basename(path).toLowerCase();
  const match = BY_EXTENSION.find(([ext]) => name.endsWith(ext));
  if (!match) {
    throw new ImportError({ file: basename(path), expected: 'a .csv, .tsv, .txt, .xlsx, .xes or .xes.gz file (an .xls workbook must be saved as .xlsx first)' });
  }
  return match[1];
}

/** Imports a CSV, XLSX or XES file into a raw event log; the format comes from the extension unless given. */
export async function importFile(path: string, options: ImportOptions & { format?: ImportFormat } = {}): Promise<ImportResult> {
  const { format, ...rest } = options;
  switch (format ?? detectFormat(path)) {
    case 'xlsx':
      return importXlsx(path, rest);
    case 'xes':
      return importXes(path, rest);
    default:
      return importCsv(path, rest);
  }
}
