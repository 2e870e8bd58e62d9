import { DAY_MS, weekdayOf } from '../engine/domain/calendar.ts';
import type { Random } from './random.ts';

const MINUTE = 60_000;
/** Office hours, local minutes of the day: 08:00 to 17:30. */
export const OPENS = 8 * 60;
export const CLOSES = 17 * 60 + 30;

/**
 * Local working time in one IANA time zone, DST included, for the days the generator touches.
 *
 * Intl is slow (microseconds per call) and the generator places millions of events, so the UTC
 * offset of every day in range is computed once, here, and looked up per event. Intl is asked
 * every seventh day only and day by day where the offset changed between two samples.
 *
 * A day index is "days since 1970-01-01" of a local calendar date. The offset used for local date
 * D is the one in force at 12:00 UTC on D: DST switches happen at night, before the working day
 * in every zone the sample uses, so this is exact for office hours.
 */
export class ZoneClock {
  private readonly offsets: Int32Array;
  private readonly business: Uint8Array;

  constructor(
    readonly timeZone: string,
    private readonly firstDay: number,
    lastDay: number,
    holidays: (day: number) => boolean,
  ) {
    const n = lastDay - firstDay + 1;
    this.offsets = new Int32Array(n);
    this.business = new Uint8Array(n);
    const format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    const offsetOn = (i: number): number => utcOffset(format, (firstDay + i) * DAY_MS + 12 * 3_600_000);
    let known = 0;
    this.offsets[0] = offsetOn(0);
    while (known < n - 1) {
      const at = Math.min(known + 7, n - 1);
      const current = offsetOn(at);
      const unchanged = current === this.offsets[known];
      for (let j = known + 1; j < at; j++) this.offsets[j] = unchanged ? current : offsetOn(j);
      this.offsets[at] = current;
      known = at;
    }
    for (let i = 0; i < n; i++) this.business[i] = isWeekend(firstDay + i) || holidays(firstDay + i) ? 0 : 1;
  }

  /** UTC offset (ms, local − UTC) on a local day; days outside the range take the nearest known one. */
  offset(day: number): number {
    const i = day - this.firstDay;
    return this.offsets[i < 0 ? 0 : i >= this.offsets.length ? this.offsets.length - 1 : i];
  }

  isBusinessDay(day: number): boolean {
    const i = day - this.firstDay;
    return i >= 0 && i < this.business.length ? this.business[i] === 1 : !isWeekend(day);
  }

  /** The local calendar day an instant falls on. */
  localDay(t: number): number {
    return Math.floor((t + this.offset(Math.floor(t / DAY_MS))) / DAY_MS);
  }

  /** The instant of a local day and minute of that day. */
  at(day: number, minuteOfDay: number): number {
    return day * DAY_MS + minuteOfDay * MINUTE - this.offset(day);
  }

  /** The business day `n` business days after `day` (n = 0: `day` itself when it is one, else the next). */
  addBusinessDays(day: number, n: number): number {
    let d = day;
    while (!this.isBusinessDay(d)) d++;
    for (let left = n; left > 0; left--) {
      d++;
      while (!this.isBusinessDay(d)) d++;
    }
    return d;
  }

  /** The business day `n` business days before `day` (n ≥ 1). */
  subtractBusinessDays(day: number, n: number): number {
    let d = day;
    for (let left = n; left > 0; left--) {
      d--;
      while (!this.isBusinessDay(d)) d--;
    }
    return d;
  }

  /**
   * The first office-hours instant at or after `t`. Work that arrives out of hours is picked up
   * in the next morning's first hour and a half, not all at 08:00 sharp.
   */
  workTime(t: number, rng: Random): number {
    const off = this.offset(Math.floor(t / DAY_MS));
    const local = t + off;
    const day = Math.floor(local / DAY_MS);
    const minute = (local - day * DAY_MS) / MINUTE;
    if (this.isBusinessDay(day) && minute >= OPENS && minute < CLOSES) return t;
    const next = this.isBusinessDay(day) && minute < OPENS ? day : this.addBusinessDays(day + 1, 0);
    return this.at(next, OPENS + rng.next() * 90);
  }

  /** A time in office hours on a given business day, busiest mid-morning and mid-afternoon. */
  officeTimeOn(day: number, rng: Random): number {
    const minute = OPENS + (CLOSES - OPENS) * ((rng.next() + rng.next()) / 2);
    return this.at(day, minute);
  }

  /**
   * When a nightly batch job (dunning run, reminder e-mails) that runs at `minuteOfDay` local time
   * on business days first runs at or after `t`.
   */
  batchRun(t: number, minuteOfDay: number): number {
    let day = this.localDay(t);
    if (!this.isBusinessDay(day) || this.at(day, minuteOfDay) < t) day = this.addBusinessDays(day + 1, 0);
    return this.at(day, minuteOfDay);
  }
}

function isWeekend(day: number): boolean {
  const w = weekdayOf(day);
  return w === 0 || w === 6;
}

function utcOffset(format: Intl.DateTimeFormat, t: number): number {
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let second = 0;
  for (const part of format.formatToParts(t)) {
    const v = Number(part.value);
    if (part.type === 'year') year = v;
    else if (part.type === 'month') month = v;
    else if (part.type === 'day') day = v;
    else if (part.type === 'hour') hour = v;
    else if (part.type === 'minute') minute = v;
    else if (part.type === 'second') second = v;
  }
  return Date.UTC(year, month - 1, day, hour, minute, second) - t;
}
