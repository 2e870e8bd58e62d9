import { Column } from '../domain/columns.ts';
import { gatherColumn, type AttributeColumn } from '../log/columns.ts';
import type { EventLog } from '../log/event-log.ts';

/**
 * Case attributes that describe the invoice as of the extract (its status, days overdue): an
 * earlier cut-off cannot know them.
 */
const AS_OF_EXTRACT: readonly string[] = [Column.InvoiceStatus, Column.DaysOverdue, Column.LastDataUpdate];

/**
 * The log as it would have been extracted at `cutoff`: recorded events up to then, derived events
 * dropped (prepareLog derives them again from what was known), invoices without an event by then
 * left out, and `cutoff` as the "as of" instant.
 */
export function truncateLog(log: EventLog, cutoff: number): EventLog {
  const { caseOffsets: off, time, derived } = log;
  const keptCases: number[] = [];
  const rows: number[] = [];
  const offsets: number[] = [0];
  for (let c = 0; c < log.caseIds.length; c++) {
    const before = rows.length;
    // Events are in time order within a case, so the ones by the cut-off come first.
    for (let e = off[c]; e < off[c + 1] && time[e] <= cutoff; e++) if (derived[e] === 0) rows.push(e);
    if (rows.length === before) continue;
    keptCases.push(c);
    offsets.push(rows.length);
  }
  const source = Int32Array.from(rows);
  const caseAttributes = new Map<string, AttributeColumn>();
  for (const [name, column] of log.caseAttributes) if (!AS_OF_EXTRACT.includes(name)) caseAttributes.set(name, gatherColumn(column, keptCases));
  const eventAttributes = new Map<string, AttributeColumn>();
  for (const [name, column] of log.eventAttributes) eventAttributes.set(name, gatherColumn(column, source));
  let endTime: Float64Array | null = null;
  if (log.endTime) {
    endTime = Float64Array.from(source, (e) => (log.endTime![e] <= cutoff ? log.endTime![e] : Number.NaN));
  }
  // Only the activities still present: a name without events (a derived one) would read as "the log has it".
  const code = new Int32Array(log.activities.length).fill(-1);
  const activities: string[] = [];
  const activity = Uint32Array.from(source, (e) => {
    const a = log.activity[e];
    if (code[a] < 0) code[a] = activities.push(log.activities[a]) - 1;
    return code[a];
  });
  return {
    caseIds: keptCases.map((c) => log.caseIds[c]),
    activities,
    caseOffsets: Uint32Array.from(offsets),
    activity,
    time: Float64Array.from(source, (e) => time[e]),
    endTime,
    derived: new Uint8Array(source.length),
    derivationRules: [],
    eventAttributes,
    caseAttributes,
    lastDataUpdate: cutoff,
  };
}
