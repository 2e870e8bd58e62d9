/**
 * Seeded pseudo-random numbers for the sample generator. Never Math.random: the same seed must
 * give a byte-identical log on every machine.
 *
 * xoshiro128** because it is fast in 32-bit integer arithmetic (Math.imul), has a period of
 * 2^128 − 1 and passes BigCrush; seeded through splitmix32 so that neighbouring seeds (1, 2, 3)
 * give unrelated streams.
 */
export class Random {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  /** Box–Muller makes normals in pairs; the second waits here. */
  private spareNormal = Number.NaN;

  constructor(seed: number) {
    let state = (seed >>> 0) ^ Math.imul(Math.floor(seed / 4294967296) | 0, 0x9e3779b1);
    const splitmix = (): number => {
      state = (state + 0x9e3779b9) | 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = splitmix();
    this.s1 = splitmix();
    this.s2 = splitmix();
    this.s3 = splitmix();
    // The all-zero state is the one xoshiro cannot leave.
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  uint32(): number {
    const s1 = this.s1;
    const m = Math.imul(s1, 5);
    const result = Math.imul((m << 7) | (m >>> 25), 9) >>> 0;
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = (this.s3 << 11) | (this.s3 >>> 21);
    return result;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)];
  }

  /** Standard normal. */
  normal(): number {
    if (!Number.isNaN(this.spareNormal)) {
      const spare = this.spareNormal;
      this.spareNormal = Number.NaN;
      return spare;
    }
    const u = 1 - this.next(); // (0, 1]: log(0) would be -Infinity
    const r = Math.sqrt(-2 * Math.log(u));
    const theta = 2 * Math.PI * this.next();
    this.spareNormal = r * Math.sin(theta);
    return r * Math.cos(theta);
  }

  /**
   * Log-normal given by its median (not its mean) and the σ of its logarithm: the median is the
   * figure people quote ("cash is applied within a day, typically"), σ the spread (0.5 modest, 1 wide).
   */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.next());
  }
}

/**
 * A seed for a separate stream (the customer population, the pacing trial), derived from the
 * run's seed: salted in the low 32 bits, keeping the high ones so large seeds stay distinct.
 */
export function deriveSeed(seed: number, salt: number): number {
  const low = seed >>> 0;
  return ((low ^ salt) | 0) + (seed - low);
}

/** A choice among items by weight, for repeated picks (cumulative weights, binary search). */
export class WeightedChoice<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;

  constructor(entries: readonly (readonly [T, number])[]) {
    const positive = entries.filter(([, w]) => w > 0);
    if (positive.length === 0) throw new RangeError('WeightedChoice needs at least one positive weight');
    this.items = positive.map(([item]) => item);
    this.cumulative = new Float64Array(positive.length);
    let sum = 0;
    positive.forEach(([, w], i) => {
      sum += w;
      this.cumulative[i] = sum;
    });
  }

  pick(rng: Random): T {
    const cum = this.cumulative;
    const x = rng.next() * cum[cum.length - 1];
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return this.items[lo];
  }
}
