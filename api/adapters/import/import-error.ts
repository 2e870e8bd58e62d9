/**
 * The one error every importer throws for bad input. It says where (file, row or line,
 * column, field), what was found and what was expected, in words a finance user can act on.
 */
export interface ImportErrorDetails {
  /** The file as the user named it. */
  readonly file: string;
  /** 1-based data row (the header is not counted), when the source has rows. */
  readonly row?: number;
  /** 1-based physical line in the file where the problem starts. */
  readonly line?: number;
  /** Column: a header name, a spreadsheet letter ("C (DueDate)"), or an XML column number. */
  readonly column?: string;
  /** The event-log field the value was meant for (EventTime, InvoiceAmount, an XES key). */
  readonly field?: string;
  /** The offending value, shortened for display. */
  readonly value?: string;
  /** What was expected, as a phrase: "a date such as 2023-03-15 or 2023-03-15T09:30:00Z". */
  readonly expected: string;
}

export class ImportError extends Error {
  readonly details: ImportErrorDetails;

  constructor(details: ImportErrorDetails) {
    super(formatImportError(details));
    this.name = 'ImportError';
    this.details = details;
  }
}

export function formatImportError(d: ImportErrorDetails): string {
  const where = [d.file];
  if (d.row !== undefined) where.push(`row ${d.row}`);
  if (d.line !== undefined) where.push(`line ${d.line}`);
  if (d.column !== undefined) where.push(`column ${d.column}`);
  if (d.field !== undefined && d.field !== d.column) where.push(`field ${d.field}`);
  const found = d.value === undefined ? '' : `found "${shorten(d.value)}", `;
  return `${where.join(', ')}: ${found}expected ${d.expected}`;
}

function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}
