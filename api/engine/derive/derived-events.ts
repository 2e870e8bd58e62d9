import { Activity } from '../domain/activities.ts';
import { Column } from '../domain/columns.ts';
import { denseValues, NumberReader, type AttributeColumn } from '../log/columns.ts';
import { completionTime, type EventLog } from '../log/event-log.ts';
import { GrowableFloat64, GrowableUint32 } from '../log/growable.ts';
import { rebuildLog } from '../log/rebuild.ts';
import { dayAfter, DerivationRule } from './rules.ts';

export interface DerivationSummary {
  readonly log: EventLog;
  /** Derived events made, per rule text. */
  readonly made: Readonly<Record<string, number>>;
}

const SETTLEMENT_TOLERANCE = 0.005;

/**
 * Adds the calculated and inferred events of the domain reference that the source system does
 * not record: Invoice Settled, Payment Due Date Passed and Promise to Pay Broken. Each is
 * made only where the attributes it needs are present, never after the log's "as of" instant,
 * and never where the source already records that activity for the invoice. A derived event
 * goes after recorded events of the same instant. A log that already holds derived events is
 * returned as is.
 */
/** `consume`: the caller gives `log` up (see rebuildLog). */
export function deriveEvents(log: EventLog, consume = false): DerivationSummary {
  if (log.derived.some((d) => d !== 0)) return { log, made: {} };
  const ctx = new DerivationContext(log);
  const rules = [DerivationRule.InvoiceSettled, DerivationRule.PaymentDueDatePassed, DerivationRule.PromiseToPayBroken];
  const activities = log.activities.slice();
  const ruleActivity = [Activity.InvoiceSettled, Activity.PaymentDueDatePassed, Activity.PromiseToPayBroken];
  // Codes are appended on first use, so a rule that makes nothing adds no activity name.
  const ruleCode = [-1, -1, -1];

  const newCase = new GrowableUint32();
  const newActivity = new GrowableUint32();
  const newTime = new GrowableFloat64();
  const newRule = new GrowableUint32();
  const made = [0, 0, 0];
  const add = (c: number, time: number, rule: number): void => {
    if (ruleCode[rule] < 0) {
      const existing = activities.indexOf(ruleActivity[rule]);
      ruleCode[rule] = existing >= 0 ? existing : activities.push(ruleActivity[rule]) - 1;
    }
    newCase.push(c);
    newActivity.push(ruleCode[rule]);
    newTime.push(time);
    newRule.push(rule);
    made[rule]++;
  };

  for (let c = 0; c < log.caseIds.length; c++) {
    const settled = ctx.settlement(c);
    if (settled.inferred) add(c, settled.time, 0);
    const closed = Math.min(settled.time, ctx.firstTime(c, ctx.writtenOff));
    const due = ctx.dueDatePassed(c, closed);
    if (due !== null) add(c, due, 1);
    for (const broken of ctx.brokenPromises(c, closed)) add(c, broken, 2);
  }

  const summary: Record<string, number> = {};
  rules.forEach((rule, i) => {
    if (made[i] > 0) summary[rule] = made[i];
  });
  if (newCase.length === 0) return { log, made: summary };
  const merged = mergeEvents(log, newCase.take(), newActivity.take(), newTime.take(), newRule.take());
  return { log: rebuildLog(log, merged, { activities, derivationRules: rules, consume }), made: summary };
}

/** Per-case facts the rules share: settlement, write-off, payments, promises. */
class DerivationContext {
  readonly writtenOff: number;
  private readonly settledActivity: number;
  private readonly dueActivity: number;
  private readonly brokenActivity: number;
  private readonly promiseActivity: number;
  private readonly paymentActivities: Set<number>;
  private readonly amount: Float64Array | null;
  private readonly dueDate: Float64Array | null;
  private readonly settledAmount: NumberReader | null;
  private readonly promiseDate: NumberReader | null;

  constructor(private readonly log: EventLog) {
    const code = (name: string) => log.activities.indexOf(name);
    this.writtenOff = code(Activity.InvoiceWrittenOff);
    this.settledActivity = code(Activity.InvoiceSettled);
    this.dueActivity = code(Activity.PaymentDueDatePassed);
    this.brokenActivity = code(Activity.PromiseToPayBroken);
    this.promiseActivity = code(Activity.PromiseToPayReceived);
    this.paymentActivities = new Set([code(Activity.PaymentReceived), code(Activity.PaymentApplied), this.settledActivity].filter((a) => a >= 0));
    this.amount = numeric(log.caseAttributes.get(Column.InvoiceAmount));
    this.dueDate = numeric(log.caseAttributes.get(Column.DueDate));
    this.settledAmount = reader(log.eventAttributes.get(Column.SettledAmount));
    this.promiseDate = reader(log.eventAttributes.get(Column.PromiseDate));
  }

  firstTime(c: number, activity: number): number {
    if (activity < 0) return Number.POSITIVE_INFINITY;
    const { caseOffsets, activity: acts, time } = this.log;
    for (let e = caseOffsets[c]; e < caseOffsets[c + 1]; e++) if (acts[e] === activity) return time[e];
    return Number.POSITIVE_INFINITY;
  }

