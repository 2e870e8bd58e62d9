import { Column } from '../domain/columns.ts';
import type { EventLog } from '../log/event-log.ts';

const amountCache = new WeakMap<EventLog, Map<string, Float64Array>>();

/**
 * Per case index: a case attribute as a number (default InvoiceAmount), 0 when missing or not
 * a number. Cached per log: every map weighs its waiting times by it.
 */
export function caseAmounts(log: EventLog, attribute: string = Column.InvoiceAmount): Float64Array {
  let perLog = amountCache.get(log);
  if (!perLog) {
    perLog = new Map();
    amountCache.set(log, perLog);
  }
  let amounts = perLog.get(attribute);
  if (amounts) return amounts;
  const nCases = log.caseIds.length;
  amounts = new Float64Array(nCases);
  const column = log.caseAttributes.get(attribute);
  if (column?.kind === 'number' && column.sparse) {
    // Only the cases that have an amount are listed; the rest stay 0.
    for (let k = 0; k < column.rows.length; k++) {
      const v = column.at[k];
      amounts[column.rows[k]] = Number.isFinite(v) ? v : 0;
    }
  } else if (column?.kind === 'number' && !column.sparse) {
    for (let c = 0; c < nCases; c++) {
      const v = column.values[c];
      amounts[c] = Number.isFinite(v) ? v : 0;
    }
  } else if (column?.kind === 'string') {
    // A column that mixed types became strings; its numeric texts still count.
    const parsed = column.dict.map((text) => {
      const v = text.trim() === '' ? Number.NaN : Number(text);
      return Number.isFinite(v) ? v : 0;
    });
    for (let c = 0; c < nCases; c++) amounts[c] = parsed[column.codes[c]];
  }
  perLog.set(attribute, amounts);
  return amounts;
}
