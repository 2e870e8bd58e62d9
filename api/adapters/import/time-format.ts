import { DAY_MS } from '../../engine/domain/calendar.ts';
/**
 * User-given time formats for sources that do not write ISO-8601 ("24/07/2006 14:30").
 * Tokens: YYYY MM DD HH mm ss SSS; any other character must appear as written. Values are
 * read as UTC, like ISO date-times without an offset.
 */
import { ImportError } from './import-error.ts';

export type TimeParser = (text: string) => number;

export class TimeFormatError extends Error {}

const YEAR = 0;
const MONTH = 1;
const DAY = 2;
const HOUR = 3;
const MINUTE = 4;
const SECOND = 5;
const MILLI = 6;

// Longest first so 'SSS' is not read as something shorter.
const TOKENS: readonly [string, number, number][] = [
  ['YYYY', YEAR, 4],
  ['SSS', MILLI, 3],
  ['MM', MONTH, 2],
  ['DD', DAY, 2],
  ['HH', HOUR, 2],
  ['mm', MINUTE, 2],
  ['ss', SECOND, 2],
];

interface Part {
  /** A field index, or -1 for a literal character. */
  readonly field: number;
  readonly code: number;
  readonly min: number;
  readonly max: number;
}


/** compileTimeFormat for a format a user gave: an ImportError naming `file` when it cannot be used. */
export function userTimeFormat(format: string, file: string): TimeParser {
  try {
    return compileTimeFormat(format);
  } catch (error) {
    if (!(error instanceof TimeFormatError)) throw error;
    throw new ImportError({
      file,
      field: 'timeFormat',
      value: format,
      expected: `a time format made of YYYY, MM, DD, HH, mm, ss, SSS and separators, such as DD/MM/YYYY HH:mm (${error.message})`,
    });
  }
}

export function compileTimeFormat(format: string): TimeParser {
  const raw: { field: number; code: number; width: number }[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < format.length; ) {
    const token = TOKENS.find(([t]) => format.startsWith(t, i));
    if (token) {
      const [name, field, width] = token;
      if (seen.has(field)) throw new TimeFormatError(`the time format "${format}" has ${name} twice`);
      seen.add(field);
      raw.push({ field, code: 0, width });
      i += name.length;
    } else {
      raw.push({ field: -1, code: format.charCodeAt(i), width: 1 });
      i++;
    }
  }
  for (const [name, field] of TOKENS) {
    if (field <= DAY && !seen.has(field)) throw new TimeFormatError(`the time format "${format}" has no ${name}`);
  }
  if (seen.has(MINUTE) && !seen.has(HOUR)) throw new TimeFormatError(`the time format "${format}" has minutes (mm) but no hours (HH)`);
  // Next to another token a field has a fixed width ("YYYYMMDD"); before a separator or at the
  // end, a shorter number is fine ("3/5/2023", "9:05").
  const parts: Part[] = raw.map((p, k) => {
    if (p.field < 0) return { field: -1, code: p.code, min: 1, max: 1 };
    const fixed = p.field === YEAR || (k + 1 < raw.length && raw[k + 1].field >= 0) || (k > 0 && raw[k - 1].field >= 0);
    return { field: p.field, code: 0, min: fixed ? p.width : 1, max: p.width };
  });
  let lastDate = -1;
  let firstTime = -1;
  parts.forEach((p, k) => {
    if (p.field >= 0 && p.field <= DAY) lastDate = k;
    if (p.field >= HOUR && firstTime < 0) firstTime = k;
  });
  // A date alone is accepted for a date-time format: it means midnight, as in ISO-8601.
  const timeFrom = firstTime > lastDate ? lastDate + 1 : parts.length;
  const n = parts.length;
  const values = new Float64Array(7);

  return (text: string): number => {
    const s = text.length > 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) ? text.trim() : text;
    const len = s.length;
    values.fill(0);
    let i = 0;
    for (let k = 0; k < n; k++) {
      if (i === len && k >= timeFrom) break;
      const part = parts[k];
      if (part.field < 0) {
        if (s.charCodeAt(i) !== part.code) return Number.NaN;
        i++;
        continue;
      }
      let count = 0;
      let value = 0;
      while (count < part.max && i < len) {
        const d = s.charCodeAt(i) - 48;
        if (d < 0 || d > 9) break;
        value = value * 10 + d;
        i++;
        count++;
      }
      if (count < part.min) return Number.NaN;
      values[part.field] = part.field === MILLI ? value * 10 ** (3 - count) : value;
    }
    if (i !== len) return Number.NaN;
    const year = values[YEAR];
    const month = values[MONTH];
    const day = values[DAY];
    // As in parseIsoInstant: Date.UTC would read years 0-99 as 1900-1999.
    if (year < 1000 || month < 1 || month > 12 || day < 1) return Number.NaN;
    const monthStart = Date.UTC(year, month - 1, 1);
    if (day > (Date.UTC(year, month, 1) - monthStart) / DAY_MS) return Number.NaN;
    if (values[HOUR] > 23 || values[MINUTE] > 59 || values[SECOND] > 59) return Number.NaN;
    return monthStart + (day - 1) * DAY_MS + values[HOUR] * 3_600_000 + values[MINUTE] * 60_000 + values[SECOND] * 1000 + values[MILLI];
  };
}
