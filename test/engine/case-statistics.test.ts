import { describe, expect, it } from 'vitest';
import { LogBuilder } from '../../api/engine/log/builder.ts';
import { caseDurations } from '../../api/engine/statistics/durations.ts';
import { throughputTime } from '../../api/engine/statistics/throughput.ts';
import { caseTimeline } from '../../api/engine/statistics/timeline.ts';
import { H, T0, casesOf, markDerived, mine } from './mining-logs.ts';

describe('caseDurations', () => {
  const log = markDerived(
    mine({
      c1: [['A', 0, 10], ['B', 2]], // A completes after B: the case ends at 10
      c2: [['A', 0], ['B', 5]],
      c3: [['A', 3]],
      c4: [['A', 0], ['D', 20]],
    }),
    ['D'],
  );

  it('runs from the first event to the latest completion', () => {
    const d = caseDurations(log);
    expect(Array.from(d.perCase)).toEqual([10 * H, 5 * H, 0, 20 * H]);
    // 0, 5, 10, 20 h: mean 8.75 h, median (5 + 10) / 2 = 7.5 h.
    expect(d.stats).toMatchObject({ count: 4, mean: 8.75 * H, median: 7.5 * H, min: 0, max: 20 * H });
  });

  it('respects the selection and hidden derived events', () => {
    const d = caseDurations(log, { cases: casesOf(log, ['c2', 'c4']), hideDerived: true });
    expect(Array.from(d.perCase)).toEqual([Number.NaN, 5 * H, Number.NaN, 0]);
    expect(d.stats).toMatchObject({ count: 2, mean: 2.5 * H, median: 2.5 * H });
  });
});

describe('throughputTime', () => {
  const log = mine({
    c1: [['A', 0], ['B', 1], ['A', 2], ['B', 5]], // first A at 0, next B at 1: 1 h
    c2: [['B', 0], ['A', 1], ['C', 2], ['B', 4]], // B before A does not count: 1 → 4 = 3 h
    c3: [['A', 0]], // no B: left out
    c4: [['B', 0]], // no A: left out
    c5: [['A', 0], ['B', 2, 3]], // to B's completion: 3 h
  });

  it('goes from the first A to the completion of the next B after it', () => {
    const t = throughputTime(log, 'A', 'B');
    expect(Array.from(t.perCase)).toEqual([1 * H, 3 * H, Number.NaN, Number.NaN, 3 * H]);
    // 1, 3, 3 h: mean 7/3 h, median 3 h.
    expect(t.stats.count).toBe(3);
    expect(t.stats.mean).toBeCloseTo((7 / 3) * H, 6);
    expect(t.stats).toMatchObject({ median: 3 * H, min: 1 * H, max: 3 * H, p90: 3 * H });
  });

  it('pairs an activity with its own next occurrence', () => {
    expect(Array.from(throughputTime(log, 'A', 'A').perCase)).toEqual([2 * H, Number.NaN, Number.NaN, Number.NaN, Number.NaN]);
  });

  it('is empty for unknown activities and respects the selection', () => {
    expect(throughputTime(log, 'A', 'Nope').stats.count).toBe(0);
    expect(throughputTime(log, 'A', 'B', casesOf(log, ['c2'])).stats).toMatchObject({ count: 1, mean: 3 * H });
  });
});

describe('caseTimeline', () => {
  const b = new LogBuilder();
  const e1 = b.addEvent('INV-1', 'Invoice Created', T0);
  b.setEventAttribute(e1, 'Resource', 'system');
  b.addEvent('INV-1', 'Collection Contact Made', T0 + 2 * H, T0 + 3 * H);
  const e3 = b.addEvent('INV-1', 'Payment Due Date Passed', T0 + 5 * H);
  b.setEventAttribute(e3, 'DunningLevel', '1');
  b.addEvent('INV-2', 'Invoice Created', T0);
  b.setCaseAttribute('INV-1', 'InvoiceAmount', 1200);
  b.setCaseAttribute('INV-1', 'CustomerSegment', 'SMB');
  const log = markDerived(b.build(), ['Payment Due Date Passed'], 'DueDate + 1 day');

  it('lists events with times, rule, attributes and waits', () => {
    const timeline = caseTimeline(log, 'INV-1')!;
    expect(timeline.caseIndex).toBe(0);
    expect(timeline.attributes).toEqual({ InvoiceAmount: 1200, CustomerSegment: 'SMB' });
    expect(timeline.events).toEqual([
      { index: 0, activity: 'Invoice Created', time: T0, endTime: null, derivedRule: null, attributes: { Resource: 'system' }, waitSincePrevious: null },
      { index: 1, activity: 'Collection Contact Made', time: T0 + 2 * H, endTime: T0 + 3 * H, derivedRule: null, attributes: {}, waitSincePrevious: 2 * H },
      // waits from the contact's completion at 3 h
      { index: 2, activity: 'Payment Due Date Passed', time: T0 + 5 * H, endTime: null, derivedRule: 'DueDate + 1 day', attributes: { DunningLevel: '1' }, waitSincePrevious: 2 * H },
    ]);
  });

  it('hides derived events when the selection does, and finds cases by index', () => {
    const timeline = caseTimeline(log, 0, { cases: new Uint8Array(2), hideDerived: true })!;
    expect(timeline.events.map((e) => e.activity)).toEqual(['Invoice Created', 'Collection Contact Made']);
    expect(caseTimeline(log, 1)!.caseId).toBe('INV-2');
    expect(caseTimeline(log, 'INV-9')).toBeNull();
    expect(caseTimeline(log, 5)).toBeNull();
  });
});
