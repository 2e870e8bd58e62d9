import { describe, expect, it } from 'vitest';
import { summarizeLog } from '../../api/engine/statistics/summary.ts';
import { casesOf, markDerived, mine } from './mining-logs.ts';

describe('summarizeLog', () => {
  const log = mine(
    {
      c1: [['A', 0], ['B', 24], ['C', 48]],
      c2: [['A', 0], ['B', 48], ['C', 72]],
      c3: [['A', 0], ['C', 24]],
    },
    { c1: { InvoiceAmount: 1000 }, c2: { InvoiceAmount: 2000 } },
  );
  const day = 86_400;

  it('returns exactly the CLI shape with hand-computed figures', () => {
    expect(summarizeLog(log)).toEqual({
      cases: 3,
      events: 8,
      activities: 3,
      variants: 2,
      startActivities: { A: 3 },
      endActivities: { C: 3 },
      dfg: [
        // A→B waits 1 and 2 days; B→C 1 and 1 day; A→C 1 day.
        { from: 'A', to: 'B', count: 2, meanSeconds: 1.5 * day, medianSeconds: 1.5 * day },
        { from: 'B', to: 'C', count: 2, meanSeconds: day, medianSeconds: day },
        { from: 'A', to: 'C', count: 1, meanSeconds: day, medianSeconds: day },
      ],
      topVariants: [
        { activities: ['A', 'B', 'C'], count: 2 },
        { activities: ['A', 'C'], count: 1 },
      ],
      // 2, 3 and 1 days.
      caseDurationSeconds: { mean: 2 * day, median: 2 * day },
      bottlenecks: [
        // (1 day × 1000 + 2 days × 2000) × 0.08 / 365 and (1 × 1000 + 1 × 2000) × 0.08 / 365
        { from: 'A', to: 'B', cases: 2, totalWaitSeconds: 3 * day, meanWaitSeconds: 1.5 * day, exposure: (5000 * 0.08) / 365 },
        { from: 'B', to: 'C', cases: 2, totalWaitSeconds: 2 * day, meanWaitSeconds: day, exposure: (3000 * 0.08) / 365 },
        { from: 'A', to: 'C', cases: 1, totalWaitSeconds: day, meanWaitSeconds: day, exposure: 0 },
      ],
    });
  });

  it('counts only the selection and leaves hidden derived events out', () => {
    const derived = markDerived(log, ['B']);
    const s = summarizeLog(derived, { cases: casesOf(derived, ['c1', 'c3']), hideDerived: true });
    expect(s).toMatchObject({ cases: 2, events: 4, activities: 2, variants: 1 });
    expect(s.dfg).toEqual([{ from: 'A', to: 'C', count: 2, meanSeconds: 1.5 * day, medianSeconds: 1.5 * day }]);
    expect(s.topVariants).toEqual([{ activities: ['A', 'C'], count: 2 }]);
  });

  it('lists at most the requested number of variants and uses the cost of capital given', () => {
    const s = summarizeLog(log, undefined, { topVariants: 1, annualCostOfCapital: 0.365 });
    expect(s.topVariants).toHaveLength(1);
    expect(s.bottlenecks[0].exposure).toBeCloseTo(5000 * 0.001, 12);
  });

  it('summarises an empty selection with zeros', () => {
    expect(summarizeLog(log, new Uint8Array(3))).toMatchObject({
      cases: 0,
      events: 0,
      variants: 0,
      dfg: [],
      topVariants: [],
      caseDurationSeconds: { mean: 0, median: 0 },
      bottlenecks: [],
    });
  });
});
