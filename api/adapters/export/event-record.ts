/**
 * One event as a flat row in the template's column names: the form the sample generator emits
 * and the CSV, XLSX and XES writers consume. Columns whose template type is 'time'
 * (EventTime, DueDate, PromiseDate, LastDataUpdate) hold epoch milliseconds; writers format
 * them as ISO-8601. Absent and null mean "no value".
 */
export interface EventRecord {
  readonly InvoiceNumber: string;
  readonly ActivityName: string;
  readonly EventTime: number;
  readonly [column: string]: string | number | null | undefined;
}
