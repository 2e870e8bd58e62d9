import { LogBuilder } from '../../api/engine/log/builder.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';
import type { AttributeValue } from '../../api/engine/log/columns.ts';

/** An ISO instant in epoch ms, for hand-made logs. */
export const t = (iso: string): number => Date.parse(iso);

export interface HandEvent {
  readonly c: string;
  readonly a: string;
  readonly at: string;
  readonly attrs?: Record<string, AttributeValue>;
}

/**
 * A log from a compact list of events. Attribute values that look like ISO dates in a column
 * named *Date or *Time become time values, as an importer would make them.
 */
export function logOf(events: readonly HandEvent[], cases: Record<string, Record<string, AttributeValue>> = {}, lastDataUpdate?: string): EventLog {
  const builder = new LogBuilder({ lastDataUpdate: lastDataUpdate ? t(lastDataUpdate) : undefined });
  for (const ev of events) {
    const e = builder.addEvent(ev.c, ev.a, t(ev.at));
    for (const [name, value] of Object.entries(ev.attrs ?? {})) {
      if (typeof value === 'string' && /(Date|Time)$/.test(name)) builder.setEventAttribute(e, name, t(value), 'time');
      else builder.setEventAttribute(e, name, value);
    }
  }
  for (const [caseId, attrs] of Object.entries(cases)) {
    for (const [name, value] of Object.entries(attrs)) {
      if (typeof value === 'string' && /(Date|Time)$/.test(name)) builder.setCaseAttribute(caseId, name, t(value), 'time');
      else builder.setCaseAttribute(caseId, name, value);
    }
  }
  return builder.build();
}

/** Activity names of one case, in log order. */
export function trace(log: EventLog, caseId: string): string[] {
  const c = log.caseIds.indexOf(caseId);
  const out: string[] = [];
  for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) out.push(log.activities[log.activity[e]]);
  return out;
}
