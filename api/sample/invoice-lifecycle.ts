import { Activity } from '../engine/domain/activities.ts';
import { DAY_MS } from '../engine/domain/calendar.ts';
import { CaseBuffer, type InvoiceStatus, type SimEvent } from './case-buffer.ts';
import { TERM_DAYS, type PaymentTerms } from './customers.ts';
import { dun } from './dunning.ts';
import { PLANT } from './planted.ts';
import { WeightedChoice, type Random } from './random.ts';
import type { Account } from './world.ts';
import { CLOSES, OPENS } from './zone-clock.ts';

const MINUTE = 60_000;
const HOUR = 3_600_000;
/** Most invoices carry the payment terms of the customer master; the rest were negotiated per order. */
const MASTER_TERMS = 0.92;
/** Invoices printed and mailed rather than e-mailed: they leave a day or two later. */
const BY_POST = 0.15;
/** Existing customers whose growth triggers a credit review before an invoice. */
const CREDIT_REVIEW_RATE = 0.02;
/** Of the customers paying on time, those whose accounts payable pays as soon as an invoice is approved. */
const EARLY_PAYERS = 0.5;
/** Disputes (other than duplicates, always fully credited) that end in a partial credit memo. */
const PARTIAL_CREDIT = 0.55;
const DISPUTE_REASONS = new WeightedChoice([
  ['Pricing error', 0.3],
  ['Short shipment', 0.3],
  ['Damaged goods', 0.25],
  ['Duplicate invoice', 0.15],
] as const);

export interface SimulatedInvoice {
  /** Events up to the cut-off, in time order: the first `count`; valid until the next simulate(). */
  readonly events: readonly SimEvent[];
  readonly count: number;
  readonly amountMinor: number;
  readonly terms: PaymentTerms;
  /** UTC midnight of the due date. */
  readonly dueDate: number;
  readonly status: InvoiceStatus;
}

/**
 * The life of one invoice, simulated forward and cut at the data cut-off. The customer's
 * payment date is drawn first (from its own behaviour); a dispute holds it back; dunning runs
 * from the day after the due date until the cash arrives. Events are placed in the office hours
 * of whoever records them: the entity's back office and batch jobs in the company's time zone;
 * calls, promises and disputes in the collector's.
 */
export class InvoiceSimulator {
  private readonly buffer = new CaseBuffer();

  constructor(private readonly cutoff: number) {}

  /**
   * @param day business day (epoch days) the invoice is created on, in the company's calendar
   * @param dayFraction how far through that day's office hours, [0, 1)
   * @param creditReview whether a credit limit is requested and approved first
   */
  simulate(rng: Random, account: Account, day: number, dayFraction: number, creditReview: boolean): SimulatedInvoice {
    const buffer = this.buffer;
    buffer.reset();
    const { customer, companyClock: cc } = account;
    const amountMinor = Math.max(Math.round(rng.lognormal(customer.amountMedian, customer.amountSigma) * account.minorPerUnit), 50 * account.minorPerUnit);
    const terms = rng.chance(MASTER_TERMS) ? customer.terms : customer.termChoice.pick(rng);

    // An invoice in the log has been posted: one still in draft at the cut-off is not in the extract.
    const minute = OPENS + (CLOSES - OPENS) * dayFraction;
    let createdDay = cc.addBusinessDays(day, 0);
    let created: number;
    let posted: number;
    for (;;) {
      created = cc.at(createdDay, minute);
      posted = cc.workTime(created + rng.lognormal(2 * HOUR, 1), rng);
      if (posted <= this.cutoff) break;
      createdDay = cc.subtractBusinessDays(createdDay, 1);
    }
    if (creditReview || rng.chance(CREDIT_REVIEW_RATE)) this.creditReview(rng, account, createdDay, created, amountMinor);
    buffer.push(created, Activity.InvoiceCreated, account.backOffice);
    buffer.push(posted, Activity.InvoicePosted, account.backOffice);
    const dueDay = cc.localDay(posted) + TERM_DAYS[terms];
    const dueDate = dueDay * DAY_MS;
    const sent = this.dispatch(rng, account, terms, posted, dueDate);
    buffer.push(sent, Activity.InvoiceSent, account.backOffice);

    const writeOff = rng.chance(customer.writeOffRate);
    // Accounts payable counts the terms from the day the invoice arrives, not from its date.
    const payableDay = cc.localDay(sent) + TERM_DAYS[terms];
    let payAt = writeOff ? Number.POSITIVE_INFINITY : this.naturalPayment(rng, account, terms, sent, payableDay);
    const memo = rng.chance(Math.min(0.9, customer.disputeRate * (account.pricingProblem ? PLANT.pricingProblem.disputeFactor : 1)))
      ? this.dispute(rng, account, sent, amountMinor)
      : { minor: 0, at: Number.POSITIVE_INFINITY };
    const settledByMemo = memo.minor === amountMinor;
    // Customers hold the payment until the dispute is settled.
    if (buffer.disputeTo > sent && !writeOff && !settledByMemo) payAt = Math.max(payAt, cc.workTime(buffer.disputeTo + rng.lognormal(5 * DAY_MS, 0.7), rng));
    this.courtesyCall(rng, account, terms, amountMinor, sent, dueDay, Math.min(payAt, memo.at));

    const settledAt = settledByMemo ? memo.at : payAt;
    const dueNext = dueDate + DAY_MS;
    if (settledAt > dueNext && dueNext <= this.cutoff) {
      payAt = dun(buffer, rng, account, this.cutoff, { dueNext, payAt, settledAt, writeOff, amountMinor, memoMinor: memo.minor, memoAt: memo.at });
    }
    if (!writeOff && !settledByMemo) {
      const balance = amountMinor - memo.minor;
      if (TERM_DAYS[terms] === 0 && payAt < dueNext) this.receive(rng, account, payAt, balance, true);
      else this.pay(rng, account, payAt, balance);
    }
    const { count, status } = buffer.finish(this.cutoff, amountMinor, dueDate);
    return { events: buffer.events, count, amountMinor, terms, dueDate, status };
  }

