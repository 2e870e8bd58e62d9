import { Activity } from '../domain/activities.ts';
import { DAY_MS } from '../domain/calendar.ts';

/** The rules that make calculated and inferred events; their text is what a user sees on a derived event. */
export const DerivationRule = {
  InvoiceSettled: `${Activity.InvoiceSettled}: inferred where applied payments and credit memos (SettledAmount) first bring the open balance of InvoiceAmount to zero for good`,
  PaymentDueDatePassed: `${Activity.PaymentDueDatePassed}: calculated at DueDate + 1 day, the invoice being neither settled nor written off by then`,
  PromiseToPayBroken: `${Activity.PromiseToPayBroken}: calculated at PromiseDate + 1 day, no payment having arrived since the promise`,
} as const;

export { DAY_MS };

/** Midnight UTC at the start of the day after `instant`: "date + 1 day" for a date column. */
export function dayAfter(instant: number): number {
  return Math.floor(instant / DAY_MS) * DAY_MS + DAY_MS;
}
