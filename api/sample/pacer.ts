import { InvoiceSimulator } from './invoice-lifecycle.ts';
import { Random } from './random.ts';
import { pickAccount, type World } from './world.ts';

/** Trial invoices run before generation to learn how many events an invoice of a given age yields. */
const TRIAL_INVOICES = 4000;
/** Ages are pooled by business week. */
const BUCKET_DAYS = 5;

/**
 * Spreads invoice creation over the window so that the target event count is reached as the
 * clock reaches the cut-off, while the log streams in creation order.
 *
 * Young invoices yield fewer events (their story is cut at the cut-off), so invoices cannot be
 * paced by events emitted so far. Instead a trial run measures the expected yield per creation
 * day, and each step places the next invoice at the rate that makes the expected yield of the
 * rest of the window equal the events still wanted. The rate corrects itself as real yields
 * drift from the estimate, so invoice density stays even over the window.
 */
export class Pacer {
  /** Position in business days since the window start; the fraction is the time within the day. */
  private x = 0;
  private readonly expected: Float64Array;
  /** remaining[i]: expected events of one invoice per business day, summed from day i to the end. */
  private readonly remaining: Float64Array;

  constructor(
    private readonly world: World,
    trialSeed: number,
  ) {
    this.expected = expectedYield(world, trialSeed);
    const n = this.expected.length;
    this.remaining = new Float64Array(n + 1);
    for (let i = n - 1; i >= 0; i--) this.remaining[i] = this.remaining[i + 1] + this.expected[i];
  }

  /** Where the next invoice goes, given the events still wanted. */
  next(rng: Random, eventsWanted: number): { day: number; fraction: number } {
    const days = this.world.businessDays;
    const i = Math.min(Math.floor(this.x), days.length - 1);
    const fraction = this.x >= days.length ? rng.next() : this.x - i;
    const ahead = Math.max(this.remaining[i] - fraction * this.expected[i], 1e-9);
    this.x = Math.min(this.x + rng.exponential(ahead / Math.max(eventsWanted, 1)), days.length);
    return { day: days[i], fraction };
  }
}

function expectedYield(world: World, seed: number): Float64Array {
  const days = world.businessDays;
  const buckets = Math.ceil(days.length / BUCKET_DAYS);
  const sum = new Float64Array(buckets);
  const count = new Float64Array(buckets);
  const rng = new Random(seed);
  const sim = new InvoiceSimulator(world.cutoff);
  for (let k = 0; k < TRIAL_INVOICES; k++) {
    const x = ((k + rng.next()) / TRIAL_INVOICES) * days.length;
    const i = Math.floor(x);
    const account = world.accounts[pickAccount(world, rng, days[i])];
    const b = Math.floor((days.length - 1 - i) / BUCKET_DAYS);
    sum[b] += sim.simulate(rng, account, days[i], x - i, false).count;
    count[b]++;
  }
  const expected = new Float64Array(days.length);
  for (let i = 0; i < days.length; i++) {
    // Smoothed over neighbouring weeks: a few dozen trials per week are noisy.
    const b = Math.floor((days.length - 1 - i) / BUCKET_DAYS);
    let s = 0;
    let c = 0;
    for (let j = Math.max(0, b - 1); j <= Math.min(buckets - 1, b + 1); j++) {
      s += sum[j];
      c += count[j];
    }
    expected[i] = c > 0 ? s / c : 1;
  }
  return expected;
}