  /**
   * When the invoice leaves: minutes by e-mail, a day or two by post, and weeks in the entity
   * with the planted dispatch backlog, though never later than a few days before it falls due.
   */
  private dispatch(rng: Random, account: Account, terms: PaymentTerms, posted: number, dueDate: number): number {
    const backlog = PLANT.dispatchBacklog;
    let delay: number;
    if (account.dispatchBacklog && TERM_DAYS[terms] > 0) {
      // The clerks push out what would otherwise fall due before the next weekly run.
      const latest = dueDate - rng.between(backlog.marginDays[0], backlog.marginDays[1]) * DAY_MS - posted;
      delay = Math.min(rng.lognormal(backlog.medianDays * DAY_MS, backlog.sigma), latest);
    } else {
      delay = rng.chance(BY_POST) ? rng.lognormal(1.5 * DAY_MS, 0.5) : rng.lognormal(20 * MINUTE, 1.2);
    }
    return account.companyClock.workTime(posted + Math.max(0, delay), rng);
  }

  private naturalPayment(rng: Random, account: Account, terms: PaymentTerms, sent: number, dueDay: number): number {
    const { customer, companyClock: cc } = account;
    let t: number;
    if (terms === '2/10 Net 30' && rng.chance(customer.discountRate)) {
      t = sent + rng.between(2, 9) * DAY_MS;
    } else if (rng.chance(customer.lateRate)) {
      t = (dueDay + 1) * DAY_MS + rng.lognormal(customer.lateMedianDays, 0.8) * DAY_MS;
    } else if (TERM_DAYS[terms] === 0) {
      // On time for "Due on receipt" means the same day: a card payment, see receive().
      return sent + rng.lognormal(40 * MINUTE, 0.5);
    } else if (rng.chance(EARLY_PAYERS)) {
      t = sent + rng.between(5, Math.max(5, TERM_DAYS[terms] - 1)) * DAY_MS;
    } else {
      // A business day in the last week before the due date.
      t = cc.officeTimeOn(cc.subtractBusinessDays(dueDay - rng.int(0, 6) + 1, 1), rng);
    }
    return cc.workTime(Math.max(t, sent + 2 * HOUR), rng);
  }

