import type { ImportFormat, ImportOptions } from '../adapters/import/index.ts';
import { readMappingFile } from '../adapters/import/index.ts';

/** The import flags every command that reads an event-log file understands. */
export const IMPORT_FLAGS = {
  format: { type: 'string' },
  case: { type: 'string' },
  activity: { type: 'string' },
  time: { type: 'string' },
  mapping: { type: 'string' },
  'time-format': { type: 'string' },
  delimiter: { type: 'string' },
} as const;

export const IMPORT_USAGE = `  --format csv|xlsx|xes    file format (default: from the extension)
  --case COL --activity COL --time COL
                           your column names for the invoice, activity and time
  --mapping FILE           a JSON mapping file: {"case","activity","time","columns":{...},"timeFormat","delimiter"}
  --time-format FMT        for times that are not ISO-8601, e.g. "DD/MM/YYYY HH:mm"
  --delimiter C            CSV delimiter (default: detected)`;

export async function importOptionsFrom(values: {
  format?: string;
  case?: string;
  activity?: string;
  time?: string;
  mapping?: string;
  'time-format'?: string;
  delimiter?: string;
}): Promise<ImportOptions & { format?: ImportFormat }> {
  const base: ImportOptions = values.mapping ? await readMappingFile(values.mapping) : {};
  const mapping = {
    ...base.mapping,
    ...(values.case ? { case: values.case } : {}),
    ...(values.activity ? { activity: values.activity } : {}),
    ...(values.time ? { time: values.time } : {}),
  };
  const format = values.format;
  if (format !== undefined && format !== 'csv' && format !== 'xlsx' && format !== 'xes') {
    throw new Error(`--format must be csv, xlsx or xes, not "${format}"`);
  }
  return {
    ...base,
    mapping,
    ...(values['time-format'] ? { timeFormat: values['time-format'] } : {}),
    ...(values.delimiter ? { delimiter: values.delimiter } : {}),
    ...(format ? { format } : {}),
  };
}
