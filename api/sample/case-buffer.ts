import { Activity } from '../engine/domain/activities.ts';
import { DAY_MS } from '../engine/domain/calendar.ts';
import type { Random } from './random.ts';

export type InvoiceStatus = 'Open' | 'Paid' | 'Overdue' | 'Disputed' | 'Written Off';

const SYSTEM = 'System';

/** One event of the invoice being simulated. Money in minor units (cents), to sum exactly. */
export interface SimEvent {
  t: number;
  activity: string;
  resource: string;
  level: string | null;
  reason: string | null;
  promiseDate: number | null;
  promiseMinor: number | null;
  creditLimit: number | null;
  settledMinor: number | null;
}

/**
 * The events of the one invoice being simulated, and its open dispute. Event objects are
 * pooled and reused from invoice to invoice: a long run allocates nothing per event here, so it
 * stays in bounded memory.
 */
export class CaseBuffer {
  readonly events: SimEvent[] = [];
  private n = 0;
  disputeFrom = Number.POSITIVE_INFINITY;
  disputeTo = Number.NEGATIVE_INFINITY;

  reset(): void {
    this.n = 0;
    this.disputeFrom = Number.POSITIVE_INFINITY;
    this.disputeTo = Number.NEGATIVE_INFINITY;
  }

  disputeOpen(t: number): boolean {
    return t >= this.disputeFrom && t < this.disputeTo;
  }

  push(t: number, activity: string, resource: string): SimEvent {
    let e = this.events[this.n];
    if (e === undefined) {
      e = { t: 0, activity: '', resource: '', level: null, reason: null, promiseDate: null, promiseMinor: null, creditLimit: null, settledMinor: null };
      this.events.push(e);
    }
    this.n++;
    e.t = t;
    e.activity = activity;
    e.resource = resource;
    e.level = null;
    e.reason = null;
    e.promiseDate = null;
    e.promiseMinor = null;
    e.creditLimit = null;
    e.settledMinor = null;
    return e;
  }

  /** A batch job works through its invoices one after another: the run's start plus up to 20 minutes. */
  pushBatch(rng: Random, runStart: number, activity: string): SimEvent {
    return this.push(runStart + rng.int(1, 1200) * 1000, activity, SYSTEM);
  }

  pushSystem(t: number, activity: string): SimEvent {
    return this.push(t, activity, SYSTEM);
  }

  /**
   * Puts the events in time order (stable: equal times keep the order they were recorded in),
   * cuts them at the cut-off and reads the invoice's status as of then. Returns how many
   * events are in (the first ones of {@link events}).
   */
  finish(cutoff: number, amountMinor: number, dueDate: number): { count: number; status: InvoiceStatus } {
    const pool = this.events;
    // Dynamics stores whole seconds.
    for (let i = 0; i < this.n; i++) pool[i].t = Math.floor(pool[i].t / 1000) * 1000;
    for (let i = 1; i < this.n; i++) {
      const e = pool[i];
      let j = i - 1;
      while (j >= 0 && pool[j].t > e.t) {
        pool[j + 1] = pool[j];
        j--;
      }
      pool[j + 1] = e;
    }
    let count = 0;
    let settled = 0;
    let writtenOff = false;
    let disputed = false;
    while (count < this.n && pool[count].t <= cutoff) {
      const e = pool[count++];
      if (e.settledMinor !== null) settled += e.settledMinor;
      if (e.activity === Activity.InvoiceWrittenOff) writtenOff = true;
      else if (e.activity === Activity.DisputeRegistered) disputed = true;
      else if (e.activity === Activity.DisputeResolved) disputed = false;
    }
    const status: InvoiceStatus = writtenOff
      ? 'Written Off'
      : settled >= amountMinor
        ? 'Paid'
        : disputed
          ? 'Disputed'
          : cutoff >= dueDate + DAY_MS
            ? 'Overdue'
            : 'Open';
    return { count, status };
  }
}
