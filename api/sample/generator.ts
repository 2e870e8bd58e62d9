import type { EventRecord } from '../adapters/export/event-record.ts';
import { InvoiceSimulator } from './invoice-lifecycle.ts';
import { SAMPLE_ORGANISATION } from './organisation.ts';
import { Pacer } from './pacer.ts';
import { Random, deriveSeed } from './random.ts';
import { buildWorld, pickAccount } from './world.ts';

export { SAMPLE_ORGANISATION } from './organisation.ts';
export { PLANTED } from './planted.ts';

export interface SampleOptions {
  /** Same seed and options, byte-identical log. Default 20240601. */
  readonly seed?: number;
  /** Target event count: generation stops at the first invoice boundary at or after it. Default 60,000. */
  readonly events?: number;
  /** The "as of" instant (LastDataUpdate, epoch ms): nothing happens after it. Default 2024-06-30T18:00:00Z. */
  readonly cutoff?: number;
}

export const DEFAULT_SEED = 20240601;
export const DEFAULT_EVENTS = 60_000;
export const DEFAULT_CUTOFF = Date.UTC(2024, 5, 30, 18);
export const SOURCE_SYSTEM = 'Dynamics 365 Finance';

/**
 * A Dynamics 365 Finance-shaped credit and collections event log, streamed invoice by invoice
 * (the events of one invoice consecutive and in time order, invoices in creation order). Holds
 * one invoice at a time, so any size streams in bounded memory. The three events the product
 * derives itself (Payment Due Date Passed, Promise to Pay Broken, Invoice Settled) are never
 * emitted; their inputs (DueDate, PromiseDate, SettledAmount) are.
 *
 * Options are checked at the call, not at the first next().
 */
export function generateSample(options: SampleOptions = {}): Generator<EventRecord> {
  const seed = options.seed ?? DEFAULT_SEED;
  const events = options.events ?? DEFAULT_EVENTS;
  const cutoff = options.cutoff ?? DEFAULT_CUTOFF;
  if (!Number.isSafeInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
  if (!Number.isSafeInteger(events) || events < 1) throw new RangeError(`events must be a positive integer, got ${events}`);
  if (!Number.isFinite(cutoff)) throw new RangeError(`cutoff must be an instant in epoch milliseconds, got ${cutoff}`);
  return stream(seed, events, cutoff);
}

function* stream(seed: number, target: number, cutoff: number): Generator<EventRecord> {
  const world = buildWorld(SAMPLE_ORGANISATION, seed, target, cutoff);
  const pacer = new Pacer(world, deriveSeed(seed, 0x5bd1e995));
  const rng = new Random(seed);
  const simulator = new InvoiceSimulator(cutoff);
  const invoiced = new Uint8Array(world.accounts.length);
  const nextNumber = new Map<string, number>();
  let emitted = 0;
  while (emitted < target) {
    const { day, fraction } = pacer.next(rng, target - emitted);
    const index = pickAccount(world, rng, day);
    const account = world.accounts[index];
    const { customer } = account;
    const invoice = simulator.simulate(rng, account, day, fraction, customer.isNew && invoiced[index] === 0);
    invoiced[index] = 1;
    const company = customer.company;
    const sequence = nextNumber.get(company.code) ?? 1001;
    nextNumber.set(company.code, sequence + 1);
    const number = `INV-${company.code}-${String(sequence).padStart(7, '0')}`;
    const amount = invoice.amountMinor / account.minorPerUnit;
    const events = invoice.events;
    for (let i = 0; i < invoice.count; i++) {
      const e = events[i];
      yield {
        InvoiceNumber: number,
        ActivityName: e.activity,
        EventTime: e.t,
        CustomerId: customer.id,
        CustomerName: customer.name,
        CustomerSegment: customer.segment,
        InvoiceAmount: amount,
        InvoiceCurrency: customer.currency,
        DueDate: invoice.dueDate,
        PaymentTerms: invoice.terms,
        CompanyCode: company.code,
        CollectorName: customer.collector.name,
        CreditTeam: customer.team.name,
        InvoiceStatus: invoice.status,
        DunningLevel: e.level,
        DisputeReason: e.reason,
        PromiseDate: e.promiseDate,
        PromiseAmount: e.promiseMinor === null ? null : e.promiseMinor / account.minorPerUnit,
        CreditLimit: e.creditLimit,
        SettledAmount: e.settledMinor === null ? null : e.settledMinor / account.minorPerUnit,
        Resource: e.resource,
        SourceSystem: SOURCE_SYSTEM,
        LastDataUpdate: cutoff,
      };
    }
    emitted += invoice.count;
  }
}
