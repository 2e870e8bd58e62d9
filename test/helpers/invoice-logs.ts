import { LogBuilder } from '../../api/engine/log/builder.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';

/** Epoch ms of a date (midnight UTC) or an ISO instant. */
export const at = (iso: string): number => Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);

export type InvoiceEvent = readonly [activity: string, time: string, attributes?: { settled?: number; level?: string; promiseDate?: string }];

export interface InvoiceCase {
  readonly amount?: number;
  readonly currency?: string;
  readonly due?: string;
  readonly attributes?: Readonly<Record<string, string>>;
  readonly events: readonly InvoiceEvent[];
}

/**
 * A log of invoices given by dates, as of `asOf`. A case without an amount takes
 * `defaultAmount`; without either it has no InvoiceAmount, as an import of a file lacking it would.
 */
export function invoiceLog(asOf: string, cases: Readonly<Record<string, InvoiceCase>>, defaultAmount?: number): EventLog {
  const b = new LogBuilder({ lastDataUpdate: at(asOf) });
  for (const [id, spec] of Object.entries(cases)) {
    for (const [activity, time, attributes = {}] of spec.events) {
      const e = b.addEvent(id, activity, at(time));
      if (attributes.settled !== undefined) b.setEventAttribute(e, 'SettledAmount', attributes.settled);
      if (attributes.level) b.setEventAttribute(e, 'DunningLevel', attributes.level);
      if (attributes.promiseDate) b.setEventAttribute(e, 'PromiseDate', at(attributes.promiseDate), 'time');
    }
    const amount = spec.amount ?? defaultAmount;
    if (amount !== undefined) b.setCaseAttribute(id, 'InvoiceAmount', amount);
    b.setCaseAttribute(id, 'InvoiceCurrency', spec.currency ?? 'USD');
    if (spec.due) b.setCaseAttribute(id, 'DueDate', at(spec.due), 'time');
    for (const [name, value] of Object.entries(spec.attributes ?? {})) b.setCaseAttribute(id, name, value);
  }
  return b.build();
}
