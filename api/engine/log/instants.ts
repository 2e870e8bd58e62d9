/**
 * ISO-8601 instants as the domain reference writes them: `2023-03-15T09:30:00Z`,
 * `2006-07-24T00:00:00+02:00`, `2023-03-15` (midnight UTC), with a space allowed for the `T`
 * and fractions of a second. A date-time without an offset is read as UTC. Hand-parsed because
 * it runs once per event (10^7 times on a large log) and Date.parse accepts too much.
 * Returns NaN for anything else.
 */
export function parseIsoInstant(text: string): number {
  const s = text.length > 0 && (text.charCodeAt(0) === 32 || text.charCodeAt(text.length - 1) === 32) ? text.trim() : text;
  const n = s.length;
  if (n < 10) return Number.NaN;
  const year = digits(s, 0, 4);
  // Date.UTC reads years 0-99 as 1900-1999, so 0001-01-01 (a common "no date") would become
  // 1901; no event of an invoice predates the year 1000, so such years are refused outright.
  if (year < 1000 || s.charCodeAt(4) !== 45) return Number.NaN;
  const month = digits(s, 5, 2);
  if (month < 1 || month > 12 || s.charCodeAt(7) !== 45) return Number.NaN;
  const day = digits(s, 8, 2);
  if (day < 1 || day > daysInMonth(year, month)) return Number.NaN;
  if (n === 10) return Date.UTC(year, month - 1, day);
  const sep = s.charCodeAt(10);
  if (sep !== 84 && sep !== 116 && sep !== 32) return Number.NaN; // T, t or space
  if (n < 16) return Number.NaN;
  const hour = digits(s, 11, 2);
  if (hour < 0 || hour > 24 || s.charCodeAt(13) !== 58) return Number.NaN;
  const minute = digits(s, 14, 2);
  if (minute < 0 || minute > 59) return Number.NaN;
  let i = 16;
  let second = 0;
  let millis = 0;
  if (i < n && s.charCodeAt(i) === 58) {
    second = digits(s, i + 1, 2);
    if (second < 0 || second > 60) return Number.NaN;
    i += 3;
    if (i < n && (s.charCodeAt(i) === 46 || s.charCodeAt(i) === 44)) {
      i++;
      let scale = 100;
      const start = i;
      while (i < n) {
        const c = s.charCodeAt(i) - 48;
        if (c < 0 || c > 9) break;
        millis += c * scale;
        scale /= 10;
        i++;
      }
      if (i === start) return Number.NaN;
    }
  }
  if (hour === 24 && (minute !== 0 || second !== 0 || millis !== 0)) return Number.NaN;
  let offsetMinutes = 0;
  if (i < n) {
    const c = s.charCodeAt(i);
    if ((c === 90 || c === 122) && i === n - 1) {
      i++;
    } else if (c === 43 || c === 45) {
      const sign = c === 43 ? 1 : -1;
      const oh = digits(s, i + 1, 2);
      if (oh < 0 || oh > 18) return Number.NaN;
      let j = i + 3;
      let om = 0;
      if (j < n) {
        if (s.charCodeAt(j) === 58) j++;
        om = digits(s, j, 2);
        if (om < 0 || om > 59) return Number.NaN;
        j += 2;
      }
      if (j !== n) return Number.NaN;
      offsetMinutes = sign * (oh * 60 + om);
      i = n;
    } else {
      return Number.NaN;
    }
  }
  if (i !== n) return Number.NaN;
  return Date.UTC(year, month - 1, day, hour, minute, Math.min(second, 59), Math.round(millis)) - offsetMinutes * 60_000;
}

function digits(s: string, from: number, count: number): number {
  if (from + count > s.length) return -1;
  let v = 0;
  for (let i = from; i < from + count; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    v = v * 10 + c;
  }
  return v;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The expectation phrase importers put in their errors for a time value. */
export const EXPECTED_INSTANT = 'an ISO-8601 date or date-time such as 2023-03-15, 2023-03-15T09:30:00Z or 2006-07-24T00:00:00+02:00';
