import { DAY_MS, dayIndex } from '../../api/engine/index.ts';
import type { CollectorDigest, DigestChanges } from '../cards/model.ts';
import type { Analysis } from './analysis.ts';
import { openAt, overdueAt, promiseState } from './case-state.ts';
import { byPriority, cardItem, promiseLine } from './items.ts';
import { missedSteps } from './missed-steps.ts';

/** What a digest remembers for the next day's "since yesterday": overdue invoices (amounts) and broken promises. */
export interface DigestSnapshot {
  readonly overdue: Readonly<Record<string, number>>;
  readonly broken: readonly string[];
}

export interface ComposeOptions {
  /** The collector's local day, YYYY-MM-DD. */
  readonly day: string;
  readonly topItems: number;
  /** The last digest's snapshot; without one, the data one day before its "as of" is compared. */
  readonly previous: { readonly day: string; readonly snapshot: DigestSnapshot } | null;
}

const LIST_LIMIT = 5;

/**
 * A collector's digest from one analysis of the log (pure): overdue invoices (count, total in
 * the reporting currency, top items by the worklist's priority, snoozed ones left out), missed
 * dunning steps, broken promises, and what changed since the last digest.
 */
export function composeCollectorDigest(a: Analysis, collector: string, options: ComposeOptions): { digest: CollectorDigest; snapshot: DigestSnapshot; empty: boolean } {
  const cases = a.casesOf(collector);
  const now = overdueAt(a, cases, a.asOf);
  const todayStart = Date.parse(`${options.day}T00:00:00Z`);
  const ranked = byPriority(a, now.overdue.keys());
  const visible = ranked.filter((c) => !(a.snoozedUntil[c] > todayStart));
  const broken = cases.map((c) => ({ c, e: promiseState(a, c, Number.POSITIVE_INFINITY).broken })).filter((b) => b.e >= 0 && openAt(a, b.c, a.asOf) !== null);
  const missed = missedSteps(a, cases);
  const snapshot = snapshotOf(a, now.overdue, broken.map((b) => b.c));
  const previous = options.previous ?? { day: isoDay(a.asOf - DAY_MS), snapshot: snapshotAt(a, cases, a.asOf - DAY_MS) };
  const digest: CollectorDigest = {
    kind: 'digest',
    collector,
    logId: a.logId,
    day: options.day,
    asOf: a.asOf,
    reportingCurrency: a.reportingCurrency,
    overdueCount: now.overdue.size,
    overdueTotal: now.total,
    items: visible.slice(0, options.topItems).map((c) => cardItem(a, c)),
    snoozed: ranked.length - visible.length,
    missed: missed.slice(0, LIST_LIMIT),
    missedTotal: missed.length,
    broken: broken.slice(0, LIST_LIMIT).map((b) => promiseLine(a, b.c, b.e)),
    brokenTotal: broken.length,
    changes: changesBetween(previous.day, previous.snapshot, snapshot),
  };
  return { digest, snapshot, empty: digest.overdueCount === 0 && digest.missedTotal === 0 && digest.brokenTotal === 0 };
}

function snapshotOf(a: Analysis, overdue: ReadonlyMap<number, number>, broken: readonly number[]): DigestSnapshot {
  const amounts: Record<string, number> = {};
  for (const [c, amount] of overdue) amounts[a.log.caseIds[c]] = Math.round(amount * 100) / 100;
  return { overdue: amounts, broken: broken.map((c) => a.log.caseIds[c]) };
}

/** The same snapshot as the data stood at t (for the first digest, which has no previous one). */
export function snapshotAt(a: Analysis, cases: readonly number[], t: number): DigestSnapshot {
  const state = overdueAt(a, cases, t);
  const broken = cases.filter((c) => promiseState(a, c, t).broken >= 0 && openAt(a, c, t) !== null);
  return snapshotOf(a, state.overdue, broken);
}

export function changesBetween(since: string, before: DigestSnapshot, after: DigestSnapshot): DigestChanges {
  const sum = (s: DigestSnapshot) => Object.values(s.overdue).reduce((x, y) => x + y, 0);
  const wasBroken = new Set(before.broken);
  return {
    since,
    newOverdue: Object.keys(after.overdue).filter((id) => !(id in before.overdue)).length,
    closed: Object.keys(before.overdue).filter((id) => !(id in after.overdue)).length,
    newBroken: after.broken.filter((id) => !wasBroken.has(id)).length,
    totalDelta: sum(after) - sum(before),
  };
}

export function isoDay(ms: number): string {
  return new Date(dayIndex(ms) * DAY_MS).toISOString().slice(0, 10);
}
