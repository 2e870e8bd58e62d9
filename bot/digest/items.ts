import { Column, dayIndex } from '../../api/engine/index.ts';
import type { CardItem, PromiseLine } from '../cards/model.ts';
import type { Analysis } from './analysis.ts';
import { openAt, promiseOf } from './case-state.ts';

/** A card item for an invoice, from its worklist entry (priority, next step) when it has one. */
export function cardItem(a: Analysis, c: number): CardItem {
  const w = a.worklistItem.get(c);
  const due = a.number(Column.DueDate, c);
  const open = w?.openBalance ?? openAt(a, c, a.asOf);
  return {
    invoice: a.log.caseIds[c],
    customer: w?.customer ?? a.text(Column.CustomerName, c),
    customerId: a.text(Column.CustomerId, c),
    collector: w?.collector ?? a.text(Column.CollectorName, c),
    currency: w?.currency ?? a.text(Column.InvoiceCurrency, c),
    openAmount: open !== null && open === open ? open : null,
    daysOverdue: w ? w.daysOverdue : due === null ? null : dayIndex(a.asOf) - dayIndex(due),
    nextStep: w ? { activity: w.nextStep.activity, text: w.nextStep.action, dueAt: w.nextStep.dueAt } : null,
  };
}

export function promiseLine(a: Analysis, c: number, e: number): PromiseLine {
  const { date, amount } = promiseOf(a, e);
  return { invoice: a.log.caseIds[c], customer: a.text(Column.CustomerName, c), date, amount, currency: a.text(Column.InvoiceCurrency, c) };
}

/** Overdue invoices by the worklist's priority (highest first); any it does not rank go last, most overdue first. */
export function byPriority(a: Analysis, cases: Iterable<number>): number[] {
  const rank = new Map<number, number>();
  a.worklist.items.forEach((item, i) => rank.set(item.caseIndex, i));
  return [...cases].sort((x, y) => (rank.get(x) ?? Infinity) - (rank.get(y) ?? Infinity) || x - y);
}
