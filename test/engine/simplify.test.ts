import { describe, expect, it } from 'vitest';
import { discoverDfg, type Dfg } from '../../api/engine/discovery/dfg.ts';
import { keepFrequentActivities, prunePaths, simplifyMap } from '../../api/engine/discovery/simplify.ts';
import { toSelection } from '../../api/engine/filtering/selection.ts';
import { H, isConnected, mine } from './mining-logs.ts';

const arcs = (dfg: Dfg) => dfg.edges.map((e) => `${e.from}${e.to}`);

describe('simplification', () => {
  // Activities by events: A 6, D 6, C 5, B 4, X 1. Events one hour apart.
  const log = mine({
    c1: [['A', 0], ['B', 1], ['C', 2], ['D', 3]],
    c2: [['A', 0], ['B', 1], ['C', 2], ['D', 3]],
    c3: [['A', 0], ['B', 1], ['C', 2], ['D', 3]],
    c4: [['A', 0], ['B', 1], ['C', 2], ['D', 3]],
    c5: [['A', 0], ['X', 1], ['D', 2]],
    c6: [['A', 0], ['C', 1], ['D', 2]],
  });

  it('is the full DFG at 100 % / 100 %', () => {
    expect(simplifyMap(log, undefined, { activities: 100, paths: 100 })).toEqual(discoverDfg(log));
    expect(simplifyMap(log)).toEqual(discoverDfg(log));
  });

  it('activity slider drops the rarest activities and connects their neighbours', () => {
    const dfg = simplifyMap(log, undefined, { activities: 80 }); // ceil(0.8 × 5) = 4: X goes
    expect(dfg.activities.map((a) => a.name)).toEqual(['A', 'D', 'C', 'B']);
    const ad = dfg.edges.find((e) => e.from === 'A' && e.to === 'D')!;
    expect(ad).toMatchObject({ events: 1, cases: 1 });
    expect(ad.waiting.mean).toBe(2 * H); // c5: A at 0, D at 2 with X between
    expect(dfg.events).toBe(21); // 22 events less X's one
  });

  it('keeps at least the most frequent activity, ties broken by cases then name', () => {
    const two = simplifyMap(log, undefined, { activities: 40 }); // ceil(2) = A and D (6 events each)
    expect(two.activities.map((a) => a.name)).toEqual(['A', 'D']);
    expect(two.edges.map((e) => [e.from, e.to, e.events])).toEqual([['A', 'D', 6]]);
    const one = simplifyMap(log, undefined, { activities: 0 });
    expect(one.activities.map((a) => a.name)).toEqual(['A']);
    expect(one.edges).toEqual([]);
    expect(one.starts.map((s) => s.name)).toEqual(['A']);
    expect(one.ends.map((s) => s.name)).toEqual(['A']);
  });

  it('keepFrequentActivities returns the selection itself when all stay', () => {
    const selection = toSelection(log);
    expect(keepFrequentActivities(log, selection, 100)).toBe(selection);
    expect(keepFrequentActivities(log, selection, 60).activities).toEqual(Uint8Array.from([1, 0, 1, 1, 0])); // ceil(3): A, D, C of codes A B C D X
  });

  it('path slider keeps the most significant arcs and adds back what connectivity needs', () => {
    // Significance 1.0 (ties by count): start→A 6, D→end 6, C→D 5, A→B 4, B→C 4, A→X 1, X→D 1;
    // then A→C 0.2. 50 % of 8 keeps the first four; C is then only reachable through B→C (added
    // back), X through A→X, and X reaches the end only through X→D. A→C stays out.
    const half = simplifyMap(log, undefined, { paths: 50 });
    expect(arcs(half)).toEqual(['CD', 'AB', 'BC', 'AX', 'XD']);
    expect(half.starts.map((s) => s.name)).toEqual(['A']);
    expect(half.ends.map((s) => s.name)).toEqual(['D']);
    expect(isConnected(half)).toBe(true);
    const none = simplifyMap(log, undefined, { paths: 0 });
    expect(arcs(none)).toEqual(['CD', 'AB', 'BC', 'AX', 'XD']);
    expect(isConnected(none)).toBe(true);
  });

  it('ranks arcs by local significance, so a rare only-way-out outlives a rare side road', () => {
    expect(simplifyMap(log, undefined, { paths: 90 }).edges).toHaveLength(6); // ceil(7.2) = 8: everything
    // Significance = max(share of the source's departures, share of the target's arrivals):
    // A→X and X→D are X's only ways in and out (1.0); A→C is 1 of A's 6 departures and 1 of C's
    // 5 arrivals (max(1/6, 1/5) = 0.2). ceil(6.4) = 7 keeps every 1.0 arc and drops A→C,
    // though A→C is as frequent as A→X and X→D.
    expect(arcs(prunePaths(discoverDfg(log), 80))).toEqual(['CD', 'AB', 'BC', 'AX', 'XD']);
  });

  it('restores start and end arcs a kept activity needs', () => {
    // B only ever starts and ends its own case: its start and end arcs are its only connections.
    const dfg = simplifyMap(mine({ c1: [['A', 0], ['C', 1]], c2: [['A', 0], ['C', 1]], c3: [['A', 0], ['C', 1]], c4: [['B', 0]] }), undefined, { paths: 0 });
    expect(dfg.starts.map((s) => s.name).sort()).toEqual(['A', 'B']);
    expect(dfg.ends.map((s) => s.name).sort()).toEqual(['B', 'C']);
    expect(isConnected(dfg)).toBe(true);
  });
});
