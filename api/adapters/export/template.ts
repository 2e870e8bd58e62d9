import { extname } from 'node:path';
import { Activity } from '../../engine/domain/activities.ts';
import { TEMPLATE_COLUMNS } from '../import/template-columns.ts';
import { parseIsoInstant } from '../../engine/log/instants.ts';
import { writeCsv } from './csv-writer.ts';
import type { EventRecord } from './event-record.ts';
import { writeXlsx } from './xlsx-writer.ts';

export { TEMPLATE_COLUMNS };

const at = parseIsoInstant;
const AS_OF = at('2023-06-01T06:00:00Z');

/** Invoice fields repeat on every row of the invoice: that is how a flat file carries them. */
const HAPPY_INVOICE = {
  InvoiceNumber: 'INV-2023-001238',
  CustomerId: 'CUST-00543',
  CustomerName: 'Contoso Pharmaceuticals, Ltd.',
  CustomerSegment: 'Enterprise',
  InvoiceAmount: 12800,
  InvoiceCurrency: 'USD',
  DueDate: at('2023-03-31'),
  PaymentTerms: 'Net 30',
  CompanyCode: 'US01',
  CollectorName: 'John Smith',
  CreditTeam: 'Collections Team A',
  InvoiceStatus: 'Paid',
  SourceSystem: 'Dynamics 365 Finance',
  LastDataUpdate: AS_OF,
} as const;

const OVERDUE_INVOICE = {
  InvoiceNumber: 'INV-2023-001239',
  CustomerId: 'CUST-00871',
  CustomerName: 'Fabrikam Retail GmbH',
  CustomerSegment: 'SMB',
  InvoiceAmount: 5400.5,
  InvoiceCurrency: 'EUR',
  DueDate: at('2023-04-14'),
  PaymentTerms: 'Net 30',
  CompanyCode: 'DE01',
  CollectorName: 'Maria Garcia',
  CreditTeam: 'Collections Team B',
  InvoiceStatus: 'Paid',
  SourceSystem: 'Dynamics 365 Finance',
  LastDataUpdate: AS_OF,
} as const;

/**
 * The template's example rows: one invoice on the happy path, one paid late after a reminder,
 * a level-1 dunning letter and a promise to pay. Calculated and inferred activities (Payment
 * Due Date Passed, Invoice Settled) are left out: the product derives them itself.
 */
export function templateRecords(): EventRecord[] {
  return [
    { ...HAPPY_INVOICE, ActivityName: Activity.InvoiceCreated, EventTime: at('2023-02-28T16:05:00Z') },
    { ...HAPPY_INVOICE, ActivityName: Activity.InvoicePosted, EventTime: at('2023-03-01T09:12:00Z') },
    { ...HAPPY_INVOICE, ActivityName: Activity.InvoiceSent, EventTime: at('2023-03-01T09:30:00Z') },
    { ...HAPPY_INVOICE, ActivityName: Activity.PaymentReceived, EventTime: at('2023-03-28T10:02:00Z') },
    { ...HAPPY_INVOICE, ActivityName: Activity.PaymentApplied, EventTime: at('2023-03-28T14:45:00Z'), SettledAmount: 12800 },
    { ...OVERDUE_INVOICE, ActivityName: Activity.InvoiceCreated, EventTime: at('2023-03-15T08:40:00Z') },
    { ...OVERDUE_INVOICE, ActivityName: Activity.InvoicePosted, EventTime: at('2023-03-15T09:30:00Z') },
    { ...OVERDUE_INVOICE, ActivityName: Activity.InvoiceSent, EventTime: at('2023-03-15T10:00:00Z') },
    { ...OVERDUE_INVOICE, ActivityName: Activity.ReminderSent, EventTime: at('2023-04-17T07:00:00Z'), Resource: 'Dunning run' },
    { ...OVERDUE_INVOICE, ActivityName: Activity.DunningLetterIssued, EventTime: at('2023-04-24T07:00:00Z'), DunningLevel: '1', Resource: 'Dunning run' },
    {
      ...OVERDUE_INVOICE,
      ActivityName: Activity.CollectionContactMade,
      EventTime: at('2023-04-26T13:20:00Z'),
      Resource: 'Maria Garcia',
      Note: 'Called accounts payable; invoice had not been approved yet',
    },
    {
      ...OVERDUE_INVOICE,
      ActivityName: Activity.PromiseToPayReceived,
      EventTime: at('2023-04-26T13:25:00Z'),
      PromiseDate: at('2023-05-05'),
      PromiseAmount: 5400.5,
      Resource: 'Maria Garcia',
    },
    { ...OVERDUE_INVOICE, ActivityName: Activity.PaymentReceived, EventTime: at('2023-05-04T11:00:00Z') },
    { ...OVERDUE_INVOICE, ActivityName: Activity.PaymentApplied, EventTime: at('2023-05-05T09:15:00Z'), SettledAmount: 5400.5 },
  ];
}

export interface TemplateWritten {
  readonly path: string;
  readonly format: 'csv' | 'xlsx';
  readonly columns: number;
  readonly events: number;
}

/**
 * Writes an empty event-log template with example rows: every template column in the domain
 * order, as .csv or .xlsx by the file's extension.
 */
export async function writeTemplate(path: string): Promise<TemplateWritten> {
  const ext = extname(path).toLowerCase();
  const records = templateRecords();
  if (ext === '.csv') {
    await writeCsv(records, path, { columns: TEMPLATE_COLUMNS });
    return { path, format: 'csv', columns: TEMPLATE_COLUMNS.length, events: records.length };
  }
  if (ext === '.xlsx') {
    await writeXlsx(records, path, { columns: TEMPLATE_COLUMNS });
    return { path, format: 'xlsx', columns: TEMPLATE_COLUMNS.length, events: records.length };
  }
  throw new Error(`a template is written as .csv or .xlsx, not "${ext || path}"`);
}
