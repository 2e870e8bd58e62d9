import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportError } from './import-error.ts';
import type { ColumnMapping, ImportOptions } from './options.ts';
import { userDelimiter } from './sniff.ts';
import { userTimeFormat } from './time-format.ts';

const KEYS = ['case', 'activity', 'time', 'columns', 'timeFormat', 'delimiter'] as const;
type Key = (typeof KEYS)[number];

/**
 * Reads a saved column mapping: JSON such as
 * {"case": "Invoice", "activity": "Step", "time": "When", "columns": {"Cust": "CustomerId"},
 *  "timeFormat": "DD/MM/YYYY HH:mm", "delimiter": ";"}. Every key is optional; unknown keys are
 * refused because a misspelt one would otherwise be ignored without a word.
 */
export async function readMappingFile(path: string): Promise<ImportOptions> {
  const file = basename(path);
  const fail = (expected: string, field?: string, value?: unknown): ImportError =>
    new ImportError({ file, field, value: value === undefined ? undefined : JSON.stringify(value), expected });
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw fail(`a mapping file that exists and can be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw fail(`JSON such as {"case": "Invoice", "activity": "Step", "time": "When"} (${(error as Error).message})`);
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw fail(`a JSON object with the keys ${KEYS.join(', ')}`);
  const record = json as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KEYS as readonly string[]).includes(key)) throw fail(`only the keys ${KEYS.join(', ')}`, key);
  }
  const textOf = (key: Key): string | undefined => {
    const value = record[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.trim() === '') throw fail('a non-empty text', key, value);
    return value;
  };

  const mapping: ColumnMapping = {};
  const caseColumn = textOf('case');
  const activity = textOf('activity');
  const time = textOf('time');
  if (caseColumn !== undefined) mapping.case = caseColumn;
  if (activity !== undefined) mapping.activity = activity;
  if (time !== undefined) mapping.time = time;
  const columns = record.columns;
  if (columns !== undefined) {
    if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
      throw fail('an object from your header to a template column, such as {"Cust": "CustomerId"}', 'columns', columns);
    }
    mapping.columns = {};
    for (const [from, to] of Object.entries(columns)) {
      if (typeof to !== 'string' || to.trim() === '') throw fail('a template column name such as CustomerId', `columns.${from}`, to);
      mapping.columns[from] = to;
    }
  }

  const options: ImportOptions = { mapping };
  const timeFormat = textOf('timeFormat');
  if (timeFormat !== undefined) {
    userTimeFormat(timeFormat, file);
    options.timeFormat = timeFormat;
  }
  const delimiter = record.delimiter;
  if (delimiter !== undefined) {
    if (typeof delimiter !== 'string') throw fail('a single character such as , ; | or a tab', 'delimiter', delimiter);
    options.delimiter = userDelimiter(delimiter, file);
  }
  return options;
}
