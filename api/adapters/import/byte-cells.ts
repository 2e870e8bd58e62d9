/**
 * CSV cells read straight from the bytes of valid UTF-8 text, without a string per cell. The
 * byte fast paths here accept only a plain subset (ISO-8601 without fractions or offsets, short
 * plain decimals) and say "not mine" (NaN) for anything else; the caller then makes the cell's
 * string with cellString and takes the one general path, so both paths give the same values
 * and the same errors.
 */

const QUOTE = 34;
const DAY_MS = 86_400_000;

interface Utf8Buffer extends Buffer {
  /** Node's decoder without the encoding lookup of toString (on every Buffer since Node 0.x). */
  utf8Slice(start: number, end: number): string;
}

export function utf8(buf: Buffer, start: number, end: number): string {
  return (buf as Utf8Buffer).utf8Slice(start, end);
}

/**
 * A cell whose bytes are its text: not quoted and nothing CsvParser would trim (whitespace is
 * trimmed only when the first or last character is at most U+0020; a byte of a multi-byte
 * character is always above 0x7F).
 */
export function isPlain(buf: Uint8Array, start: number, end: number): boolean {
  return end > start && buf[start] > 32 && buf[start] !== QUOTE && buf[end - 1] > 32;
}

/**
 * The cell as CsvParser hands it over, from the raw bytes of one field (delimiters excluded,
 * quotes included): unquoted fields trimmed; quoted ones unescaped and kept as written, with
 * any text after the closing quote appended as it stands.
 */
export function cellString(buf: Buffer, start: number, end: number): string {
  if (end === start) return '';
  if (buf[start] !== QUOTE) {
    const v = utf8(buf, start, end);
    return v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32 ? v.trim() : v;
  }
  let out = '';
  let i = start + 1;
  for (;;) {
    const q = buf.indexOf(QUOTE, i);
    if (q < 0 || q >= end) return out + utf8(buf, i, end); // a quote the file never closed
    out += utf8(buf, i, q);
    if (q + 1 < end && buf[q + 1] === QUOTE) {
      out += '"';
      i = q + 2;
      continue;
    }
    return out + utf8(buf, q + 1, end);
  }
}

/** 10^k for the digits after the point; exact as doubles up to 10^22. */
const POWERS = Array.from({ length: 23 }, (_, k) => 10 ** k);

/**
 * A plain decimal ([+-]digits[.digits], at most 15 digits) as parseDecimal reads it; NaN when
 * the cell is not of that form (exponents, more digits, anything else). Up to 15 digits the
 * mantissa is an exact double and one division by an exact power of ten rounds once, so the
 * result is the correctly rounded value Number() gives.
 */
export function plainDecimal(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  let c = buf[i];
  if (c === 43 || c === 45) {
    negative = c === 45;
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 0;
  let point = false;
  for (; i < end; i++) {
    c = buf[i];
    const d = c - 48;
    if (d >= 0 && d <= 9) {
      mantissa = mantissa * 10 + d;
      digits++;
      if (point) scale++;
    } else if (c === 46 && !point) {
      point = true;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0 || digits > 15) return Number.NaN;
  const value = scale === 0 ? mantissa : mantissa / POWERS[scale];
  return negative ? -value : value;
}

function two(buf: Uint8Array, i: number): number {
  const a = buf[i] - 48;
  const b = buf[i + 1] - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days from 1970-01-01 to the given date of the proleptic Gregorian calendar. */
function epochDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/**
 * The ISO-8601 instants the domain writes, as parseIsoInstant reads them: YYYY-MM-DD, and
 * YYYY-MM-DD[T ]HH:mm[:ss][Z]. NaN for anything else (fractions, offsets, other formats, and
 * invalid dates alike): the caller then asks the general parser, which decides.
 */
export function plainIsoInstant(buf: Uint8Array, start: number, end: number): number {
  const n = end - start;
  if (n !== 10 && n !== 16 && n !== 19 && n !== 20) return Number.NaN;
  const hi = two(buf, start);
  const lo = two(buf, start + 2);
  if (hi < 0 || lo < 0 || buf[start + 4] !== 45 || buf[start + 7] !== 45) return Number.NaN;
  const year = hi * 100 + lo;
  const month = two(buf, start + 5);
  const day = two(buf, start + 8);
  if (year < 1000 || month < 1 || month > 12 || day < 1) return Number.NaN;
  if (day > (month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1])) return Number.NaN;
  const date = epochDay(year, month, day) * DAY_MS;
  if (n === 10) return date;
  const sep = buf[start + 10];
  if (sep !== 84 && sep !== 116 && sep !== 32) return Number.NaN;
  const hour = two(buf, start + 11);
  const minute = two(buf, start + 14);
  if (hour < 0 || hour > 24 || buf[start + 13] !== 58 || minute < 0 || minute > 59) return Number.NaN;
  let second = 0;
  if (n >= 19) {
    if (buf[start + 16] !== 58) return Number.NaN;
    second = two(buf, start + 17);
    if (second < 0 || second > 60) return Number.NaN;
    if (n === 20 && buf[start + 19] !== 90 && buf[start + 19] !== 122) return Number.NaN;
  }
  if (hour === 24 && (minute !== 0 || second !== 0)) return Number.NaN;
  return date + hour * 3_600_000 + minute * 60_000 + Math.min(second, 59) * 1000;
}
