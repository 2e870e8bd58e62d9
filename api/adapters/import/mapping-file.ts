import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { ImportError } from './import-error.ts';
import type { ColumnMapping, ImportOptions } from './options.ts';
import { compileTimeFormat, TimeFormatError } from './time-format.ts';

const KEYS = ['case', 'activity', 'time', 'columns', 'timeFormat', 'delimiter'] as const;

/**
 * Reads a saved column mapping: JSON such as
 * {"case": "Invoice", "activity": "Step", "time": "When", "columns": {"Cust": "CustomerId"},
 *  "timeFormat": "DD/MM/YYYY HH:mm", "delimiter": ";"}. Every key is optional; unknown keys are
 * refused because a misspelt one would otherwise be ignored without a word.
 */
export async function readMappingFile(path: string): Promise<ImportOptions> {
  const file = basename(path);
  const fail = (expected: string, field?: string, value?: string): ImportError => new ImportError({ file, field, value, expected });
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
  if (typeof json !== 'object' || json === null || Array.isArray(json)) throw fail('a JSON object with keys case, activity, time, columns, timeFormat, delimiter');
  const record = json as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(KEYS as readonly string[]).includes(key)) throw fail(`only the keys ${KEYS.join(', ')}`, key);
  }
  const text_ = (key: (typeof KEYS)[number]): string | undefined => {
    const v = record[key];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') throw fail('a non-empty text', key, JSON.stringify(v));
    return v;
  };
  const mapping: ColumnMapping = {};
  const caseColumn = text_('case');
  const activity = text_('activity');
  const time = text_('time');
  if (caseColumn !== undefined) mapping.case = caseColumn;
  if (activity !== undefined) mapping.activity = activity;
  if (time !== undefined) mapping.time = time;
  if (record.columns !== undefined) {
    const columns = record.columns;
    if (typeof columns !== 'object' || columns === null || Array.isArray(columns)) {
      throw fail('an object from your header to a template column, such as {"Cust": "CustomerId"}', 'columns', JSON.stringify(columns));
    }
    mapping.columns = {};
    for (const [from, to] of Object.entries(columns)) {
      if (typeof to !== 'string' || to.trim() === '') throw fail('a template column name such as CustomerId', `columns.${from}`, JSON.stringify(to));
      mapping.columns[from] = to;
    }
  }
  const options: ImportOptions = { mapping };
  const timeFormat = text_('timeFormat');
  if (timeFormat !== undefined) {
    try {
      compileTimeFormat(timeFormat);
    } catch (error) {
      if (!(error instanceof TimeFormatError)) throw error;
      throw fail(`a time format made of YYYY, MM, DD, HH, mm, ss, SSS and separators, such as DD/MM/YYYY HH:mm (${error.message})`, 'timeFormat', timeFormat);
    }
    options.timeFormat = timeFormat;
  }
  const delimiter = record.delimiter;
  if (delimiter !== undefined) {
    if (typeof delimiter !== 'string' || delimiter.length !== 1 || delimiter === '"' || delimiter === '\n' || delimiter === '\r') {
      throw fail('a single character such as "," ";" "|" or "\\t"', 'delimiter', JSON.stringify(delimiter));
    }
    options.delimiter = delimiter;
  }
  return options;
}
