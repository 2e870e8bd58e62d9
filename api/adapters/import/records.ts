import { CASE_COLUMNS, EVENT_COLUMNS } from '../../engine/domain/columns.ts';
import { LogBuilder } from '../../engine/log/builder.ts';
import type { EventLog } from '../../engine/log/event-log.ts';
import type { EventRecord } from '../export/event-record.ts';
import { isTimeColumn } from '../export/csv-writer.ts';

const CORE = new Set(['InvoiceNumber', 'ActivityName', 'EventTime', 'LastDataUpdate']);

/** A log straight from records (the sample generator, events recorded by the bot), no file in between. */
export function logFromRecords(records: Iterable<EventRecord>): EventLog {
  const builder = new LogBuilder();
  let lastDataUpdate = Number.NEGATIVE_INFINITY;
  for (const record of records) {
    const e = builder.addEvent(record.InvoiceNumber, record.ActivityName, record.EventTime);
    for (const name in record) {
      const value = record[name];
      if (value === null || value === undefined) continue;
      if (name === 'LastDataUpdate') {
        if (typeof value === 'number' && value > lastDataUpdate) lastDataUpdate = value;
        continue;
      }
      if (CORE.has(name)) continue;
      const declared = CASE_COLUMNS.get(name) ?? EVENT_COLUMNS.get(name);
      builder.setEventAttribute(e, name, value, isTimeColumn(name) ? 'time' : declared === 'number' ? 'number' : undefined);
    }
  }
  if (lastDataUpdate > Number.NEGATIVE_INFINITY) builder.lastDataUpdate = lastDataUpdate;
  return builder.build();
}
