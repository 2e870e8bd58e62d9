import { toSelection, visibleEvents, type SelectionInput } from '../filtering/selection.ts';
import { valueAt, type AttributeColumn, type AttributeValue } from '../log/columns.ts';
import { caseIndexOf, completionTime, type EventLog } from '../log/event-log.ts';

export interface TimelineEvent {
  /** Event index in the log. */
  readonly index: number;
  readonly activity: string;
  /** Epoch ms. */
  readonly time: number;
  /** Epoch ms, or null for an instant event. */
  readonly endTime: number | null;
  /** The rule that made a derived event; null for recorded events. */
  readonly derivedRule: string | null;
  /** The event's non-missing event-level attributes (times as epoch ms). */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** ms since the previous shown event completed (clamped at 0 like DFG waiting); null for the first. */
  readonly waitSincePrevious: number | null;
}

export interface CaseTimeline {
  readonly caseIndex: number;
  readonly caseId: string;
  /** The case's non-missing case-level attributes. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  readonly events: readonly TimelineEvent[];
}

/**
 * One case's events in order. The selection decides which events show (derived hidden, activity
 * slider), not whether the case does: the case asked for is always returned. Null for an
 * unknown case id or index.
 */
export function caseTimeline(log: EventLog, caseRef: number | string, input?: SelectionInput): CaseTimeline | null {
  const c = typeof caseRef === 'string' ? caseIndexOf(log, caseRef) : caseRef;
  if (!Number.isInteger(c) || c < 0 || c >= log.caseIds.length) return null;
  const visible = visibleEvents(log, toSelection(log, input));
  const events: TimelineEvent[] = [];
  let prevDone = Number.NaN;
  for (let e = log.caseOffsets[c], to = log.caseOffsets[c + 1]; e < to; e++) {
    if (visible !== null && visible[e] === 0) continue;
    const time = log.time[e];
    const end = log.endTime?.[e];
    const derived = log.derived[e];
    events.push({
      index: e,
      activity: log.activities[log.activity[e]],
      time,
      endTime: end === undefined || Number.isNaN(end) ? null : end,
      derivedRule: derived === 0 ? null : (log.derivationRules[derived - 1] ?? null),
      attributes: attributesAt(log.eventAttributes, e),
      waitSincePrevious: Number.isNaN(prevDone) ? null : Math.max(0, time - prevDone),
    });
    prevDone = completionTime(log, e);
  }
  return { caseIndex: c, caseId: log.caseIds[c], attributes: attributesAt(log.caseAttributes, c), events };
}

function attributesAt(columns: ReadonlyMap<string, AttributeColumn>, row: number): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const [name, column] of columns) {
    const value = valueAt(column, row);
    if (value !== null) result[name] = value;
  }
  return result;
}
