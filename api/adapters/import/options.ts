import type { EventLog } from '../../engine/log/event-log.ts';
import type { ImportLimits } from './limits.ts';

/** The user's own column names, for files that do not use the template's. */
export interface ColumnMapping {
  /** Header holding the case id (template: InvoiceNumber). */
  case?: string;
  /** Header holding the activity (template: ActivityName). */
  activity?: string;
  /** Header holding the event time (template: EventTime). */
  time?: string;
  /** source header -> template column */
  columns?: Record<string, string>;
}

export interface ImportProgress {
  bytesRead: number;
  totalBytes: number;
  events: number;
}

export interface ImportOptions {
  /** File name shown in errors; default basename(path). */
  displayName?: string;
  /** The user's own column names. */
  mapping?: ColumnMapping;
  /**
   * For non-ISO times, e.g. 'DD/MM/YYYY HH:mm', 'MM/DD/YYYY', 'YYYY-MM-DD HH:mm:ss'
   * (tokens YYYY MM DD HH mm ss SSS, any other character literal); interpreted as UTC.
   * ISO-8601 values are still accepted.
   */
  timeFormat?: string;
  /** CSV only; default: detected among ',', ';', '\t', '|'. */
  delimiter?: string;
  /** Called at most every ~200 ms and once at the end. */
  onProgress?: (p: ImportProgress) => void;
  signal?: AbortSignal;
  /** Bounds for untrusted files; each defaults to DEFAULT_LIMITS (docs/RELIABILITY.md). */
  limits?: Partial<ImportLimits>;
}

export type ImportFormat = 'csv' | 'xlsx' | 'xes';

export interface ImportResult {
  /** The raw log: events as recorded, no derived events. */
  log: EventLog;
  format: ImportFormat;
  /** Data rows (or XES events) read. */
  rows: number;
  /** Things the user should know about but that did not stop the import. */
  warnings: string[];
}
