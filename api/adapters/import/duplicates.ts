import { valueAt, type AttributeColumn } from '../../engine/log/columns.ts';
import type { EventLog } from '../../engine/log/event-log.ts';

/**
 * Exact duplicates are kept, not dropped: extracts repeat rows (a join that fans out, two
 * overlapping exports appended), but two identical reminders can also be real, and the importer
 * cannot tell. Dropping would change counts without a trace; a warning lets the user decide.
 */
export function duplicateWarnings(log: EventLog): string[] {
  const n = duplicateEvents(log);
  if (n === 0) return [];
  return [`${n} event(s) repeat an earlier event of the same invoice exactly (same activity, time and values); they were kept, remove them at the source if the extract duplicated rows`];
}

/**
 * Events equal to an earlier event of their case. Events of a case are sorted by time, so an
 * equal one sits in the run of equal times just before; the look-back is capped so a case of a
 * thousand same-day events stays linear.
 */
const LOOK_BACK = 64;

export function duplicateEvents(log: EventLog): number {
  const columns = [...log.eventAttributes.values()];
  const { caseOffsets, time, activity, endTime } = log;
  let duplicates = 0;
  for (let c = 0; c + 1 < caseOffsets.length; c++) {
    const from = caseOffsets[c];
    for (let e = from + 1; e < caseOffsets[c + 1]; e++) {
      const stop = Math.max(from, e - LOOK_BACK);
      for (let f = e - 1; f >= stop && time[f] === time[e]; f--) {
        if (activity[f] !== activity[e]) continue;
        if (endTime && !same(endTime[f], endTime[e])) continue;
        if (columns.every((column) => sameCell(column, f, e))) {
          duplicates++;
          break;
        }
      }
    }
  }
  return duplicates;
}

function same(a: number, b: number): boolean {
  return a === b || (a !== a && b !== b);
}

function sameCell(column: AttributeColumn, a: number, b: number): boolean {
  if (column.sparse) return valueAt(column, a) === valueAt(column, b);
  return column.kind === 'string' ? column.codes[a] === column.codes[b] : same(column.values[a], column.values[b]);
}
