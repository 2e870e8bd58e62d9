import { Activity } from '../domain/activities.ts';
import { dayIndex } from '../domain/calendar.ts';
import type { EventLog } from '../log/event-log.ts';
import { casePresence, presenceBits, SHARED_PRESENCE_BIT } from '../kpis/activity-codes.ts';
import { caseFacts } from '../kpis/case-facts.ts';
import type { RootCauseOutcome } from './types.ts';

/** Words for each outcome: what counts, and over which invoices. */
export const OUTCOME_DEFINITIONS: Readonly<Record<RootCauseOutcome, string>> = {
  writtenOff: `has '${Activity.InvoiceWrittenOff}'; among invoices settled or written off`,
  paidLate: `settled after its DueDate (+ grace days); among settled invoices with a DueDate`,
  disputed: `has '${Activity.DisputeRegistered}'; among all invoices`,
  policyViolated: 'has a dunning-policy violation; among invoices that fell overdue',
};

/**
 * Activities that make up the outcome itself: a path feature made of them would only restate it
 * (every paid-late invoice passed its due date; a resolution presupposes a dispute).
 */
export const DEFINING_ACTIVITIES: Readonly<Record<RootCauseOutcome, readonly string[]>> = {
  writtenOff: [Activity.InvoiceWrittenOff],
  paidLate: [Activity.InvoiceSettled, Activity.PaymentDueDatePassed],
  disputed: [Activity.DisputeRegistered, Activity.DisputeResolved],
  policyViolated: [],
};

/** What the policyViolated outcome reads of a policy check (a ConformanceResult has both). */
export interface PolicyOutcome {
  /** Per case: when it fell overdue, NaN never. */
  readonly overdueSince: Float64Array;
  /** Per case: its violations (only whether there is one counts). */
  readonly caseViolations: ArrayLike<number>;
}

/**
 * Per case one byte: bit k says the case is in outcome k's population, bit 4 + k that it has
 * the outcome (k = index in `outcomes`). Counting features per byte value lets one pass over the
 * log serve every outcome.
 */
export interface OutcomeClasses {
  readonly cls: Uint8Array;
  /** Per outcome: why it cannot be read from the log, or null. */
  readonly unavailable: readonly (string | null)[];
}

export function outcomeClasses(
  log: EventLog,
  outcomes: readonly RootCauseOutcome[],
  options: { cases?: Uint8Array; graceDays: number; conformance: PolicyOutcome | null },
): OutcomeClasses {
  const n = log.caseIds.length;
  const cls = new Uint8Array(n);
  const facts = caseFacts(log);
  const disputed = disputedCases(log);
  const unavailable = outcomes.map((o) => unavailableReason(log, o, facts.dueDay !== null, options.conformance !== null));
  const { settledAt, closedAt, writtenOffAt, dueDay } = facts;
  const cutoff = log.lastDataUpdate;
  outcomes.forEach((outcome, k) => {
    if (unavailable[k] !== null) return;
    const pop = 1 << k;
    const hit = 1 << (4 + k);
    for (let c = 0; c < n; c++) {
      if (options.cases && !options.cases[c]) continue;
      let inPop = false;
      let has = false;
      switch (outcome) {
        case 'writtenOff':
          inPop = closedAt[c] <= cutoff;
          has = writtenOffAt[c] <= cutoff;
          break;
        case 'paidLate': {
          const due = dueDay![c];
          inPop = settledAt[c] <= cutoff && due === due;
          has = inPop && dayIndex(settledAt[c]) - due > options.graceDays;
          break;
        }
        case 'disputed':
          inPop = true;
          has = disputed[c] === 1;
          break;
        case 'policyViolated': {
          const since = options.conformance!.overdueSince[c];
          inPop = since === since;
          has = inPop && options.conformance!.caseViolations[c] > 0;
          break;
        }
      }
      if (inPop) cls[c] |= has ? pop | hit : pop;
    }
  });
  return { cls, unavailable };
}

/**
 * Per case: 1 when it has Dispute Registered. The per-log activity bits (which the policy check and
 * the KPIs build anyway) answer it without a pass over the events, for all but a log with more than
 * 31 activities, whose codes from 31 up share a bit.
 */
function disputedCases(log: EventLog): Uint8Array {
  const n = log.caseIds.length;
  const code = log.activities.indexOf(Activity.DisputeRegistered);
  const disputed = new Uint8Array(n);
  if (code < 0) return disputed;
  if (code < SHARED_PRESENCE_BIT) {
    const presence = casePresence(log);
    const bit = presenceBits([code]);
    for (let c = 0; c < n; c++) if (presence[c] & bit) disputed[c] = 1;
    return disputed;
  }
  const { caseOffsets: off, activity } = log;
  for (let c = 0; c < n; c++) {
    for (let e = off[c]; e < off[c + 1]; e++) {
      if (activity[e] === code) {
        disputed[c] = 1;
        break;
      }
    }
  }
  return disputed;
}

function unavailableReason(log: EventLog, outcome: RootCauseOutcome, hasDueDate: boolean, hasConformance: boolean): string | null {
  const has = (name: string) => log.activities.includes(name);
  switch (outcome) {
    case 'writtenOff':
      return has(Activity.InvoiceSettled) || has(Activity.InvoiceWrittenOff) ? null : `the log has no ${Activity.InvoiceSettled} or ${Activity.InvoiceWrittenOff}`;
    case 'paidLate':
      if (!has(Activity.InvoiceSettled)) return `the log has no ${Activity.InvoiceSettled}`;
      return hasDueDate ? null : 'the log has no DueDate';
    case 'disputed':
      return null;
    case 'policyViolated':
      return hasConformance ? null : 'no policy check was run';
  }
}