  /** Registers and resolves a dispute; returns the credit memo it ends with (none: zero). */
  private dispute(rng: Random, account: Account, sent: number, amountMinor: number): { minor: number; at: number } {
    const buffer = this.buffer;
    const col = account.collectorClock;
    const collector = account.customer.collector.name;
    const reason = account.pricingProblem && rng.chance(PLANT.pricingProblem.pricingErrorShare) ? 'Pricing error' : DISPUTE_REASONS.pick(rng);
    buffer.disputeFrom = col.workTime(sent + rng.lognormal(6 * DAY_MS, 0.8), rng);
    buffer.disputeTo = col.workTime(buffer.disputeFrom + rng.lognormal(account.pace.disputeDays * DAY_MS, 0.7), rng);
    buffer.push(buffer.disputeFrom, Activity.DisputeRegistered, collector).reason = reason;
    buffer.push(buffer.disputeTo, Activity.DisputeResolved, collector).reason = reason;
    const full = reason === 'Duplicate invoice';
    if (!full && !rng.chance(PARTIAL_CREDIT)) return { minor: 0, at: Number.POSITIVE_INFINITY };
    const minor = full ? amountMinor : Math.round(amountMinor * rng.between(0.05, 0.3));
    const at = account.companyClock.workTime(buffer.disputeTo + rng.lognormal(5 * HOUR, 1), rng);
    buffer.push(at, Activity.CreditMemoIssued, account.backOffice).settledMinor = minor;
    return { minor, at };
  }

  /** Key accounts, and in some teams large invoices, get a call the week before they fall due. */
  private courtesyCall(rng: Random, account: Account, terms: PaymentTerms, amountMinor: number, sent: number, dueDay: number, paidAt: number): void {
    const { rate, fromUsd } = account.pace.courtesyCall;
    if (TERM_DAYS[terms] === 0 || (amountMinor / account.minorPerUnit) * account.usdPerUnit < fromUsd || !rng.chance(rate)) return;
    const col = account.collectorClock;
    const call = col.officeTimeOn(col.subtractBusinessDays(dueDay, rng.int(3, 6)), rng);
    if (call > sent + DAY_MS && call < paidAt && !this.buffer.disputeOpen(call)) {
      this.buffer.push(call, Activity.CollectionContactMade, account.customer.collector.name);
    }
  }

  /** The cash arrives, in one transfer or (partial payers) two. */
  private pay(rng: Random, account: Account, receivedAt: number, balanceMinor: number): void {
    if (receivedAt > this.cutoff) return;
    if (balanceMinor >= 2 * account.minorPerUnit && rng.chance(account.customer.partialRate)) {
      const first = Math.round(balanceMinor * rng.between(0.3, 0.7));
      this.receive(rng, account, receivedAt, first, false);
      this.receive(rng, account, account.companyClock.workTime(receivedAt + rng.lognormal(20 * DAY_MS, 0.5), rng), balanceMinor - first, false);
    } else {
      this.receive(rng, account, receivedAt, balanceMinor, false);
    }
  }

  /** Cash in, then applied: card payments settle themselves within minutes, transfers wait for a clerk. */
  private receive(rng: Random, account: Account, receivedAt: number, minor: number, card: boolean): void {
    this.buffer.pushSystem(receivedAt, Activity.PaymentReceived);
    const applied = card ? receivedAt + rng.lognormal(3 * MINUTE, 0.5) : account.companyClock.workTime(receivedAt + rng.lognormal(4 * HOUR, 1), rng);
    const event = card ? this.buffer.pushSystem(applied, Activity.PaymentApplied) : this.buffer.push(applied, Activity.PaymentApplied, account.backOffice);
    event.settledMinor = minor;
  }

  /** A new or growing customer: the collector asks for a limit, the team manager grants it (sometimes less). */
  private creditReview(rng: Random, account: Account, createdDay: number, created: number, amountMinor: number): void {
    const col = account.collectorClock;
    const requested = col.officeTimeOn(col.subtractBusinessDays(createdDay, rng.int(2, 12)), rng);
    let approved = col.workTime(requested + rng.lognormal(1.5 * DAY_MS, 0.8), rng);
    if (approved >= created) approved = requested + (created - requested) * rng.between(0.3, 0.9);
    const asked = roundLimit((amountMinor / account.minorPerUnit) * rng.between(4, 12));
    this.buffer.push(requested, Activity.CreditLimitRequested, account.customer.collector.name).creditLimit = asked;
    this.buffer.push(approved, Activity.CreditLimitApproved, account.manager).creditLimit = rng.chance(0.7) ? asked : roundLimit(asked * rng.between(0.6, 0.9));
  }
}

/** Credit limits are round figures: two significant digits, rounded up. */
function roundLimit(x: number): number {
  const step = 10 ** Math.max(0, Math.floor(Math.log10(x)) - 1);
  return Math.ceil(x / step) * step;
}
