import { describe, expect, it } from 'vitest';
import { Activity as Act } from '../../api/engine/domain/activities.ts';
import { findRootCauses } from '../../api/engine/rootcause/index.ts';
import { PairCounts } from '../../api/engine/rootcause/pair-counts.ts';
import { logOf, type HandEvent } from '../helpers/logs.ts';

/**
 * Two attributes over six cases. Attribute A has feature ids 0 (x) and 1 (y); attribute B has
 * 2 (p), 3 (q) and 4 (r). A case class byte: bit k = in outcome k's population, bit 4 + k = has it.
 */
const IN0_HIT0 = 0b1_0001; // 17
const IN0 = 0b0001; // 1
const IN0_IN1_HIT1 = 0b10_0011; // 35: in both populations, has outcome 1 only
const A = Int32Array.from([0, 0, 0, 1, -1, -1]);
const B = Int32Array.from([2, 2, 3, 2, 2, -1]);
const cls = Uint8Array.from([IN0_HIT0, IN0_IN1_HIT1, IN0_HIT0, IN0_HIT0, IN0_HIT0, 0]);
const ranges = [
  { first: 0, size: 2 },
  { first: 2, size: 3 },
];

describe('PairCounts', () => {
  const pairs = new PairCounts([A, B], ranges, cls, new Set([0, 1, 2, 3, 4]));

  it('counts the cases of a population with both values, and those with the outcome', () => {
    // x and p: cases 0 (has outcome 0) and 1 (in population 0 without it).
    expect(pairs.together(0, 2, 0)).toEqual({ cases: 2, hits: 1 });
    // x and q: case 2 only; y and p: case 3 only.
    expect(pairs.together(0, 3, 0)).toEqual({ cases: 1, hits: 1 });
    expect(pairs.together(1, 2, 0)).toEqual({ cases: 1, hits: 1 });
    // Nobody has r; case 4 has p but no value of A, so it is in no pair.
    expect(pairs.together(0, 4, 0)).toEqual({ cases: 0, hits: 0 });
  });

  it('reads the same table whichever value comes first', () => {
    expect(pairs.together(2, 0, 0)).toEqual(pairs.together(0, 2, 0));
    expect(pairs.together(3, 0, 0)).toEqual(pairs.together(0, 3, 0));
  });

  it('serves every outcome from one count', () => {
    // Outcome 1's population is case 1 alone, which has it.
    expect(pairs.together(0, 2, 1)).toEqual({ cases: 1, hits: 1 });
    expect(pairs.together(0, 3, 1)).toEqual({ cases: 0, hits: 0 });
  });

  it('counts only the values compared', () => {
    // y (1) and q (3) not compared: x and p are still counted as before, a pair with y is refused.
    const some = new PairCounts([A, B], ranges, cls, new Set([0, 2, 4]));
    expect(some.together(0, 2, 0)).toEqual({ cases: 2, hits: 1 });
    expect(some.together(0, 4, 0)).toEqual({ cases: 0, hits: 0 });
    expect(() => some.together(1, 2, 0)).toThrow(RangeError);
  });

  it('leaves out the cases without a class', () => {
    const withClassless = new PairCounts([Int32Array.from([0, 0]), Int32Array.from([2, 2])], ranges, Uint8Array.from([IN0, 0]), new Set([0, 2]));
    expect(withClassless.together(0, 2, 0)).toEqual({ cases: 1, hits: 0 });
  });
});

describe('disputed invoices, read from the per-log activity bits', () => {
  const outcome = (extraActivities: number) => {
    // D1 and D2 disputed, N1 not; the extra activities come first, so with 31 or more of them
    // Dispute Registered gets a code that shares the last presence bit and is looked for event by event.
    const events: HandEvent[] = [];
    for (let i = 0; i < extraActivities; i++) events.push({ c: 'N1', a: `Step ${i}`, at: '2024-01-01T09:00:00Z' });
    for (const id of ['D1', 'D2', 'N1']) events.push({ c: id, a: Act.InvoicePosted, at: '2024-01-02T09:00:00Z' });
    events.push({ c: 'D1', a: Act.DisputeRegistered, at: '2024-01-10T09:00:00Z' }, { c: 'D2', a: Act.DisputeRegistered, at: '2024-01-11T09:00:00Z' });
    const log = logOf(events, {}, '2024-06-30T00:00:00Z');
    const r = findRootCauses(log, { outcomes: ['disputed'], minCases: 1, minShare: 0 }).outcomes.disputed!;
    return [r.population, r.outcomeCases];
  };

  it('counts the same with few activities and with more than the bits hold', () => {
    expect(outcome(0)).toEqual([3, 2]);
    expect(outcome(40)).toEqual([3, 2]);
  });
});
