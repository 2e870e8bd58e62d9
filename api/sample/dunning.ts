import { Activity } from '../engine/domain/activities.ts';
import { DAY_MS } from '../engine/domain/calendar.ts';
import type { CaseBuffer } from './case-buffer.ts';
import type { Segment } from './organisation.ts';
import type { Random } from './random.ts';
import type { Account } from './world.ts';
import type { ZoneClock } from './zone-clock.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Local start times of the nightly jobs: the dunning run, then the reminder e-mails. */
const DUNNING_RUN = 6 * 60;
const REMINDER_RUN = 6 * 60 + 30;
const LEVELS = ['1', '2', '3', 'Legal'] as const;
/** Calls before letter 1 are rare: the letter is the first human step. */
const CALL_BEFORE_FIRST_LETTER = 0.2;
/** Key-account policy: a call before letter 2, nearly always kept. */
const CALL_BEFORE_SECOND_LETTER = 0.95;
const PROMISE_RATE = 0.45;
/** Customers heading for a write-off rarely commit to anything. */
const DEFAULTER_PROMISE_RATE = 0.15;
const BROKEN_FOLLOW_UP_ON_TIME = 0.85;
const DISPUTE_PAUSE_KEPT = 0.97;
const WRITE_OFF_WITH_CONTACT = 0.95;
const WRITE_OFF_BEFORE_LEGAL = 0.05;
const GOVERNMENT: Segment = 'Government';

export interface DunningCase {
  /** Payment Due Date Passed: DueDate + 1 day. */
  readonly dueNext: number;
  /** When the customer's cash arrives (Infinity: never). */
  readonly payAt: number;
  /** When the balance is gone (payment or a full credit memo): dunning stops there. */
  readonly settledAt: number;
  readonly writeOff: boolean;
  readonly amountMinor: number;
  readonly memoMinor: number;
  readonly memoAt: number;
}

/**
 * Dunning from the day after the due date until the balance is gone: the dunning run, the
 * reminder, letters 1 → 2 → 3 → Legal at the team's pace, calls in between, promises to pay
 * (kept: the cash comes by the promised date; broken: later, and the collector calls again),
 * letters held while a dispute or promise is open, and the write-off after the last letter.
 * Each collector's habits decide how often a policy step slips. Returns the payment time,
 * which promises may have moved.
 */
