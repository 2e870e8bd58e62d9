import { describe, expect, it } from 'vitest';
import { discoverDfg, type Dfg } from '../../api/engine/discovery/dfg.ts';
import { LogBuilder } from '../../api/engine/log/builder.ts';
import { H, casesOf, markDerived, mine, sequences } from './mining-logs.ts';

function edge(dfg: Dfg, from: string, to: string) {
  const found = dfg.edges.find((e) => e.from === from && e.to === to);
  if (!found) throw new Error(`no edge ${from} -> ${to}`);
  return found;
}

describe('discoverDfg', () => {
  const log = mine({
    c1: [['A', 0], ['B', 2], ['C', 5]],
    c2: [['A', 0], ['B', 4], ['C', 6]],
    c3: [['A', 1], ['C', 2]],
  });

  it('counts directly-follows occurrences and distinct cases, most frequent first', () => {
    const dfg = discoverDfg(log);
    expect(dfg.edges.map((e) => [e.from, e.to, e.events, e.cases])).toEqual([
      ['A', 'B', 2, 2],
      ['B', 'C', 2, 2],
      ['A', 'C', 1, 1],
    ]);
    expect(dfg.cases).toBe(3);
    expect(dfg.events).toBe(8);
    expect(dfg.starts).toEqual([{ code: 0, name: 'A', cases: 3 }]);
    expect(dfg.ends).toEqual([{ code: 2, name: 'C', cases: 3 }]);
    expect(edge(dfg, 'A', 'B')).toMatchObject({ fromCode: 0, toCode: 1 });
  });

  it('measures waiting time as next time minus completion', () => {
    const dfg = discoverDfg(log);
    // A→B waits 2 h (c1) and 4 h (c2); B→C 3 h and 2 h.
    expect(edge(dfg, 'A', 'B').waiting).toEqual({ count: 2, total: 6 * H, mean: 3 * H, median: 3 * H, p90: 4 * H, min: 2 * H, max: 4 * H });
    expect(edge(dfg, 'B', 'C').waiting).toMatchObject({ mean: 2.5 * H, median: 2.5 * H, p90: 3 * H, min: 2 * H, max: 3 * H });
    expect(edge(dfg, 'A', 'C').waiting).toMatchObject({ count: 1, mean: 1 * H });
  });

  it('counts activities by events and cases', () => {
    const dfg = discoverDfg(log);
    expect(dfg.activities.map((a) => [a.name, a.events, a.cases, a.duration])).toEqual([
      ['A', 3, 3, null],
      ['C', 3, 3, null],
      ['B', 2, 2, null],
    ]);
  });

  it('handles loops, self-loops and single-event cases', () => {
    const dfg = discoverDfg(sequences({ c1: 'A B A B', c2: 'A A', c3: 'B' }));
    expect(dfg.edges.map((e) => [e.from, e.to, e.events, e.cases])).toEqual([
      ['A', 'B', 2, 1],
      ['A', 'A', 1, 1],
      ['B', 'A', 1, 1],
    ]);
    expect(dfg.starts.map((s) => [s.name, s.cases])).toEqual([['A', 2], ['B', 1]]);
    expect(dfg.ends.map((s) => [s.name, s.cases])).toEqual([['B', 2], ['A', 1]]);
    expect(dfg.activities.map((a) => [a.name, a.events, a.cases])).toEqual([['A', 4, 2], ['B', 3, 2]]);
    expect(dfg.events - dfg.cases).toBe(4);
  });

  it('orders equal timestamps by input order and unordered input by time', () => {
    const dfg = discoverDfg(mine({ c1: [['X', 0], ['Y', 0], ['Z', 0]], c2: [['Q', 2], ['P', 1]] }));
    expect(dfg.edges.map((e) => `${e.from}${e.to}:${e.waiting.mean}`)).toEqual(['PQ:3600000', 'XY:0', 'YZ:0']);
  });

  it('uses end times: activity durations, waiting from completion, overlap as no wait', () => {
    const dfg = discoverDfg(
      mine({
        c1: [['A', 0, 1], ['B', 3, 4], ['C', 4]],
        c2: [['A', 0, 5], ['B', 3]],
      }),
    );
    // c1: A→B 3 − 1 = 2 h, B→C 4 − 4 = 0; c2: B starts at 3 before A ends at 5: 0.
    expect(edge(dfg, 'A', 'B').waiting).toMatchObject({ count: 2, min: 0, max: 2 * H, mean: 1 * H });
    expect(edge(dfg, 'B', 'C').waiting).toMatchObject({ count: 1, mean: 0 });
    const a = dfg.activities.find((x) => x.name === 'A')!;
    expect(a.duration).toMatchObject({ count: 2, mean: 3 * H, median: 3 * H, min: 1 * H, max: 5 * H });
    expect(dfg.activities.find((x) => x.name === 'B')!.duration).toMatchObject({ count: 1, mean: 1 * H });
    expect(dfg.activities.find((x) => x.name === 'C')!.duration).toBeNull();
  });

  it('connects the neighbours of hidden derived events', () => {
    const log = markDerived(mine({ c1: [['A', 0], ['D', 1], ['B', 3]], c2: [['A', 0], ['B', 1]] }), ['D']);
    const shown = discoverDfg(log);
    expect(shown.edges.map((e) => `${e.from}${e.to}${e.events}`).sort()).toEqual(['AB1', 'AD1', 'DB1']);
    expect(shown.events).toBe(5);
    const hidden = discoverDfg(log, { cases: casesOf(log, ['c1', 'c2']), hideDerived: true });
    expect(hidden.edges).toHaveLength(1);
    // c1's A→B now waits 3 h, c2's 1 h.
    expect(hidden.edges[0]).toMatchObject({ from: 'A', to: 'B', events: 2, cases: 2 });
    expect(hidden.edges[0].waiting).toMatchObject({ mean: 2 * H, min: 1 * H, max: 3 * H });
    expect(hidden.events).toBe(4);
    expect(hidden.activities.map((a) => a.name)).toEqual(['A', 'B']);
  });

  it('leaves out cases whose events are all hidden', () => {
    const log = markDerived(sequences({ c1: 'A B', c2: 'D D' }), ['D']);
    const dfg = discoverDfg(log, { cases: new Uint8Array([1, 1]), hideDerived: true });
    expect(dfg.cases).toBe(1);
    expect(dfg.events).toBe(2);
    expect(dfg.starts.map((s) => s.name)).toEqual(['A']);
  });

  it('looks only at the selected cases', () => {
    const dfg = discoverDfg(log, casesOf(log, ['c3']));
    expect(dfg.edges.map((e) => `${e.from}${e.to}`)).toEqual(['AC']);
    expect(dfg.cases).toBe(1);
    expect(discoverDfg(log, new Uint8Array(3)).edges).toEqual([]);
  });

  it('projects sequences onto an activity mask', () => {
    const dfg = discoverDfg(log, { cases: new Uint8Array([1, 1, 1]), hideDerived: false, activities: Uint8Array.from([1, 0, 1]) });
    // B hidden: c1 A(0)→C(5), c2 A(0)→C(6), c3 A(1)→C(2).
    expect(dfg.edges).toHaveLength(1);
    expect(dfg.edges[0]).toMatchObject({ from: 'A', to: 'C', events: 3, cases: 3 });
    expect(dfg.edges[0].waiting).toMatchObject({ median: 5 * H, min: 1 * H, max: 6 * H });
  });

  it('sums waiting × invoice amount per arc', () => {
    const amounts = mine(
      { c1: [['A', 0], ['B', 2]], c2: [['A', 0], ['B', 4]], c3: [['A', 0], ['B', 1]] },
      { c1: { InvoiceAmount: 10, Other: 1 }, c2: { InvoiceAmount: 100, Other: 2 } },
    );
    expect(discoverDfg(amounts).edges[0].amountWaiting).toBe(2 * H * 10 + 4 * H * 100); // c3 has no amount
    expect(discoverDfg(amounts, undefined, { amountAttribute: 'Other' }).edges[0].amountWaiting).toBe(2 * H + 4 * H * 2);
    expect(discoverDfg(log).edges[0].amountWaiting).toBe(0);
  });

  it('shares one frozen result between calls on the same selection content', () => {
    const cases = casesOf(log, ['c1', 'c2']);
    const first = discoverDfg(log, cases);
    expect(discoverDfg(log, cases.slice())).toBe(first);
    expect(Object.isFrozen(first.edges[0].waiting)).toBe(true);
    cases.set([0, 0, 1]); // the same bitmap refilled is another selection
    expect(discoverDfg(log, cases).edges.map((e) => `${e.from}${e.to}`)).toEqual(['AC']);
    expect(discoverDfg(log, { cases, hideDerived: true })).not.toBe(discoverDfg(log, cases));
  });

  it('works beyond the dense pair table (over 1024 activities)', () => {
    const b = new LogBuilder();
    for (let i = 0; i < 1100; i++) b.addEvent('big', `a${i}`, i);
    b.addEvent('small', 'a0', 0);
    b.addEvent('small', 'a1', 5);
    const dfg = discoverDfg(b.build());
    expect(dfg.edges).toHaveLength(1099);
    expect(dfg.edges[0]).toMatchObject({ from: 'a0', to: 'a1', events: 2, cases: 2 });
    expect(dfg.edges[0].waiting).toMatchObject({ min: 1, max: 5, mean: 3 });
  });
});

describe('selections', () => {
  it('treats any non-zero byte as selected', () => {
    const log = sequences({ c1: 'A B', c2: 'A B', c3: 'B' });
    expect(discoverDfg(log, Uint8Array.from([255, 7, 0]))).toEqual(discoverDfg(log, Uint8Array.from([1, 1, 0])));
  });

  it('rejects a bitmap of the wrong length', () => {
    const log = sequences({ c1: 'A B' });
    expect(() => discoverDfg(log, new Uint8Array(2))).toThrow(/selection covers 2 cases, the log has 1/);
  });
});
