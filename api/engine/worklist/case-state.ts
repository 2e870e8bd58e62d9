import { Activity } from '../domain/activities.ts';
import { DAY_MS } from '../domain/calendar.ts';
import { Column } from '../domain/columns.ts';
import { NumberReader } from '../log/columns.ts';
import type { EventLog } from '../log/event-log.ts';
import { eventLevels } from '../conformance/levels.ts';
import { DEFAULT_DUNNING_LEVELS, type DunningPolicy } from '../conformance/policy-schema.ts';
import { caseFacts, type CaseFacts } from '../kpis/case-facts.ts';
import { caseStrings, type CaseStrings } from '../kpis/groupings.ts';
import { dayAfter } from '../derive/rules.ts';

/** What an activity does to the collection state. */
export const Role = {
  None: 0,
  Dunning: 1,
  Broken: 2,
  DisputeOpened: 3,
  DisputeClosed: 4,
  Promise: 5,
  Payment: 6,
  /** Other things a collector does: a later one means the process moved on past a missed step. */
  Action: 7,
} as const;

/** What the state of an invoice is read from, prepared once per log and policy. */
export interface StateContext {
  readonly log: EventLog;
  readonly facts: CaseFacts;
  /** Per activity code: its role in the collection state (0 none). */
  readonly role: Uint8Array;
  /** Per event: 1-based dunning level of a letter (0 none). */
  readonly level: Uint8Array;
  readonly levelNames: readonly string[];
  readonly promiseDate: NumberReader | null;
  readonly promisePerEvent: boolean;
  readonly segment: CaseStrings | null;
  /**
   * Per case: the instant its age is counted from, "day 0": the start of the day after its due
   * date (when it falls overdue), or its posting time when it has no due date.
   */
  readonly origin: Float64Array;
  readonly hasDue: Uint8Array;
}

export function stateContext(log: EventLog, policy?: DunningPolicy): StateContext {
  const facts = caseFacts(log);
  const levelNames = policy?.dunningLevels ?? DEFAULT_DUNNING_LEVELS;
  const role = new Uint8Array(log.activities.length);
  const dunning = policy?.dunningActivity ?? Activity.DunningLetterIssued;
  log.activities.forEach((name, code) => {
    if (name === dunning) role[code] = Role.Dunning;
    else if (name === Activity.PromiseToPayBroken) role[code] = Role.Broken;
    else if (name === Activity.DisputeRegistered) role[code] = Role.DisputeOpened;
    else if (name === Activity.DisputeResolved) role[code] = Role.DisputeClosed;
    else if (name === Activity.PromiseToPayReceived) role[code] = Role.Promise;
    else if (name === Activity.PaymentReceived || name === Activity.PaymentApplied || name === Activity.InvoiceSettled) role[code] = Role.Payment;
    else if (name === Activity.ReminderSent || name === Activity.CollectionContactMade) role[code] = Role.Action;
  });
  const eventColumn = log.eventAttributes.get(Column.PromiseDate);
  const column = eventColumn ?? log.caseAttributes.get(Column.PromiseDate);
  const numeric = column && (column.kind === 'time' || column.kind === 'number') ? new NumberReader(column) : null;
  const n = log.caseIds.length;
  const origin = new Float64Array(n);
  const hasDue = new Uint8Array(n);
  const { dueDay, postedAt } = facts;
  for (let c = 0; c < n; c++) {
    const due = dueDay ? dueDay[c] : Number.NaN;
    hasDue[c] = due === due ? 1 : 0;
    origin[c] = due === due ? (due + 1) * DAY_MS : postedAt[c];
  }
  return {
    log,
    facts,
    role,
    level: eventLevels(log, levelNames),
    levelNames,
    promiseDate: numeric,
    promisePerEvent: numeric !== null && eventColumn === column,
    segment: caseStrings(log, Column.CustomerSegment),
    origin,
    hasDue,
  };
}

/**
 * The collection state of one invoice after its events up to some instant: how far dunning went,
 * promises, disputes. Mutable and reused: {@link advance} moves it forward in time.
 */
export class CaseState {
  caseIndex = -1;
  /** Next event to read. */
  next = 0;
  /** Highest dunning level reached (1-based; 0 none). */
  level = 0;
  /** Per level ordinal: when the latest letter at that level went out (NaN none). */
  readonly letterAt: Float64Array;
  brokenPromises = 0;
  disputeOpen = false;
  disputeSince = Number.NaN;
  /** The open promise: its PromiseDate and the instant it is broken (PromiseDate + 1 day); NaN none. */
  promiseDate = Number.NaN;
  promiseBrokenAt = Number.NaN;
  /** The latest reminder, letter, call or promise. */
  lastActionAt = Number.NaN;

  constructor(levels: number) {
    this.letterAt = new Float64Array(levels + 1);
  }

  reset(ctx: StateContext, c: number): this {
    this.caseIndex = c;
    this.next = ctx.log.caseOffsets[c];
    this.level = 0;
    this.letterAt.fill(Number.NaN);
    this.brokenPromises = 0;
    this.disputeOpen = false;
    this.disputeSince = Number.NaN;
    this.promiseDate = Number.NaN;
    this.promiseBrokenAt = Number.NaN;
    this.lastActionAt = Number.NaN;
    return this;
  }

  /** Whether a promise made before `t` is still pending at `t`. */
  promiseOpenAt(t: number): boolean {
    return this.promiseBrokenAt > t;
  }
}

/**
 * Reads the case's events with time ≤ t into the state. collectSnapshots keeps a cut-down copy of
 * this loop (level, broken promises, dispute, pending promise): a change of what a role does here
 * goes there too.
 */
export function advance(ctx: StateContext, s: CaseState, t: number): void {
  const { activity, time, caseOffsets } = ctx.log;
  const end = caseOffsets[s.caseIndex + 1];
  const { role, level, promiseDate, promisePerEvent } = ctx;
  let e = s.next;
  for (; e < end && time[e] <= t; e++) {
    switch (role[activity[e]]) {
      case Role.Dunning: {
        s.lastActionAt = time[e];
        const l = level[e];
        if (l > 0) {
          s.letterAt[l] = time[e];
          if (l > s.level) s.level = l;
        }
        break;
      }
      case Role.Broken:
        s.brokenPromises++;
        break;
      case Role.DisputeOpened:
        if (!s.disputeOpen) s.disputeSince = time[e];
        s.disputeOpen = true;
        break;
      case Role.DisputeClosed:
        s.disputeOpen = false;
        s.disputeSince = Number.NaN;
        break;
      case Role.Promise: {
        s.lastActionAt = time[e];
        const date = promiseDate ? promiseDate.get(promisePerEvent ? e : s.caseIndex) : Number.NaN;
        if (date === date) {
          s.promiseDate = date;
          s.promiseBrokenAt = dayAfter(date);
        }
        break;
      }
      case Role.Payment:
        s.promiseDate = Number.NaN;
        s.promiseBrokenAt = Number.NaN;
        break;
      case Role.Action:
        s.lastActionAt = time[e];
        break;
    }
  }
  s.next = e;
}
