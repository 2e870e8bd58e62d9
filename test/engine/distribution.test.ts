import fc from 'fast-check';
import { describe as suite, expect, it } from 'vitest';
import { durationStats, durationStatsOf, groupedDurationStats, nearestRank } from '../../api/engine/statistics/distribution.ts';

/** The definitions, straight from a sorted copy. */
function reference(values: readonly number[]) {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  const median = n % 2 === 1 ? s[(n - 1) / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
  return { count: n, min: s[0], max: s[n - 1], median, p90: s[Math.ceil((90 * n) / 100) - 1] };
}

/** -0 and 0 are the same duration; the sorted copy and the selection may keep either. */
function unsignedZeros<T extends object>(stats: T): T {
  return Object.fromEntries(Object.entries(stats).map(([k, v]) => [k, v === 0 ? 0 : v])) as T;
}

suite('durationStats', () => {
  it('takes the mean of the two middle values for an even count', () => {
    expect(durationStatsOf([4, 1, 3, 2])).toEqual({ count: 4, total: 10, mean: 2.5, median: 2.5, p90: 4, min: 1, max: 4 });
  });

  it('takes the middle value for an odd count', () => {
    expect(durationStatsOf([5, 1, 3])).toMatchObject({ median: 3, mean: 3, min: 1, max: 5 });
  });

  it('p90 is the nearest rank: ceil(0.9 n)-th smallest', () => {
    // n = 10: rank 9; n = 11: rank ceil(9.9) = 10; n = 30: rank 27 exactly (no float round-up to 28).
    expect(durationStatsOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]).p90).toBe(9);
    expect(durationStatsOf([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]).p90).toBe(10);
    expect(durationStatsOf(Array.from({ length: 30 }, (_, i) => i + 1)).p90).toBe(27);
    expect(nearestRank(90, 30)).toBe(27);
    expect(durationStatsOf([7]).p90).toBe(7);
  });

  it('gives zeros with count 0 for no values', () => {
    expect(durationStatsOf([])).toEqual({ count: 0, total: 0, mean: 0, median: 0, p90: 0, min: 0, max: 0 });
  });

  it('describes only the given range', () => {
    expect(durationStats(Float64Array.from([100, 3, 1, 2, 100]), 1, 4)).toMatchObject({ count: 3, median: 2, total: 6 });
  });

  it('matches the sorted definition on large inputs with many duplicates (sampling path)', () => {
    const n = 50_001;
    const values: number[] = [];
    for (let i = 0; i < n; i++) values.push(i % 3 === 0 ? 0 : i % 7 === 0 ? 86_400_000 : (i * 7919) % 100_003);
    expect(durationStats(Float64Array.from(values))).toMatchObject(reference(values));
    const constant = new Array(10_000).fill(42);
    expect(durationStats(Float64Array.from(constant))).toMatchObject(reference(constant));
    const sorted = Array.from({ length: 20_000 }, (_, i) => i);
    expect(durationStats(Float64Array.from(sorted))).toMatchObject(reference(sorted));
    expect(durationStats(Float64Array.from(sorted.slice().reverse()))).toMatchObject(reference(sorted));
  });

  it('matches the sorted definition on random inputs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 20 }), fc.double({ min: -1e12, max: 1e12, noNaN: true })), { minLength: 1, maxLength: 6000 }),
        (values) => {
          const d = durationStats(Float64Array.from(values));
          const r = reference(values);
          expect(unsignedZeros(d)).toMatchObject(unsignedZeros(r));
          expect(d.total).toBeCloseTo(values.reduce((s, v) => s + v, 0), -2);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('matches the sorted definition on large mixed-sign inputs (radix path)', () => {
    fc.assert(
      fc.property(fc.integer(), fc.constantFrom('wide', 'narrow', 'ties', 'signs'), fc.integer({ min: 16_384, max: 40_000 }), (seed, shape, n) => {
        let state = seed | 1;
        const next = () => {
          state ^= state << 13;
          state ^= state >>> 17;
          state ^= state << 5;
          return (state >>> 0) / 2 ** 32;
        };
        const values = Array.from({ length: n }, () => {
          const u = next();
          if (shape === 'wide') return Math.floor(u * u * u * 1e10);
          if (shape === 'narrow') return 86_400_000 + Math.floor(u * 1000); // one radix bin
          if (shape === 'ties') return Math.floor(u * 4) * 3_600_000;
          return (u - 0.5) * 2 ** (Math.floor(next() * 60) - 20);
        });
        expect(unsignedZeros(durationStats(Float64Array.from(values)))).toMatchObject(unsignedZeros(reference(values)));
      }),
      { numRuns: 40 },
    );
  });
});

suite('groupedDurationStats', () => {
  it('describes each group of an interleaved stream', () => {
    const ids = Uint32Array.from([1, 0, 1, 2, 1]);
    const values = Float64Array.from([10, 5, 30, 7, 20]);
    const [g0, g1, g2, g3] = groupedDurationStats(ids, values, 5, 4);
    expect(g0).toMatchObject({ count: 1, median: 5 });
    expect(g1).toMatchObject({ count: 3, median: 20, mean: 20, min: 10, max: 30 });
    expect(g2).toMatchObject({ count: 1, total: 7 });
    expect(g3.count).toBe(0);
  });
});
