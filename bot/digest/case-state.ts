import { Activity, Column, dayIndex, openBalanceAt, valueAt } from '../../api/engine/index.ts';
import type { Analysis } from './analysis.ts';

/**
 * Invoice states at an instant, the same way for "now" and "a day / a week ago", so that what a
 * digest compares is measured alike on both sides. Overdue: open at t, its due date before t's
 * day (the engine's definition: overdue from DueDate + 1 day until settled or written off).
 */
export interface OverdueState {
  /** Overdue invoices (case index) → open balance in the reporting currency (0 when unknown). */
  readonly overdue: ReadonlyMap<number, number>;
  readonly total: number;
}

export function overdueAt(a: Analysis, cases: Iterable<number>, t: number): OverdueState {
  const overdue = new Map<number, number>();
  let total = 0;
  const today = dayIndex(t);
  for (const c of cases) {
    const due = a.number(Column.DueDate, c);
    if (due === null || dayIndex(due) >= today) continue;
    const open = openAt(a, c, t);
    if (open === null) continue;
    const reporting = open * a.factor[c];
    const amount = reporting === reporting ? reporting : 0;
    overdue.set(c, amount);
    total += amount;
  }
  return { overdue, total };
}

/** Open balance at t in the invoice currency; NaN when open with an unknown amount; null when not open. */
export function openAt(a: Analysis, c: number, t: number): number | null {
  const { balance } = a;
  if (balance.postedAt[c] > t || balance.closedAt[c] <= t) return null;
  if (!balance.amount) return Number.NaN;
  const open = openBalanceAt(balance, c, t);
  if (open !== open) return Number.NaN;
  return open > 0 ? open : null;
}

export interface PromiseState {
  /** The promise event that was broken and not replaced (-1 none). */
  readonly broken: number;
  /** The latest promise whose date has not passed (-1 none). */
  readonly pending: number;
}

/**
 * Promises of one invoice from its events up to `until`: a broken promise stays broken until a
 * newer promise replaces it (payments alone do not make it kept: the invoice is still open). A
 * promise recorded in Teams after the data's "as of" counts when `until` is Infinity, "now".
 */
export function promiseState(a: Analysis, c: number, until: number): PromiseState {
  const { log } = a;
  const promiseCode = log.activities.indexOf(Activity.PromiseToPayReceived);
  const brokenCode = log.activities.indexOf(Activity.PromiseToPayBroken);
  if (promiseCode < 0) return { broken: -1, pending: -1 };
  const dates = log.eventAttributes.get(Column.PromiseDate);
  const promiseDate = (e: number) => (dates && (dates.kind === 'time' || dates.kind === 'number') ? ((valueAt(dates, e) as number | null) ?? Number.NaN) : Number.NaN);
  let last = -1;
  let broken = -1;
  for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1] && log.time[e] <= until; e++) {
    if (log.activity[e] === promiseCode) {
      last = e;
      broken = -1;
    } else if (log.activity[e] === brokenCode && last >= 0) {
      broken = last;
    }
  }
  const cutoff = until === Number.POSITIVE_INFINITY ? a.asOf : until;
  const pending = last >= 0 && broken !== last && dayIndex(promiseDate(last)) >= dayIndex(cutoff) ? last : -1;
  return { broken, pending };
}

export function promiseOf(a: Analysis, e: number): { date: number; amount: number | null } {
  const read = (name: string) => {
    const col = a.log.eventAttributes.get(name);
    return col && (col.kind === 'time' || col.kind === 'number') ? (valueAt(col, e) as number | null) : null;
  };
  return { date: read(Column.PromiseDate) ?? a.log.time[e], amount: read(Column.PromiseAmount) };
}
