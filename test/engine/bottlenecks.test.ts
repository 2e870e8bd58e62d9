import { describe, expect, it } from 'vitest';
import { caseAmounts } from '../../api/engine/statistics/amounts.ts';
import { rankBottlenecks } from '../../api/engine/statistics/bottlenecks.ts';
import { DAY, mine } from './mining-logs.ts';

describe('rankBottlenecks', () => {
  const log = mine(
    {
      c1: [['A', 0], ['B', 48]], // A→B waits 2 days on 1,000
      c2: [['A', 0], ['B', 24], ['C', 96]], // A→B 1 day, B→C 3 days, on 3,650
      c3: [['A', 0], ['B', 120]], // A→B 5 days, no amount
    },
    { c1: { InvoiceAmount: 1000 }, c2: { InvoiceAmount: 3650 } },
  );

  it('ranks by total waiting time with money at stake', () => {
    const ranked = rankBottlenecks(log);
    expect(ranked.map((b) => [b.from, b.to, b.events, b.cases, b.totalWait])).toEqual([
      ['A', 'B', 3, 3, 8 * DAY],
      ['B', 'C', 1, 1, 3 * DAY],
    ]);
    // A→B: (2 × 1000 + 1 × 3650 + 5 × 0) × 0.08 / 365; B→C: 3 × 3650 × 0.08 / 365 = 2.4.
    expect(ranked[0].exposure).toBeCloseTo((5650 * 0.08) / 365, 10);
    expect(ranked[1].exposure).toBeCloseTo(2.4, 10);
    expect(ranked[0]).toMatchObject({ meanWait: (8 / 3) * DAY, medianWait: 2 * DAY });
  });

  it('ranks by exposure and takes the cost of capital as an option', () => {
    expect(rankBottlenecks(log, undefined, { rankBy: 'exposure' }).map((b) => b.from + b.to)).toEqual(['BC', 'AB']);
    const dear = rankBottlenecks(log, undefined, { annualCostOfCapital: 0.365, rankBy: 'exposure' });
    expect(dear[0].exposure).toBeCloseTo(3 * 3650 * 0.001, 10); // 10.95
  });

  it('reads amounts from another attribute or from numeric text', () => {
    const text = mine({ c1: [['A', 0], ['B', 24]], c2: [['A', 0], ['B', 24]] }, { c1: { Value: '730' }, c2: { Value: 'n/a' } });
    expect(Array.from(caseAmounts(text, 'Value'))).toEqual([730, 0]);
    expect(Array.from(caseAmounts(text))).toEqual([0, 0]);
    expect(rankBottlenecks(text, undefined, { amountAttribute: 'Value' })[0].exposure).toBeCloseTo(730 * 0.08 / 365, 12);
  });
});
