import { describe, expect, it } from 'vitest';
import { discoverVariants, sequenceHash, variantCases } from '../../api/engine/statistics/variants.ts';
import { H, casesOf, markDerived, mine, sequences } from './mining-logs.ts';

describe('discoverVariants', () => {
  const log = mine({
    c1: [['A', 0], ['B', 1], ['C', 2]], // ABC 2 h
    c2: [['A', 0], ['C', 1], ['B', 1]], // ACB 1 h
    c3: [['A', 0], ['B', 1], ['C', 4]], // ABC 4 h
    c4: [['A', 0], ['B', 5]], // AB 5 h
    c5: [['A', 0], ['C', 2], ['B', 3]], // ACB 3 h
    c6: [['A', 0], ['B', 8], ['C', 9]], // ABC 9 h
    c7: [['X', 0]], // X 0 h
  });

  it('lists every variant by count, then first occurrence, with shares and durations', () => {
    const { variants, cases } = discoverVariants(log);
    expect(cases).toBe(7);
    expect(variants.map((v) => [v.rank, v.activities.join(''), v.cases])).toEqual([
      [0, 'ABC', 3],
      [1, 'ACB', 2],
      [2, 'AB', 1],
      [3, 'X', 1],
    ]);
    expect(variants[0].share).toBeCloseTo(3 / 7, 12);
    // ABC: 2, 4, 9 h → mean 5 h, median 4 h. ACB: 1, 3 h → mean = median = 2 h.
    expect(variants[0].duration).toMatchObject({ mean: 5 * H, median: 4 * H, count: 3 });
    expect(variants[1].duration).toMatchObject({ mean: 2 * H, median: 2 * H });
    expect(variants[3].duration).toMatchObject({ mean: 0, median: 0, count: 1 });
  });

  it('maps cases to variants and back', () => {
    const result = discoverVariants(log);
    expect(Array.from(result.caseVariant)).toEqual([0, 1, 0, 2, 1, 0, 3]);
    expect(Array.from(variantCases(result, 0))).toEqual([0, 2, 5]);
    expect(Array.from(variantCases(result, 3))).toEqual([6]);
  });

  it('orders ties by first occurrence among the selected cases', () => {
    const small = sequences({ c1: 'P Q', c2: 'R', c3: 'P Q' });
    const result = discoverVariants(small, casesOf(small, ['c2', 'c3']));
    expect(result.variants.map((v) => v.activities.join(''))).toEqual(['R', 'PQ']);
    expect(Array.from(result.caseVariant)).toEqual([-1, 0, 1]);
  });

  it('merges variants that differ only in hidden derived events', () => {
    const derived = markDerived(sequences({ c1: 'A D B', c2: 'A B', c3: 'D' }), ['D']);
    expect(discoverVariants(derived).variants.map((v) => v.activities.join(''))).toEqual(['ADB', 'AB', 'D']);
    const hidden = discoverVariants(derived, { cases: new Uint8Array([1, 1, 1]), hideDerived: true });
    expect(hidden.variants.map((v) => [v.activities.join(''), v.cases])).toEqual([['AB', 2]]);
    expect(hidden.cases).toBe(2); // c3 shows no event
    expect(Array.from(hidden.caseVariant)).toEqual([0, 0, -1]);
  });

  it('keeps sequences with the same activities in another order apart', () => {
    const many = sequences({ c1: 'A B A', c2: 'A A B', c3: 'B A A', c4: 'A B A', c5: 'A' });
    expect(discoverVariants(many).variants.map((v) => [v.activities.join(''), v.cases])).toEqual([
      ['ABA', 2],
      ['AAB', 1],
      ['BAA', 1],
      ['A', 1],
    ]);
  });

  it('never merges two sequences whose hashes collide', () => {
    // Found by search: equal-length code sequences with the same 32-bit hash.
    const a = [9, 12, 2, 11, 8, 18, 5];
    const b = [7, 0, 9, 16, 16, 2, 17];
    expect(sequenceHash(a)).toBe(sequenceHash(b));
    // A first case naming a0…a18 in order makes activity code i the name `a${i}`.
    const names = (codes: number[]) => codes.map((i) => `a${i}`).join(' ');
    const log = sequences({ all: names(Array.from({ length: 19 }, (_, i) => i)), x: names(a), y: names(b), z: names(a) });
    const result = discoverVariants(log);
    expect(result.variants.map((v) => [v.activities.join(' '), v.cases])).toEqual([
      [names(a), 2],
      [names(Array.from({ length: 19 }, (_, i) => i)), 1],
      [names(b), 1],
    ]);
  });
});
