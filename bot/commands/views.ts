import { Activity, caseTimeline, Column } from '../../api/engine/index.ts';
import type { InvoiceState, InvoiceStatus, OverdueList, PromisesList } from '../cards/model.ts';
import type { Analysis } from '../digest/analysis.ts';
import { openAt, overdueAt, promiseState } from '../digest/case-state.ts';
import { byPriority, cardItem, promiseLine } from '../digest/items.ts';

/** What the chat commands show, composed from one analysis of the log (pure). */

export const LIST_ITEMS = 10;

export function overdueList(a: Analysis, collector: string, cases: readonly number[]): OverdueList {
  const now = overdueAt(a, cases, a.asOf);
  return {
    kind: 'overdue',
    collector,
    logId: a.logId,
    asOf: a.asOf,
    reportingCurrency: a.reportingCurrency,
    count: now.overdue.size,
    total: now.total,
    items: byPriority(a, now.overdue.keys()).slice(0, LIST_ITEMS).map((c) => cardItem(a, c)),
  };
}

export function promisesList(a: Analysis, collector: string, cases: readonly number[]): PromisesList {
  const broken: PromisesList['broken'][number][] = [];
  const open: PromisesList['open'][number][] = [];
  for (const c of byPriority(a, cases)) {
    if (openAt(a, c, a.asOf) === null) continue;
    const state = promiseState(a, c, Number.POSITIVE_INFINITY);
    if (state.broken >= 0) {
      const line = promiseLine(a, c, state.broken);
      broken.push({ ...cardItem(a, c), promise: { date: line.date, amount: line.amount } });
    } else if (state.pending >= 0) open.push(promiseLine(a, c, state.pending));
  }
  open.sort((x, y) => x.date - y.date);
  return { kind: 'promises', collector, logId: a.logId, asOf: a.asOf, broken: broken.slice(0, LIST_ITEMS), open: open.slice(0, LIST_ITEMS) };
}

export function invoiceStatus(a: Analysis, c: number): InvoiceStatus {
  const { log } = a;
  const timeline = caseTimeline(log, c)!;
  const has = (activity: string) => timeline.events.some((e) => e.activity === activity && e.time <= a.asOf);
  const open = openAt(a, c, a.asOf) !== null;
  const state: InvoiceState = has(Activity.InvoiceWrittenOff) ? 'writtenOff' : !open ? 'settled' : overdueAt(a, [c], a.asOf).overdue.has(c) ? 'overdue' : 'open';
  const disputes = timeline.events.filter((e) => e.activity === Activity.DisputeRegistered || e.activity === Activity.DisputeResolved);
  const promise = promiseState(a, c, Number.POSITIVE_INFINITY);
  return {
    kind: 'invoice',
    logId: a.logId,
    asOf: a.asOf,
    item: cardItem(a, c),
    state,
    amount: a.number(Column.InvoiceAmount, c),
    dueDate: a.number(Column.DueDate, c),
    disputed: disputes.length > 0 && disputes[disputes.length - 1].activity === Activity.DisputeRegistered,
    promise: promise.pending >= 0 ? promiseLine(a, c, promise.pending) : null,
    path: timeline.events.map((e) => ({ activity: e.activity, time: e.time, derived: e.derivedRule !== null })),
    violations: a.conformance.violationsOfCase(c).map((v) => ({ rule: a.policy.rules.find((r) => r.id === v.ruleId)?.description ?? v.ruleId, kind: v.kind })),
  };
}
