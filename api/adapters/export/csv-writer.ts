import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { CASE_COLUMNS, EVENT_COLUMNS, REQUIRED_COLUMNS } from '../../engine/domain/columns.ts';
import type { EventRecord } from './event-record.ts';

const TIME_COLUMNS = new Set<string>([
  'EventTime',
  'LastDataUpdate',
  ...[...CASE_COLUMNS, ...EVENT_COLUMNS].filter(([, type]) => type === 'time').map(([name]) => name),
]);

/** True for the template columns whose values are instants (written as ISO-8601). */
export function isTimeColumn(name: string): boolean {
  return TIME_COLUMNS.has(name);
}

/** RFC 4180 quoting: only when the value needs it. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replaceAll('"', '""')}"` : value;
}

/**
 * Text a spreadsheet would run as a formula (= + - @, or a tab or carriage return before one),
 * made inert with a leading apostrophe, as OWASP advises against CSV injection.
 */
export function spreadsheetText(value: string): string {
  const c = value.charCodeAt(0);
  return c === 61 || c === 43 || c === 45 || c === 64 || c === 9 || c === 13 ? `'${value}` : value;
}

/**
 * A record's value as CSV text; instants as ISO-8601 (date-only for midnight date columns).
 * `spreadsheetSafe` neutralises text cells only: numbers such as -12.5 stay numbers.
 */
export function formatCell(column: string, value: EventRecord[string], spreadsheetSafe = false): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (!TIME_COLUMNS.has(column)) return String(value);
    const iso = new Date(value).toISOString();
    return column !== 'EventTime' && column !== 'LastDataUpdate' && iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  return csvField(spreadsheetSafe ? spreadsheetText(value) : value);
}

export interface CsvWriteOptions {
  /** Columns in order; defaults to the required three then every other column met in the first 1,000 records. */
  readonly columns?: readonly string[];
  /**
   * For files people open in a spreadsheet rather than import again: text cells that would run
   * as formulas get a leading apostrophe (spreadsheetText). Off by default, because the event-log
   * files this writes (generate, template) are the importer's input, where the apostrophe would
   * become part of the value; the importer reads cells as data and never evaluates them.
   */
  readonly spreadsheetSafe?: boolean;
}

/**
 * Streams records to a CSV file. Writes to a temporary file first and renames it at the end,
 * so a failed write never leaves a half-written file under the target name.
 */
export async function writeCsv(records: Iterable<EventRecord>, path: string, options: CsvWriteOptions = {}): Promise<number> {
  const iterator = records[Symbol.iterator]();
  const head: EventRecord[] = [];
  let columns = options.columns;
  if (!columns) {
    const seen = new Set<string>(REQUIRED_COLUMNS);
    while (head.length < 1000) {
      const r = iterator.next();
      if (r.done) break;
      head.push(r.value);
      for (const key of Object.keys(r.value)) seen.add(key);
    }
    columns = [...seen];
  }
  const tmp = `${path}.partial`;
  const out = createWriteStream(tmp, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let count = 0;
  const safe = options.spreadsheetSafe === true;
  let buffer = `${columns.map((name) => csvField(safe ? spreadsheetText(name) : name)).join(',')}\n`;
  const cols = columns;
  const writeRecord = async (record: EventRecord): Promise<void> => {
    let line = '';
    for (let i = 0; i < cols.length; i++) {
      if (i > 0) line += ',';
      line += formatCell(cols[i], record[cols[i]], safe);
    }
    buffer += `${line}\n`;
    count++;
    if (buffer.length > 1 << 20) {
      if (!out.write(buffer)) await once(out, 'drain');
      buffer = '';
    }
  };
  try {
    for (const record of head) await writeRecord(record);
    for (let r = iterator.next(); !r.done; r = iterator.next()) await writeRecord(r.value);
    out.end(buffer);
    await once(out, 'finish');
    await rename(tmp, path);
  } catch (error) {
    out.destroy();
    await rm(tmp, { force: true });
    throw error;
  }
  return count;
}