  /**
   * When the invoice was settled (Infinity when open or unknown). A recorded Invoice Settled
   * wins; otherwise the instant SettledAmounts last reach InvoiceAmount, if they stay there.
   */
  settlement(c: number): { time: number; inferred: boolean } {
    const recorded = this.firstTime(c, this.settledActivity);
    if (recorded !== Number.POSITIVE_INFINITY) return { time: recorded, inferred: false };
    const amount = this.amount?.[c] ?? Number.NaN;
    const settledAmount = this.settledAmount;
    if (!settledAmount && this.settledActivity < 0) {
      // No balance information anywhere in the log: the last payment is the best sign the
      // invoice was paid. It closes the invoice for the other rules but makes no event.
      return { time: this.lastPayment(c), inferred: false };
    }
    if (!settledAmount || !(amount > 0)) return { time: Number.POSITIVE_INFINITY, inferred: false };
    const tolerance = Math.max(SETTLEMENT_TOLERANCE, amount * 1e-9);
    let balance = amount;
    let zeroedAt = Number.POSITIVE_INFINITY;
    for (let e = this.log.caseOffsets[c]; e < this.log.caseOffsets[c + 1]; e++) {
      const paid = settledAmount.get(e);
      if (Number.isNaN(paid)) continue;
      const before = balance;
      balance -= paid;
      if (balance <= tolerance && before > tolerance) zeroedAt = completionTime(this.log, e);
      else if (balance > tolerance) zeroedAt = Number.POSITIVE_INFINITY;
    }
    const inferred = zeroedAt !== Number.POSITIVE_INFINITY && zeroedAt <= this.log.lastDataUpdate;
    return { time: inferred ? zeroedAt : Number.POSITIVE_INFINITY, inferred };
  }

  private lastPayment(c: number): number {
    const { caseOffsets, activity, time } = this.log;
    for (let e = caseOffsets[c + 1] - 1; e >= caseOffsets[c]; e--) if (this.paymentActivities.has(activity[e])) return time[e];
    return Number.POSITIVE_INFINITY;
  }

  /** DueDate + 1 day, when the invoice was still open then and that moment has come. */
  dueDatePassed(c: number, closed: number): number | null {
    const due = this.dueDate?.[c] ?? Number.NaN;
    if (Number.isNaN(due) || this.firstTime(c, this.dueActivity) !== Number.POSITIVE_INFINITY) return null;
    const at = dayAfter(due);
    return at <= this.log.lastDataUpdate && closed >= at ? at : null;
  }

  /**
   * PromiseDate + 1 day for each promise with no payment between it and then. A promise
   * replaced by a newer one before its date is renegotiated, not broken.
   */
  brokenPromises(c: number, closed: number): number[] {
    const promiseDate = this.promiseDate;
    if (!promiseDate || this.promiseActivity < 0 || this.firstTime(c, this.brokenActivity) !== Number.POSITIVE_INFINITY) return [];
    const { caseOffsets, activity, time } = this.log;
    const out: number[] = [];
    for (let e = caseOffsets[c]; e < caseOffsets[c + 1]; e++) {
      if (activity[e] !== this.promiseActivity || Number.isNaN(promiseDate.get(e))) continue;
      const deadline = dayAfter(promiseDate.get(e));
      if (deadline > this.log.lastDataUpdate || closed < deadline) continue;
      let kept = false;
      for (let f = e + 1; f < caseOffsets[c + 1] && time[f] < deadline; f++) {
        if (this.paymentActivities.has(activity[f]) || (activity[f] === this.promiseActivity && !Number.isNaN(promiseDate.get(f)))) {
          kept = true;
          break;
        }
      }
      if (!kept) out.push(deadline);
    }
    return out;
  }
}

/** A case column's numbers (case columns are dense). */
function numeric(column: AttributeColumn | undefined): Float64Array | null {
  return column && (column.kind === 'number' || column.kind === 'time') ? denseValues(column) : null;
}

function reader(column: AttributeColumn | undefined): NumberReader | null {
  return column && (column.kind === 'number' || column.kind === 'time') ? new NumberReader(column) : null;
}

/** New rows: each case's recorded events and its derived ones, merged by time (derived after ties). */
function mergeEvents(log: EventLog, dCase: Uint32Array, dActivity: Uint32Array, dTime: Float64Array, dRule: Uint32Array) {
  const nCases = log.caseIds.length;
  const total = log.activity.length + dCase.length;
  const caseOffsets = new Uint32Array(nCases + 1);
  const source = new Int32Array(total);
  const activity = new Uint32Array(total);
  const time = new Float64Array(total);
  const endTime = log.endTime ? new Float64Array(total) : null;
  const derived = new Uint8Array(total);
  let out = 0;
  let d = 0;
  const pending: number[] = [];
  for (let c = 0; c < nCases; c++) {
    pending.length = 0;
    while (d < dCase.length && dCase[d] === c) pending.push(d++);
    pending.sort((a, b) => dTime[a] - dTime[b] || a - b);
    let p = 0;
    for (let e = log.caseOffsets[c]; e <= log.caseOffsets[c + 1]; e++) {
      const limit = e < log.caseOffsets[c + 1] ? log.time[e] : Number.POSITIVE_INFINITY;
      while (p < pending.length && dTime[pending[p]] < limit) {
        const k = pending[p++];
        source[out] = -1;
        activity[out] = dActivity[k];
        time[out] = dTime[k];
        if (endTime) endTime[out] = Number.NaN;
        derived[out] = dRule[k] + 1;
        out++;
      }
      if (e === log.caseOffsets[c + 1]) break;
      source[out] = e;
      activity[out] = log.activity[e];
      time[out] = log.time[e];
      if (endTime) endTime[out] = log.endTime![e];
      derived[out] = log.derived[e];
      out++;
    }
    caseOffsets[c + 1] = out;
  }
  return { caseOffsets, source, activity, time, endTime, derived };
}
