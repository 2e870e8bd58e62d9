/**
 * Column names of the event-log template (shared/domain/event-log-template.md) and the level
 * each belongs to. Importers map a user's own headers onto these; anything else is kept as an
 * attribute under its own name.
 */
export const Column = {
  InvoiceNumber: 'InvoiceNumber',
  ActivityName: 'ActivityName',
  EventTime: 'EventTime',
  CustomerId: 'CustomerId',
  CustomerName: 'CustomerName',
  CustomerSegment: 'CustomerSegment',
  InvoiceAmount: 'InvoiceAmount',
  InvoiceCurrency: 'InvoiceCurrency',
  DueDate: 'DueDate',
  PaymentTerms: 'PaymentTerms',
  CompanyCode: 'CompanyCode',
  CollectorName: 'CollectorName',
  InvoiceStatus: 'InvoiceStatus',
  DunningLevel: 'DunningLevel',
  DisputeReason: 'DisputeReason',
  PromiseDate: 'PromiseDate',
  PromiseAmount: 'PromiseAmount',
  CreditLimit: 'CreditLimit',
  DaysOverdue: 'DaysOverdue',
  SourceSystem: 'SourceSystem',
  LastDataUpdate: 'LastDataUpdate',
  /**
   * Not in the template's list but needed to infer settlement: the part of the invoice's open
   * balance an event settles (payment applied, credit memo). Dynamics: CustSettlement.SettleAmountCur.
   */
  SettledAmount: 'SettledAmount',
  /** Credit team owning the invoice (the organisation data maps collectors to teams). */
  CreditTeam: 'CreditTeam',
  /** Free text a user typed with an action (bot notes, dispute details). */
  Note: 'Note',
  /** Who recorded an event (collector, system). */
  Resource: 'Resource',
} as const;

export type ColumnName = (typeof Column)[keyof typeof Column];

export type ValueType = 'string' | 'number' | 'time';

/** Attributes of the invoice itself: one value per case (the latest one when a log repeats them). */
export const CASE_COLUMNS: ReadonlyMap<string, ValueType> = new Map<string, ValueType>([
  [Column.CustomerId, 'string'],
  [Column.CustomerName, 'string'],
  [Column.CustomerSegment, 'string'],
  [Column.InvoiceAmount, 'number'],
  [Column.InvoiceCurrency, 'string'],
  [Column.DueDate, 'time'],
  [Column.PaymentTerms, 'string'],
  [Column.CompanyCode, 'string'],
  [Column.CollectorName, 'string'],
  [Column.CreditTeam, 'string'],
  [Column.InvoiceStatus, 'string'],
  [Column.DaysOverdue, 'number'],
]);

/** Attributes of a single event: never promoted to the case, even when constant within one. */
export const EVENT_COLUMNS: ReadonlyMap<string, ValueType> = new Map<string, ValueType>([
  [Column.DunningLevel, 'string'],
  [Column.DisputeReason, 'string'],
  [Column.PromiseDate, 'time'],
  [Column.PromiseAmount, 'number'],
  [Column.CreditLimit, 'number'],
  [Column.SourceSystem, 'string'],
  [Column.SettledAmount, 'number'],
  [Column.Note, 'string'],
  [Column.Resource, 'string'],
]);

/** The three columns without which there is no event log. */
export const REQUIRED_COLUMNS = [Column.InvoiceNumber, Column.ActivityName, Column.EventTime] as const;
