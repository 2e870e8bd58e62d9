import { CASE_COLUMNS, Column, EVENT_COLUMNS, type ValueType } from '../../engine/domain/columns.ts';

/**
 * Every column of the event-log template with its value type, in the domain reference's order:
 * the required three, the case columns, the event columns, then the log-level LastDataUpdate.
 * Importers match headers against these names; the template writer emits them in this order.
 */
export const TEMPLATE_COLUMN_TYPES: ReadonlyMap<string, ValueType> = new Map<string, ValueType>([
  [Column.InvoiceNumber, 'string'],
  [Column.ActivityName, 'string'],
  [Column.EventTime, 'time'],
  ...CASE_COLUMNS,
  ...EVENT_COLUMNS,
  [Column.LastDataUpdate, 'time'],
]);

export const TEMPLATE_COLUMNS: readonly string[] = [...TEMPLATE_COLUMN_TYPES.keys()];
