import { Activity } from '../domain/activities.ts';
import { Column } from '../domain/columns.ts';
import { denseValues, NumberReader } from '../log/columns.ts';
import type { EventLog } from '../log/event-log.ts';
import { activityMask } from './activity-codes.ts';

/**
 * The open balance of an invoice, the one definition every amount figure uses (AR, aging, DSO,
 * CEI, write-off value, money exposed by a policy violation):
 *
 *   open(c, t) = InvoiceAmount − Σ SettledAmount of the case's events up to t (payments applied,
 *                credit memos), never below 0;
 *              = 0 before the invoice is posted (it is not a receivable yet) and from its
 *                Invoice Settled or Invoice Written Off event on.
 *
 * Amounts are in the invoice currency; callers convert with the case's currency factor.
 */
export interface BalanceModel {
  /** Per case: InvoiceAmount; null when the log has no amounts at all. NaN = unknown for that case. */
  readonly amount: Float64Array | null;
  /** Per event: SettledAmount, NaN when none; null when the log never has one. */
  readonly settled: NumberReader | null;
  /** Per activity code: 1 when the activity closes the invoice. */
  readonly closes: Uint8Array;
  /** Per case: when it became a receivable (first Invoice Posted, else Invoice Created, else first event). */
  readonly postedAt: Float64Array;
  /** Per case: its first Invoice Settled or Invoice Written Off, NaN if none. */
  readonly closedAt: Float64Array;
  /** Per case: its first event with a SettledAmount, NaN if none. */
  readonly firstSettlementAt: Float64Array;
  readonly caseOffsets: Uint32Array;
  readonly time: Float64Array;
  readonly activity: Uint32Array;
}

const cache = new WeakMap<EventLog, BalanceModel>();

export function balanceModel(log: EventLog): BalanceModel {
  let model = cache.get(log);
  if (!model) {
    const amountColumn = log.caseAttributes.get(Column.InvoiceAmount);
    const settledColumn = log.eventAttributes.get(Column.SettledAmount);
    const settled = settledColumn?.kind === 'number' ? new NumberReader(settledColumn) : null;
    const closes = activityMask(log, [Activity.InvoiceSettled, Activity.InvoiceWrittenOff]);
    model = {
      amount: amountColumn?.kind === 'number' ? denseValues(amountColumn) : null,
      settled,
      closes,
      ...milestones(log, closes, settled),
      caseOffsets: log.caseOffsets,
      time: log.time,
      activity: log.activity,
    };
    cache.set(log, model);
  }
  return model;
}

/**
 * One pass over the events for the per-case times the balance depends on. Posting time: the
 * first Invoice Posted; failing that the first Invoice Created (some extracts only carry the
 * invoice date), failing that the case's first event.
 */
function milestones(log: EventLog, closes: Uint8Array, settled: NumberReader | null): Pick<BalanceModel, 'postedAt' | 'closedAt' | 'firstSettlementAt'> {
  const posted = log.activities.indexOf(Activity.InvoicePosted);
  const created = log.activities.indexOf(Activity.InvoiceCreated);
  const nCases = log.caseIds.length;
  const postedAt = new Float64Array(nCases);
  const closedAt = new Float64Array(nCases).fill(Number.NaN);
  const firstSettlementAt = new Float64Array(nCases).fill(Number.NaN);
  const { caseOffsets: off, activity, time } = log;
  for (let c = 0; c < nCases; c++) {
    let postedT = Number.NaN;
    let createdT = Number.NaN;
    let closedT = Number.NaN;
    let settledT = Number.NaN;
    for (let e = off[c]; e < off[c + 1]; e++) {
      const a = activity[e];
      if (a === posted && postedT !== postedT) postedT = time[e];
      else if (a === created && createdT !== createdT) createdT = time[e];
      if (closes[a] && closedT !== closedT) closedT = time[e];
      if (settled && settledT !== settledT && settled.get(e) === settled.get(e)) settledT = time[e];
    }
    postedAt[c] = postedT === postedT ? postedT : createdT === createdT ? createdT : time[off[c]];
    closedAt[c] = closedT;
    firstSettlementAt[c] = settledT;
  }
  return { postedAt, closedAt, firstSettlementAt };
}

/** Open balance of case c at instant t (events at t included). NaN when its amount is unknown. */
export function openBalanceAt(model: BalanceModel, c: number, t: number): number {
  return balanceOver(model, c, model.caseOffsets[c + 1], t);
}

/** Open balance of case c just before event e happened (what was at stake when it happened). */
export function openBalanceBefore(model: BalanceModel, c: number, e: number): number {
  return balanceOver(model, c, e, model.time[e]);
}

/** The balance after the case's events in [first event, endIndex) with time ≤ t. */
function balanceOver(model: BalanceModel, c: number, endIndex: number, t: number): number {
  const amount = model.amount ? model.amount[c] : Number.NaN;
  if (Number.isNaN(amount)) return Number.NaN;
  // Most invoices, for most t, need no scan: not yet a receivable, closed before t, or nothing
  // settled or closed by t.
  const closed = model.closedAt[c];
  if (model.postedAt[c] > t || closed < t) return 0;
  if (!(model.firstSettlementAt[c] <= t) && !(closed <= t)) return amount > 0 ? amount : 0;
  const { settled, closes, time, activity } = model;
  let open = amount;
  for (let e = model.caseOffsets[c]; e < endIndex && time[e] <= t; e++) {
    if (closes[activity[e]]) return 0;
    if (settled) {
      const s = settled.get(e);
      if (s === s) open -= s;
    }
  }
  return open > 0 ? open : 0;
}
