import { DAY_MS } from '../domain/calendar.ts';
import type { EventLog } from '../log/event-log.ts';

/**
 * The window the KPIs measure. Balance figures (AR, aging) are taken at its end; flows
 * (sales, settlements, disputes resolved…) count when they complete inside it: start < t ≤ end.
 */
export interface Period {
  /** Exclusive. */
  readonly start: number;
  /** Inclusive: the cut-off. */
  readonly end: number;
  readonly days: number;
}

/** Default: the 90 days ending at the log's "as of" time. 'all': from the first event on. */
export type PeriodSpec = { readonly start?: number; readonly end?: number; readonly days?: number } | 'all';

export const DEFAULT_PERIOD_DAYS = 90;

export function resolvePeriod(log: EventLog, spec: PeriodSpec = {}): Period {
  const end = spec !== 'all' && spec.end !== undefined ? spec.end : log.lastDataUpdate;
  let start: number;
  if (spec === 'all') {
    let first = end;
    const time = log.time;
    for (let e = 0; e < time.length; e++) if (time[e] < first) first = time[e];
    // Exclusive start: one millisecond before the first event keeps that event inside.
    start = first - 1;
  } else {
    start = spec.start ?? end - (spec.days ?? DEFAULT_PERIOD_DAYS) * DAY_MS;
  }
  if (!(start < end)) throw new RangeError(`KPI period must end after it starts (start ${start}, end ${end})`);
  return { start, end, days: (end - start) / DAY_MS };
}

export function inPeriod(period: Period, t: number): boolean {
  return t > period.start && t <= period.end;
}
