/**
 * The export tables: the stable, documented shape of what GET /api/exports/<table>.<format>
 * returns. This is the one definition. The writers take their column lists and types from it,
 * docs/EXPORTS.md is generated from it, and a test holds the Power BI model (reports/) to it.
 *
 * Changing a name or a type breaks every report built on the exports. Add columns at the end
 * instead, and bump EXPORT_SCHEMA_VERSION when you do.
 */

export const EXPORT_SCHEMA_VERSION = 1;

/** Column types, named as TMDL names them (dataType), so the model can be checked 1:1. */
export type ExportType = 'string' | 'int64' | 'double' | 'dateTime' | 'boolean';

export interface ExportColumn {
  readonly name: string;
  readonly type: ExportType;
  /** Never empty in any row: a model or a downstream load may rely on it. */
  readonly required: boolean;
  readonly description: string;
}

export interface ExportTable {
  readonly name: ExportTableName;
  readonly title: string;
  readonly grain: string;
  readonly description: string;
  readonly columns: readonly ExportColumn[];
}

export const EXPORT_TABLE_NAMES = ['cases', 'events', 'monthly_kpis', 'violations', 'team_members'] as const;
export type ExportTableName = (typeof EXPORT_TABLE_NAMES)[number];

export const EXPORT_FORMATS = ['csv', 'parquet'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

const col = (name: string, type: ExportType, description: string, required = false): ExportColumn => ({ name, type, required, description });
const key = (name: string, type: ExportType, description: string): ExportColumn => col(name, type, description, true);

const AMOUNT = 'in the reporting currency (USD unless the log says otherwise)';

export const EXPORT_TABLES: readonly ExportTable[] = [
  {
    name: 'cases',
    title: 'Cases',
    grain: 'one row per invoice you may see',
    description: 'Invoice attributes as the log carries them, with when the invoice started, ended and closed. Columns the log lacks are empty.',
    columns: [
      key('InvoiceNumber', 'string', 'The case id: the invoice number (Dynamics: CustTrans.Invoice).'),
      col('CompanyCode', 'string', 'Legal entity (dataAreaId).'),
      col('CustomerId', 'string', 'Customer account.'),
      col('CustomerName', 'string', 'Customer name.'),
      col('CustomerSegment', 'string', 'Customer segment.'),
      col('CreditTeam', 'string', 'Credit team owning the invoice; the row-level security key.'),
      col('CollectorName', 'string', 'Collector owning the invoice.'),
      col('PaymentTerms', 'string', 'Payment terms code.'),
      col('InvoiceCurrency', 'string', 'ISO 4217 currency of InvoiceAmount.'),
      col('InvoiceAmount', 'double', 'Invoice amount in InvoiceCurrency.'),
      col('DueDate', 'dateTime', 'Due date (UTC).'),
      col('InvoiceStatus', 'string', 'Status as the source system reports it.'),
      col('DaysOverdue', 'double', 'Days overdue as the source system reports it.'),
      key('EventCount', 'int64', 'Events of the invoice, derived events included.'),
      key('FirstEventAt', 'dateTime', 'Time of the first event (UTC).'),
      key('LastEventAt', 'dateTime', 'Time of the last event (UTC).'),
      col('SettledAt', 'dateTime', 'First Invoice Settled event (UTC); empty while unsettled.'),
      col('WrittenOffAt', 'dateTime', 'First Invoice Written Off event (UTC).'),
      key('Outcome', 'string', 'settled or writtenOff, whichever closed the invoice first; open while neither happened.'),
    ],
  },
  {
    name: 'events',
    title: 'Events',
    grain: 'one row per event of an invoice you may see',
    description: 'The event log itself, in case order then time order, derived events marked.',
    columns: [
      key('InvoiceNumber', 'string', 'The case id; joins cases.InvoiceNumber.'),
      key('Sequence', 'int64', 'Position of the event within its invoice, from 0.'),
      key('EventIndex', 'int64', 'Position of the event in the whole log version, from 0 (what violations.EventIndex names).'),
      key('Activity', 'string', 'Activity name (the canonical names are listed in docs/SAMPLE-DATA.md).'),
      key('EventTime', 'dateTime', 'When it happened (UTC).'),
      col('EndTime', 'dateTime', 'When it completed, for logs with start and complete times.'),
      key('IsDerived', 'boolean', 'true for events Collections Lens calculated or inferred.'),
      col('DerivationRule', 'string', 'The rule that derived it.'),
      col('Resource', 'string', 'Who recorded it.'),
      col('DunningLevel', 'string', 'Dunning level of a reminder or letter.'),
      col('DisputeReason', 'string', 'Reason of a dispute.'),
      col('PromiseDate', 'dateTime', 'Promised payment date (UTC).'),
      col('PromiseAmount', 'double', 'Promised amount, invoice currency.'),
      col('SettledAmount', 'double', 'Part of the open balance this event settles, invoice currency.'),
    ],
  },
  {
    name: 'monthly_kpis',
    title: 'Monthly KPIs',
    grain: 'one row per calendar month × company × segment × credit team',
    description:
      'The engine\'s KPIs (docs/KPIS.md) with each calendar month as the period, as additive parts: totals and counts, so a report can ' +
      're-aggregate them over any selection (a day total ÷ its count is the average; AR ÷ credit sales × days is DSO). Amounts ' +
      `${AMOUNT}; durations in days.`,
    columns: [
      key('Month', 'string', 'YYYY-MM.'),
      key('MonthStart', 'dateTime', 'First instant of the month (UTC).'),
      key('PeriodDays', 'double', 'Days in the month.'),
      col('CompanyCode', 'string', 'Empty for invoices without one.'),
      col('CustomerSegment', 'string', 'Empty for invoices without one.'),
      col('CreditTeam', 'string', 'Empty for invoices without one; the row-level security key.'),
      key('ReportingCurrency', 'string', 'Currency of the amounts.'),
      key('PostedInPeriod', 'int64', 'Invoices posted in the month.'),
      key('CreditSales', 'double', 'InvoiceAmount of the invoices posted in the month.'),
      key('BeginAr', 'double', 'Open receivables at the start of the month.'),
      key('EndAr', 'double', 'Open receivables at the end of the month.'),
      col('Dso', 'double', 'DSO of this row alone (EndAr ÷ CreditSales × PeriodDays); empty without sales. Re-aggregate from the parts instead.'),
      key('AgingCurrent', 'double', 'Open balance not yet due at month end.'),
      key('Aging1To30', 'double', 'Open balance 1-30 days past due at month end.'),
      key('Aging31To60', 'double', 'Open balance 31-60 days past due at month end.'),
      key('Aging61To90', 'double', 'Open balance 61-90 days past due at month end.'),
      key('Aging90Plus', 'double', 'Open balance over 90 days past due at month end.'),
      key('AgingNoDueDate', 'double', 'Open balance of invoices without a due date at month end.'),
      key('SettledInPeriod', 'int64', 'Invoices settled in the month.'),
      key('DaysToPayTotal', 'double', 'Σ days from posting to settlement over SettledInPeriod.'),
      key('SettledWithDueDate', 'int64', 'Settled in the month and having a due date.'),
      key('DaysDelinquentTotal', 'double', 'Σ days paid late (0 when on time) over SettledWithDueDate.'),
      key('DisputesResolved', 'int64', 'Disputes resolved in the month.'),
      key('DisputeDaysTotal', 'double', 'Σ days from registration to resolution over DisputesResolved.'),
      key('CashApplications', 'int64', 'Payments applied in the month.'),
      key('CashApplicationDaysTotal', 'double', 'Σ days from receipt to application over CashApplications.'),
      key('ClosedInPeriod', 'int64', 'Invoices settled or written off in the month.'),
      key('WrittenOffInPeriod', 'int64', 'Of which written off.'),
      key('ClosedValue', 'double', 'InvoiceAmount of the invoices closed in the month.'),
      key('WrittenOffValue', 'double', 'Open balance written off in the month.'),
    ],
  },
  {
    name: 'violations',
    title: 'Violations',
    grain: 'one row per dunning-policy violation of an invoice you may see',
    description: 'Violations of the dunning policy in force (docs/POLICY.md), checked as of the log\'s last data update.',
    columns: [
      key('InvoiceNumber', 'string', 'The case id; joins cases.InvoiceNumber.'),
      key('RuleId', 'string', 'Policy rule violated.'),
      key('Kind', 'string', 'missing, late, too-early, forbidden or out-of-order.'),
      col('EventIndex', 'int64', 'The offending event, or for a missing step the event that required it (events.EventIndex).'),
      col('DueAt', 'dateTime', 'When the missing or late step was due (UTC).'),
      col('Exposure', 'double', `Open balance at stake, ${AMOUNT}.`),
      col('Detail', 'string', 'Explanation.'),
      key('PolicyVersion', 'int64', 'Policy version checked (0 = the built-in default).'),
    ],
  },
  {
    name: 'team_members',
    title: 'Team Members',
    grain: 'one row per sign-in name and credit team',
    description:
      'Who belongs to which credit team, by sign-in name (UPN): the mapping the model\'s Team role uses when a report is opened with ' +
      'the user\'s own Power BI identity (embed for your organisation). Names come from user mappings and collector e-mails.',
    columns: [
      key('Upn', 'string', 'Sign-in name, lower case.'),
      key('CreditTeam', 'string', 'A team whose invoices the user may see.'),
      key('Person', 'string', 'The person as the organisation names them.'),
      key('TeamRole', 'string', 'manager or member.'),
    ],
  },
];

export function exportTable(name: ExportTableName): ExportTable {
  return EXPORT_TABLES.find((table) => table.name === name)!;
}
