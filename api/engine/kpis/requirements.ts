import { Activity } from '../domain/activities.ts';
import { Column } from '../domain/columns.ts';
import type { EventLog } from '../log/event-log.ts';
import { DUNNING_ACTIVITIES } from './case-facts.ts';
import type { KpiName } from './types.ts';

/**
 * What each KPI needs from the log. Each entry is a list of alternatives: one of them must be
 * present (a column with usable values, or an activity). A KPI whose needs the log does not meet
 * is null everywhere, with the reason, rather than a misleading 0.
 */
const NEEDS: Readonly<Record<KpiName, readonly (readonly string[])[]>> = {
  dso: [[Column.InvoiceAmount]],
  countbackDso: [[Column.InvoiceAmount]],
  cei: [[Column.InvoiceAmount], [Column.DueDate]],
  aging: [[Column.InvoiceAmount], [Column.DueDate]],
  averageDaysToPay: [[Activity.InvoiceSettled]],
  averageDaysDelinquent: [[Activity.InvoiceSettled], [Column.DueDate]],
  onTimeRate: [[Activity.InvoiceSettled], [Column.DueDate]],
  disputeResolutionDays: [[Activity.DisputeRegistered], [Activity.DisputeResolved]],
  cashApplicationLagDays: [[Activity.PaymentReceived], [Activity.PaymentApplied]],
  creditApprovalDays: [[Activity.CreditLimitRequested], [Activity.CreditLimitApproved]],
  collectionSuccessRate: [[...DUNNING_ACTIVITIES], [Activity.InvoiceSettled, Activity.InvoiceWrittenOff]],
  dunningAdherence: [[Column.DueDate, Activity.PaymentDueDatePassed]],
  writeOffRate: [[Activity.InvoiceSettled, Activity.InvoiceWrittenOff]],
  writeOffValueRate: [[Activity.InvoiceSettled, Activity.InvoiceWrittenOff], [Column.InvoiceAmount]],
  promiseKeptRate: [[Activity.PromiseToPayReceived], [Column.PromiseDate]],
};

/** Columns that only count when their values are numbers or instants. */
const NUMERIC_COLUMNS: ReadonlySet<string> = new Set([Column.InvoiceAmount, Column.DueDate, Column.PromiseDate]);

export function unavailableKpis(log: EventLog): Partial<Record<KpiName, string>> {
  const has = (name: string): boolean => {
    if (log.activities.includes(name)) return true;
    const column = log.caseAttributes.get(name) ?? log.eventAttributes.get(name);
    if (!column) return false;
    return !NUMERIC_COLUMNS.has(name) || column.kind === 'number' || column.kind === 'time';
  };
  const result: Partial<Record<KpiName, string>> = {};
  for (const [kpi, needs] of Object.entries(NEEDS) as [KpiName, readonly (readonly string[])[]][]) {
    const lacking = needs.filter((alternatives) => !alternatives.some(has)).map((alternatives) => alternatives.join(' or '));
    if (lacking.length) result[kpi] = `the log has no ${lacking.join(', no ')}`;
  }
  return result;
}
