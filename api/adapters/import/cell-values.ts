import { DAY_MS } from '../../engine/domain/calendar.ts';
import { EXPECTED_INSTANT, parseIsoInstant } from '../../engine/log/instants.ts';
import { userTimeFormat } from './time-format.ts';

/**
 * One cell as the importers hand it over: CSV gives strings ('' when empty); spreadsheets also
 * give numbers, booleans and dates. This module is the one place where such a cell becomes the
 * typed value of a template column.
 */
export type CellValue = string | number | boolean | Date | null | undefined;

export const EXPECTED_NUMBER = 'a number such as 5400.50 (a point for decimals; no thousands separators or currency symbols)';

export function isEmptyCell(value: CellValue): boolean {
  return value === '' || value === null || value === undefined;
}

/** The cell as text; dates as ISO-8601 (date only at midnight UTC). */
export function cellText(value: CellValue): string {
  if (typeof value === 'string') return value;
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return String(value);
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
  }
  return String(value);
}

/**
 * A plain decimal ('5400.50', '-12', '1e3'); NaN for anything else. Number() alone would also
 * take '0x1F', 'Infinity' and '' and so hide typos; '5,400.50' is refused rather than guessed,
 * because the comma is a thousands separator in one locale and the decimal mark in the next.
 */
export function parseDecimal(text: string): number {
  let from = 0;
  let to = text.length;
  while (from < to && text.charCodeAt(from) === 32) from++;
  while (to > from && text.charCodeAt(to - 1) === 32) to--;
  let i = from;
  let c = text.charCodeAt(i);
  if (c === 43 || c === 45) i++;
  let digits = 0;
  while (i < to && isDigit(text.charCodeAt(i))) {
    i++;
    digits++;
  }
  if (i < to && text.charCodeAt(i) === 46) {
    i++;
    while (i < to && isDigit(text.charCodeAt(i))) {
      i++;
      digits++;
    }
  }
  if (digits === 0) return Number.NaN;
  c = text.charCodeAt(i);
  if (i < to && (c === 101 || c === 69)) {
    i++;
    c = text.charCodeAt(i);
    if (c === 43 || c === 45) i++;
    const start = i;
    while (i < to && isDigit(text.charCodeAt(i))) i++;
    if (i === start) return Number.NaN;
  }
  if (i !== to) return Number.NaN;
  const value = Number(from === 0 && to === text.length ? text : text.slice(from, to));
  return Number.isFinite(value) ? value : Number.NaN;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A number cell's value; NaN when it holds no number. */
export function cellNumber(value: CellValue): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value === 'string') return parseDecimal(value);
  return Number.NaN;
}

/** How text in a time column is read: ISO-8601 first, then the user's format if given. */
export interface TimeReading {
  readonly parse: (text: string) => number;
  /** The expectation phrase for errors. */
  readonly expected: string;
}

/**
 * Without a time format, 03/04/2024 is 3 April to one reader and March 4 to the next: it is
 * refused rather than guessed, and the error says how to settle it.
 */
export const EXPECTED_INSTANT_OR_FORMAT = `${EXPECTED_INSTANT}; dates written like 03/04/2024 are ambiguous and need their time format given (DD/MM/YYYY or MM/DD/YYYY: mine --time-format, or timeFormat= on upload)`;

/** Throws an ImportError naming `file` for a format it cannot use. */
export function timeReading(timeFormat: string | undefined, file: string): TimeReading {
  if (!timeFormat) return { parse: parseIsoInstant, expected: EXPECTED_INSTANT_OR_FORMAT };
  const custom = userTimeFormat(timeFormat, file);
  return {
    parse: (text) => {
      const t = parseIsoInstant(text);
      return Number.isNaN(t) ? custom(text) : t;
    },
    expected: `a date or date-time in the format ${timeFormat} (UTC), or ${EXPECTED_INSTANT}`,
  };
}

const EXCEL_EPOCH_DAYS = 25_569; // serial of 1970-01-01 in Excel's 1900 date system

/** Epoch milliseconds of a time cell; NaN when it holds no time. */
export function cellTime(value: CellValue, reading: TimeReading): number {
  if (typeof value === 'string') return reading.parse(value);
  if (value instanceof Date) return value.getTime();
  // Spreadsheets store dates as day serials; a bare number in a time column is one whose date
  // format got lost, which is far likelier than a deliberate number there.
  if (typeof value === 'number' && Number.isFinite(value) && value > 0) return Math.round((value - EXCEL_EPOCH_DAYS) * DAY_MS);
  return Number.NaN;
}