export function dun(buffer: CaseBuffer, rng: Random, account: Account, cutoff: number, c: DunningCase): number {
  const { customer, companyClock: cc, collectorClock: col, habits, pace } = account;
  const collector = customer.collector.name;
  let end = c.settledAt;
  let payAt = c.payAt;
  const { dueNext, writeOff, amountMinor, memoMinor, memoAt } = c;
  const started = cc.batchRun(dueNext, DUNNING_RUN);
  if (started >= end || started > cutoff) return payAt;
  // Public bodies are kept out of the automatic run (the policy's "Government: no automatic
  // letters"): no run, no reminder e-mail; their collector works them by calls and letters.
  const automatic = customer.segment !== GOVERNMENT;
  if (automatic) buffer.pushBatch(rng, started, Activity.DunningProcessStarted);

  if (automatic && !rng.chance(habits.reminderSkipped)) {
    const late = rng.chance(habits.reminderLate);
    let reminder = cc.batchRun(started + (late ? rng.between(4, 10) : rng.between(0.3, 2.3)) * DAY_MS, REMINDER_RUN);
    // The policy's three days hold unless someone slips: when a weekend would break them, the reminder goes with the first run.
    if (!late && reminder > dueNext + 3 * DAY_MS - 30 * MINUTE) reminder = started + 30 * MINUTE;
    reminder = outsideDispute(buffer, rng, cc, reminder, REMINDER_RUN);
    if (reminder < end) buffer.pushBatch(rng, reminder, Activity.ReminderSent);
  }

  let previous = started;
  let level = 0;
  let toWriteOff = false;
  while (level < LEVELS.length && previous <= cutoff) {
    let gap =
      level === 0
        ? rng.between(pace.firstLetterDays[0], pace.firstLetterDays[1])
        : rng.chance(habits.shortSpacing)
          ? rng.between(8, 13.5)
          : rng.between(pace.letterSpacingDays[0], pace.letterSpacingDays[1]);
    if (level === 3) gap += rng.between(7, 21); // going legal takes a decision
    let letterAt = cc.batchRun(previous + gap * DAY_MS, DUNNING_RUN);
    const callRate = level === 0 ? CALL_BEFORE_FIRST_LETTER : level === 1 && pace.callBeforeSecondLetter ? CALL_BEFORE_SECOND_LETTER : pace.callRate;
    if (rng.chance(callRate)) {
      const call = col.workTime(previous + (letterAt - previous) * rng.between(0.15, 0.6), rng);
      if (call >= end) break;
      buffer.push(call, Activity.CollectionContactMade, collector);
      if (!buffer.disputeOpen(call) && rng.chance(writeOff ? DEFAULTER_PROMISE_RATE : PROMISE_RATE)) {
        const promisedAt = call + rng.int(2, 15) * MINUTE;
        const promiseDay = col.localDay(call) + rng.int(3, 21);
        const promise = buffer.push(promisedAt, Activity.PromiseToPayReceived, collector);
        promise.promiseDate = promiseDay * DAY_MS;
        promise.promiseMinor = amountMinor - (memoAt < call ? memoMinor : 0);
        const brokenAt = (promiseDay + 1) * DAY_MS;
        if (!writeOff && rng.chance(customer.keptRate)) {
          if (end >= brokenAt) end = payAt = paymentBy(rng, cc, promisedAt, promiseDay);
        } else {
          if (!writeOff && end < brokenAt + DAY_MS) end = payAt = cc.workTime(brokenAt + rng.lognormal(8 * DAY_MS, 0.6), rng);
          const again = followUp(rng, col, brokenAt);
          if (again < end) buffer.push(again, Activity.CollectionContactMade, collector);
          // No letter while a promise is pending.
          letterAt = Math.max(letterAt, cc.batchRun(brokenAt, DUNNING_RUN));
        }
      }
    }
    if (writeOff && level === 3 && rng.chance(WRITE_OFF_BEFORE_LEGAL)) {
      toWriteOff = true;
      break;
    }
    letterAt = outsideDispute(buffer, rng, cc, letterAt, DUNNING_RUN);
    if (letterAt >= end || letterAt > cutoff) break;
    buffer.pushBatch(rng, letterAt, Activity.DunningLetterIssued).level = LEVELS[level];
    previous = letterAt;
    level += level === 0 && rng.chance(habits.levelJump) ? 2 : 1;
    if (level === LEVELS.length) toWriteOff = writeOff;
  }
  if (toWriteOff) {
    let t = previous;
    if (rng.chance(WRITE_OFF_WITH_CONTACT)) {
      t = col.workTime(previous + rng.between(10, 40) * DAY_MS, rng);
      buffer.push(t, Activity.CollectionContactMade, collector);
    }
    buffer.push(col.workTime(t + rng.between(5, 45) * DAY_MS, rng), Activity.InvoiceWrittenOff, collector);
  }
  return payAt;
}

/** A payment that keeps a promise: a business day after the call, by the promised date. */
function paymentBy(rng: Random, cc: ZoneClock, promisedAt: number, promiseDay: number): number {
  const first = cc.localDay(promisedAt) + 1;
  const day = cc.subtractBusinessDays(rng.int(first, Math.max(first, promiseDay)) + 1, 1);
  return day >= first ? cc.officeTimeOn(day, rng) : promisedAt + HOUR;
}

/** The collector's call after a broken promise: mostly within two business days, as the policy asks. */
function followUp(rng: Random, col: ZoneClock, brokenAt: number): number {
  const first = col.workTime(brokenAt + rng.between(0.5, 4) * HOUR, rng);
  const k = rng.chance(BROKEN_FOLLOW_UP_ON_TIME) ? rng.int(0, 1) : rng.int(3, 7);
  return k === 0 ? first : col.officeTimeOn(col.addBusinessDays(col.localDay(first), k), rng);
}

/** Letters and reminders wait for an open dispute to close (nearly always). */
function outsideDispute(buffer: CaseBuffer, rng: Random, cc: ZoneClock, t: number, run: number): number {
  if (!buffer.disputeOpen(t) || !rng.chance(DISPUTE_PAUSE_KEPT)) return t;
  return cc.batchRun(buffer.disputeTo + rng.between(1, 3) * DAY_MS, run);
}
