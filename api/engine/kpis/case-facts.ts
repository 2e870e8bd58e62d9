import { Activity } from '../domain/activities.ts';
import { DAY_MS, dayIndex } from '../domain/calendar.ts';
import { Column } from '../domain/columns.ts';
import { denseValues } from '../log/columns.ts';
import type { EventLog } from '../log/event-log.ts';
import { balanceModel } from './open-balance.ts';

/**
 * Per-case milestones read once from the log (one pass over the events), shared by the KPI
 * families and the policy check. Times are epoch ms, NaN when the case never reached the milestone.
 */
export interface CaseFacts {
  readonly postedAt: Float64Array;
  /** First Invoice Settled. */
  readonly settledAt: Float64Array;
  /** First Invoice Written Off, and that event's index (-1 none). */
  readonly writtenOffAt: Float64Array;
  readonly writeOffEvent: Int32Array;
  /** Settled or written off, whichever came first. */
  readonly closedAt: Float64Array;
  /** First Reminder Sent, Dunning Letter Issued or Dunning Process Started. */
  readonly dunnedAt: Float64Array;
  /** First Payment Due Date Passed event. */
  readonly dueDatePassedAt: Float64Array;
  /** DueDate as a UTC day index; null when the log has no usable DueDate column. */
  readonly dueDay: Float64Array | null;
}

const cache = new WeakMap<EventLog, CaseFacts>();

export const DUNNING_ACTIVITIES = [Activity.ReminderSent, Activity.DunningLetterIssued, Activity.DunningProcessStarted] as const;

export function caseFacts(log: EventLog): CaseFacts {
  const cached = cache.get(log);
  if (cached) return cached;
  const nCases = log.caseIds.length;
  const settledAt = new Float64Array(nCases).fill(Number.NaN);
  const writtenOffAt = new Float64Array(nCases).fill(Number.NaN);
  const writeOffEvent = new Int32Array(nCases).fill(-1);
  const dunnedAt = new Float64Array(nCases).fill(Number.NaN);
  const dueDatePassedAt = new Float64Array(nCases).fill(Number.NaN);

  // One role per activity code so the event loop is a single table lookup and switch.
  const SETTLED = 1;
  const WRITTEN_OFF = 2;
  const DUNNING = 3;
  const DUE_PASSED = 4;
  const role = new Uint8Array(log.activities.length);
  log.activities.forEach((name, code) => {
    if (name === Activity.InvoiceSettled) role[code] = SETTLED;
    else if (name === Activity.InvoiceWrittenOff) role[code] = WRITTEN_OFF;
    else if ((DUNNING_ACTIVITIES as readonly string[]).includes(name)) role[code] = DUNNING;
    else if (name === Activity.PaymentDueDatePassed) role[code] = DUE_PASSED;
  });

  const { caseOffsets: off, activity, time } = log;
  for (let c = 0; c < nCases; c++) {
    for (let e = off[c]; e < off[c + 1]; e++) {
      const r = role[activity[e]];
      if (r === 0) continue;
      const t = time[e];
      if (r === SETTLED) {
        if (settledAt[c] !== settledAt[c]) settledAt[c] = t;
      } else if (r === WRITTEN_OFF) {
        if (writeOffEvent[c] < 0) {
          writtenOffAt[c] = t;
          writeOffEvent[c] = e;
        }
      } else if (r === DUNNING) {
        if (dunnedAt[c] !== dunnedAt[c]) dunnedAt[c] = t;
      } else if (dueDatePassedAt[c] !== dueDatePassedAt[c]) dueDatePassedAt[c] = t;
    }
  }

  const balance = balanceModel(log);
  const facts: CaseFacts = {
    postedAt: balance.postedAt,
    settledAt,
    writtenOffAt,
    writeOffEvent,
    closedAt: balance.closedAt,
    dunnedAt,
    dueDatePassedAt,
    dueDay: dueDays(log),
  };
  cache.set(log, facts);
  return facts;
}

function dueDays(log: EventLog): Float64Array | null {
  const column = log.caseAttributes.get(Column.DueDate);
  if (!column || (column.kind !== 'time' && column.kind !== 'number')) return null;
  const values = denseValues(column);
  const days = new Float64Array(values.length);
  for (let c = 0; c < days.length; c++) days[c] = dayIndex(values[c]);
  return days;
}

/**
 * Per case: when the invoice became overdue, NaN when it never did by `cutoff`. Overdue = not
 * settled or written off by the end of its due date: from its Payment Due Date Passed event, or
 * computed from DueDate when derivation has not run.
 */
export function overdueSince(facts: CaseFacts, cutoff: number): Float64Array {
  let perCutoff = overdueCache.get(facts);
  if (!perCutoff) {
    perCutoff = new Map();
    overdueCache.set(facts, perCutoff);
  }
  let result = perCutoff.get(cutoff);
  if (!result) {
    result = computeOverdueSince(facts, cutoff);
    perCutoff.set(cutoff, result);
  }
  return result;
}

/** Cached per facts (so per log) and cut-off: KPIs and repeated checks of one log share it. */
const overdueCache = new WeakMap<CaseFacts, Map<number, Float64Array>>();

function computeOverdueSince(facts: CaseFacts, cutoff: number): Float64Array {
  const n = facts.closedAt.length;
  const result = new Float64Array(n).fill(Number.NaN);
  const { dueDatePassedAt, dueDay, closedAt } = facts;
  for (let c = 0; c < n; c++) {
    const passed = dueDatePassedAt[c];
    if (passed <= cutoff) {
      result[c] = passed;
      continue;
    }
    if (!dueDay) continue;
    const due = dueDay[c];
    if (due !== due) continue;
    const since = (due + 1) * DAY_MS;
    if (since <= cutoff && !(closedAt[c] < since)) result[c] = since;
  }
  return result;
}

