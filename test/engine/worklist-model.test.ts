import { describe, expect, it } from 'vitest';
import { mergeRuns, PayDateModel, ranksOfMarks } from '../../api/engine/worklist/pay-date-model.ts';
import { Bits, byClosingAge, gridIndex, packState, type Snapshots, type StateKey } from '../../api/engine/worklist/snapshots.ts';

const SECOND_IN_DAYS = 1 / 86_400;

describe('byClosingAge', () => {
  it('orders the cases with observations by exact closing age, also within one second', () => {
    const count = Uint8Array.from([2, 1, 1, 0, 3]);
    // Case 0 closes at 1.5 days, case 2 a tenth of a second later (same whole second), case 4 a
    // fifth of a second earlier (the second before), case 1 before the due date; case 3 has no
    // observation and is left out.
    const closedAge = Float64Array.from([1.5, -0.25, 1.5 + 0.1 * SECOND_IN_DAYS, 9, 1.5 - 0.2 * SECOND_IN_DAYS]);
    expect([...byClosingAge(count, closedAge)]).toEqual([1, 4, 0, 2]);
  });

  it('puts cases of the same second in age order whatever their case order', () => {
    const count = Uint8Array.from([1, 1, 1]);
    const closedAge = Float64Array.from([2 + 0.9 * SECOND_IN_DAYS, 2 + 0.1 * SECOND_IN_DAYS, 2 + 0.5 * SECOND_IN_DAYS]);
    expect([...byClosingAge(count, closedAge)]).toEqual([1, 2, 0]);
  });

  it('is empty without observations', () => {
    expect(byClosingAge(new Uint8Array(3), new Float64Array(3)).length).toBe(0);
  });
});

describe('mergeRuns', () => {
  it('merges ascending runs into one ascending array', () => {
    const a = Uint32Array.from([3, 7, 9, 1, 8, 2, 4, 5, 6]);
    expect([...mergeRuns(a, [0, 3, 5, 6, 9])]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });

  it('returns a single run or nothing as it is', () => {
    expect([...mergeRuns(Uint32Array.from([1, 2, 3]), [0, 3])]).toEqual([1, 2, 3]);
    expect(mergeRuns(new Uint32Array(0), [0]).length).toBe(0);
  });
});

describe('ranksOfMarks', () => {
  it('reads the set bits back as ascending ranks and clears them', () => {
    const marks = new Uint32Array(3);
    for (const r of [70, 0, 31, 32, 5, 64]) marks[r >>> 5] |= 1 << (r & 31);
    const out = new Uint32Array(6);
    ranksOfMarks(marks, out);
    expect([...out]).toEqual([0, 5, 31, 32, 64, 70]);
    expect([...marks]).toEqual([0, 0, 0]);
  });
});

describe('PayDateModel over ranked observations', () => {
  const key = (segment: number): StateKey => ({ hasDue: 1, segment, level: 0, broken: 0, dispute: 0, promise: 0 });
  const grid = gridIndex(0);
  // Segment 0: 40 invoices settled at ages 1..40 days and 10 written off at 41..50; segment 1:
  // three settled at 0.5, 10.5 and 20.5. One observation each, all at grid age 0.
  const observations: [age: number, packed: number][] = [];
  for (let d = 1; d <= 40; d++) observations.push([d, packState(key(0), grid, false)]);
  for (let d = 41; d <= 50; d++) observations.push([d, packState(key(0), grid, true)]);
  for (const d of [0.5, 10.5, 20.5]) observations.push([d, packState(key(1), grid, false)]);
  observations.sort((a, b) => a[0] - b[0]);
  const snapshotsOf = (list: readonly (readonly [number, number])[]): Snapshots => ({
    length: list.length,
    state: Uint32Array.from(list, ([, packed]) => packed),
    count: new Uint8Array(list.length).fill(1),
    closedAge: Float64Array.from(list, ([age]) => age),
    invoices: list.length,
  });
  const model = new PayDateModel(snapshotsOf(observations));

  it('reads a state with enough settled invoices from its own cell', () => {
    // Still open at 1.5 days: the 39 settled at 2..40. Nearest ranks 4, 20 and 36 of 39: 5, 21 and
    // 37 days, so 3.5, 19.5 and 35.5 days to go; all 10 written off were still open then.
    expect(model.estimate(key(0), 1.5, grid)).toEqual({ backOff: 0, settled: 39, p10: 3.5, p50: 19.5, p90: 35.5, writeOffShare: 10 / 49 });
  });

  it('backs off to the union of the segments when a segment has too few', () => {
    // Segment 1 alone has 3. Without the segment: 43 settled, 0.5, 1..10, 10.5, 11..20, 20.5, 21..40;
    // nearest ranks 5, 22 and 39 of 43 are 4, 20 and 36 days.
    expect(model.estimate(key(1), 0, grid)).toEqual({ backOff: 1, settled: 43, p10: 4, p50: 20, p90: 36, writeOffShare: 10 / 53 });
  });

  it('answers the same when the group is merged from its cells rather than marked rank by rank', () => {
    // 20,000 more invoices observed at another grid age make the ranks many and the group small
    // beside them, which switches the way the group is gathered.
    const other = gridIndex(30);
    const filler: [number, number][] = [];
    for (let i = 0; i < 20_000; i++) filler.push([60 + i / 1000, packState(key(0), other, false)]);
    const big = new PayDateModel(snapshotsOf([...observations, ...filler].sort((a, b) => a[0] - b[0])));
    expect(big.estimate(key(1), 0, grid)).toEqual(model.estimate(key(1), 0, grid));
    expect(big.estimate(key(1), 0, grid)?.backOff).toBe(1);
  });

  it('has no answer at a grid age nobody was observed at', () => {
    expect(model.estimate(key(0), 15, gridIndex(15))).toBeNull();
  });

  it('keeps the written-off flag out of the state it groups by', () => {
    expect(packState(key(0), grid, true) & ~Bits.writtenOff).toBe(packState(key(0), grid, false));
  });
});
