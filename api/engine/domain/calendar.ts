/**
 * Day arithmetic for due dates, deadlines and months. Everything is in UTC days: the domain
 * reference reads a date alone as midnight UTC, so a due date and "the day a letter went out"
 * compare as day numbers, whatever the time of day of the event.
 */

export const DAY_MS = 86_400_000;

/** Days since 1970-01-01 (UTC) of an instant. */
export function dayIndex(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export function weekdayOf(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;
export type WeekdayName = (typeof WEEKDAY_NAMES)[number];

export interface BusinessCalendar {
  /** Weekdays that are not business days (0 = Sunday). */
  readonly weekend: ReadonlySet<number>;
  /** Day indices of public holidays. */
  readonly holidays: ReadonlySet<number>;
}

export interface BusinessCalendarSpec {
  readonly weekendDays?: readonly WeekdayName[];
  /** ISO dates, `YYYY-MM-DD`. */
  readonly holidays?: readonly string[];
}

export const DEFAULT_CALENDAR: BusinessCalendar = businessCalendar({});

export function businessCalendar(spec: BusinessCalendarSpec): BusinessCalendar {
  const weekend = new Set((spec.weekendDays ?? ['Saturday', 'Sunday']).map((name) => WEEKDAY_NAMES.indexOf(name)));
  const holidays = new Set((spec.holidays ?? []).map((iso) => dayIndex(Date.parse(`${iso}T00:00:00Z`))));
  return { weekend, holidays };
}

export function isBusinessDay(day: number, calendar: BusinessCalendar): boolean {
  return !calendar.weekend.has(weekdayOf(day)) && !calendar.holidays.has(day);
}

/** The day `n` business days after `day` (the start day itself never counts; n = 0 gives `day`). */
export function addBusinessDays(day: number, n: number, calendar: BusinessCalendar): number {
  // A calendar whose every day is off would never end; a year without a business day is a
  // configuration error, so stop there rather than hang.
  let d = day;
  let left = n;
  let guard = 0;
  while (left > 0 && guard++ < 366 + 2 * n) {
    d++;
    if (isBusinessDay(d, calendar)) left--;
  }
  return d;
}

export type DayType = 'calendar' | 'business';

/** The last day on which something is still "within N days after" the anchor instant. */
export function lastAllowedDay(anchorMs: number, days: number, dayType: DayType, calendar: BusinessCalendar): number {
  const anchor = dayIndex(anchorMs);
  return dayType === 'business' ? addBusinessDays(anchor, days, calendar) : anchor + days;
}

/** The instant a step "within N days after" the anchor becomes late: the end of the last allowed day. */
export function deadlineAfter(anchorMs: number, days: number, dayType: DayType, calendar: BusinessCalendar): number {
  return (lastAllowedDay(anchorMs, days, dayType, calendar) + 1) * DAY_MS;
}

/** The first instant something "no earlier than N days after" the anchor may happen. */
export function earliestAfter(anchorMs: number, days: number, dayType: DayType, calendar: BusinessCalendar): number {
  return lastAllowedDay(anchorMs, days, dayType, calendar) * DAY_MS;
}

/** Months since year 0 (year × 12 + month, month 0-based) of an instant, without a Date. */
export function monthIndex(ms: number): number {
  const { year, month } = civilFromDays(dayIndex(ms));
  return year * 12 + (month - 1);
}

/** Midnight UTC of the first day of a month index. */
export function monthStart(month: number): number {
  return Date.UTC(Math.floor(month / 12), month % 12, 1);
}

/** `YYYY-MM` of a month index. */
export function monthKey(month: number): string {
  return `${Math.floor(month / 12)}-${String((month % 12) + 1).padStart(2, '0')}`;
}

/** Howard Hinnant's civil_from_days: the proleptic Gregorian date of a day index. */
function civilFromDays(days: number): { year: number; month: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month };
}
