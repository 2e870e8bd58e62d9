import { describe, expect, it } from 'vitest';
import { discoverDfg } from '../../api/engine/discovery/dfg.ts';
import { CASE_BITS, FIRST_OF_ACTIVITY, viewIndex, waitAtRank, type ViewIndex } from '../../api/engine/discovery/view-index.ts';
import { selectAll, type Selection } from '../../api/engine/filtering/selection.ts';
import { LogBuilder } from '../../api/engine/log/builder.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';
import { activityStats } from '../../api/engine/statistics/activity-stats.ts';
import { durationStats } from '../../api/engine/statistics/distribution.ts';
import { caseDurations } from '../../api/engine/statistics/durations.ts';
import { indexLog } from '../../api/engine/statistics/index-log.ts';
import { GroupSorter, markedRankPositions, markedStats } from '../../api/engine/statistics/presorted.ts';
import { throughputTime } from '../../api/engine/statistics/throughput.ts';
import { discoverVariants, variantIndex } from '../../api/engine/statistics/variants.ts';
import { H, casesOf, markDerived, mine } from './mining-logs.ts';

/** A small deterministic generator, so failures reproduce. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const all = (log: EventLog): Selection => ({ cases: selectAll(log), hideDerived: false, activities: null });

/** Arc index → "FROM>TO" with its occurrences as [case id, wait in hours] in the index's (case) order. */
function arcsOf(log: EventLog, index: ViewIndex): Record<string, [string, number, boolean][]> {
  const result: Record<string, [string, number, boolean][]> = {};
  const waits = index.occWait.values;
  for (let g = 0; g < index.arcFrom.length; g++) {
    const name = `${log.activities[index.arcFrom[g]]}>${log.activities[index.arcTo[g]]}`;
    result[name] = [];
    for (let k = index.arcStart[g]; k < index.arcStart[g + 1]; k++) {
      const raw = index.occCase[k];
      result[name].push([log.caseIds[raw & CASE_BITS], (waits[k] * index.occWait.unit) / H, (raw & FIRST_OF_ACTIVITY) !== 0]);
    }
  }
  return result;
}

describe('GroupSorter', () => {
  const check = (keys: number[]) => {
    const sorter = new GroupSorter(keys.length);
    const items = Uint32Array.from(keys, (_, i) => 100 + i);
    sorter.keys.set(keys);
    sorter.sort(items, 0, keys.length);
    const sortedKeys = Array.from(items, (item) => keys[item - 100]);
    expect(sortedKeys).toEqual([...keys].sort((a, b) => a - b));
    expect([...items].sort((a, b) => a - b)).toEqual(keys.map((_, i) => 100 + i)); // a permutation
  };

  it('orders whole milliseconds, whole seconds, fractions and negatives at every group size', () => {
    const next = random(7);
    for (const n of [0, 1, 2, 17, 48, 49, 300, 512, 513, 5000]) {
      check(Array.from({ length: n }, () => Math.floor(next() * 1e10))); // ms up to ~4 months
      check(Array.from({ length: n }, () => Math.floor(next() * 1e7) * 1000)); // whole seconds
      check(Array.from({ length: n }, () => Math.floor(next() * 50) * 3_600_000)); // many ties
      check(Array.from({ length: n }, () => (next() - 0.5) * 1e12)); // fractions, negatives
      check(Array.from({ length: n }, () => Math.floor(next() * 2 ** 53))); // beyond 32 bits
    }
  });

  it('sorts a stretch of a larger array and leaves the rest alone', () => {
    const sorter = new GroupSorter(3);
    const items = Uint32Array.from([9, 0, 1, 2, 9]);
    sorter.keys.set([30, 10, 20]);
    sorter.sort(items, 1, 4);
    expect(Array.from(items)).toEqual([9, 1, 2, 0, 9]);
    // Keys now belong to items 1, 2, 0: item 0 goes first, the tied 1 and 2 after it.
    sorter.sortByUint32(items, 1, 4, Uint32Array.from([5, 5, 1]));
    expect([items[0], items[1], items[4]]).toEqual([9, 0, 9]);
    expect([items[2], items[3]].sort()).toEqual([1, 2]);
  });
});

describe('marked order statistics', () => {
  it('find the selected values of every needed rank, across word boundaries', () => {
    // Sorted values 0..99 at positions 10..109; select the multiples of 3 (0, 3, ..., 99: 34 values).
    const bits = new Uint32Array(4);
    for (let v = 0; v < 100; v += 3) bits[(10 + v) >>> 5] |= 1 << ((10 + v) & 31);
    const out = new Float64Array(5);
    markedRankPositions(bits, 10, 110, 34, out);
    // Ranks 0, 16 and 17 (the middle pair of 34), 30 (ceil(0.9 × 34) = 31st), 33.
    expect(Array.from(out, (p) => p - 10)).toEqual([0, 48, 51, 90, 99]);
    const stats = markedStats(bits, 10, 110, 34, 1683, (p) => p - 10);
    expect(stats).toEqual({ count: 34, total: 1683, mean: 1683 / 34, median: 49.5, p90: 90, min: 0, max: 99 });
  });

  it('agree with durationStats on random subsets of random groups', () => {
    const next = random(11);
    for (let round = 0; round < 40; round++) {
      const n = 1 + Math.floor(next() * 200);
      const values = Array.from({ length: n }, () => Math.floor(next() * 20) * 1000);
      const sorted = [...values].sort((a, b) => a - b);
      const offset = Math.floor(next() * 64);
      const bits = new Uint32Array(Math.ceil((offset + n) / 32) + 1);
      const chosen: number[] = [];
      for (let i = 0; i < n; i++) {
        if (next() < 0.6) {
          bits[(offset + i) >>> 5] |= 1 << ((offset + i) & 31);
          chosen.push(sorted[i]);
        }
      }
      if (chosen.length === 0) continue;
      const total = chosen.reduce((a, b) => a + b, 0);
      const stats = markedStats(bits, offset, offset + n, chosen.length, total, (p) => sorted[p - offset]);
      expect(stats).toEqual(durationStats(Float64Array.from(chosen)));
    }
  });
});

describe('view index', () => {
  // c1 loops (A B A B), c2 self-loops (A A A), c3 is a single event, c4 has equal times.
  const log = mine({
    c1: [['A', 0], ['B', 2], ['A', 3], ['B', 7]],
    c2: [['A', 0], ['A', 5], ['A', 6]],
    c3: [['B', 4]],
    c4: [['A', 1], ['B', 1], ['C', 1]],
  });

  it('files each occurrence under its arc in case order, with its wait and first-of-activity flag', () => {
    const index = viewIndex(log, all(log));
    expect(index.occWait.unit).toBe(1000); // whole seconds
    expect(arcsOf(log, index)).toEqual({
      // B in c1 first follows A (flagged), the second A>B is not B's first in c1; c4's B is.
      'A>B': [['c1', 2, true], ['c1', 4, false], ['c4', 0, true]],
      'B>A': [['c1', 1, false]], // c1 started with A: not A's first
      'A>A': [['c2', 5, false], ['c2', 1, false]],
      'B>C': [['c4', 0, true]],
    });
    // Codes + 1: A = 1, B = 2, C = 3.
    expect(Array.from(index.firstCode)).toEqual([1, 1, 2, 1]);
    expect(Array.from(index.lastCode)).toEqual([2, 1, 2, 3]);
  });

  it('ranks each arc by wait: occRank numbers the arc\'s ranks, waitAtRank reads them back in order', () => {
    const index = viewIndex(log, all(log));
    const waits = index.occWait.values;
    for (let g = 0; g < index.arcFrom.length; g++) {
      const from = index.arcStart[g];
      const to = index.arcStart[g + 1];
      const ranks = Array.from(index.occRank.subarray(from, to)).sort((a, b) => a - b);
      expect(ranks).toEqual(Array.from({ length: to - from }, (_, i) => from + i));
      for (let k = from; k < to; k++) expect(waitAtRank(index.sortedWaits, index.occRank[k])).toBe(waits[k] * index.occWait.unit);
      for (let r = from + 1; r < to; r++) expect(waitAtRank(index.sortedWaits, r)).toBeGreaterThanOrEqual(waitAtRank(index.sortedWaits, r - 1));
    }
  });

  it('stores sorted waits as one-byte steps between anchors and exceptions, exactly', () => {
    // 100 occurrences of one arc: waits of 0..40 s (small steps), then jumps of hours and a
    // fraction of a millisecond (both exceptions), across several 32-rank anchors.
    const b = new LogBuilder();
    const waits: number[] = [];
    for (let i = 0; i < 100; i++) {
      const wait = i < 60 ? Math.floor(i * 0.7) * 1000 : i < 99 ? 3_600_000 * (i - 59) : 3_600_000 * 41 + 0.5;
      waits.push(wait);
      b.addEvent(`c${i}`, 'A', 1e12);
      b.addEvent(`c${i}`, 'B', 1e12 + wait);
    }
    const fine = b.build();
    const index = viewIndex(fine, all(fine));
    expect(index.occWait.unit).toBe(1);
    const sorted = [...waits].sort((x, y) => x - y);
    expect(Array.from({ length: 100 }, (_, r) => waitAtRank(index.sortedWaits, r))).toEqual(sorted);
    expect(index.sortedWaits.exceptionRank.length).toBeGreaterThan(30); // the hour steps and the fraction
    expect(index.sortedWaits.anchors.length).toBe(4);
  });

  it('gives the map of any selection its exact figures', () => {
    const dfg = discoverDfg(log);
    const ab = dfg.edges.find((e) => e.from === 'A' && e.to === 'B')!;
    // A>B waits 2, 4 and 0 h: sorted 0, 2, 4.
    expect(ab).toMatchObject({ events: 3, cases: 2 });
    expect(ab.waiting).toEqual({ count: 3, total: 6 * H, mean: 2 * H, median: 2 * H, p90: 4 * H, min: 0, max: 4 * H });
    const aa = dfg.edges.find((e) => e.from === 'A' && e.to === 'A')!;
    expect(aa.waiting).toEqual({ count: 2, total: 6 * H, mean: 3 * H, median: 3 * H, p90: 5 * H, min: 1 * H, max: 5 * H });
    // Activities: A in c1 (2 events), c2 (3), c4 (1); B in c1 (2), c3, c4; C in c4.
    expect(dfg.activities.map((a) => [a.name, a.events, a.cases])).toEqual([
      ['A', 6, 3],
      ['B', 4, 3],
      ['C', 1, 1],
    ]);
    expect(activityStats(log).map((a) => [a.name, a.events, a.cases])).toEqual([
      ['A', 6, 3],
      ['B', 4, 3],
      ['C', 1, 1],
    ]);

    // Without c1: A>B is c4's 0 h alone; A and B lose c1's events and case.
    const some = discoverDfg(log, casesOf(log, ['c2', 'c3', 'c4']));
    expect(some.edges.find((e) => e.from === 'A' && e.to === 'B')!.waiting).toEqual({ count: 1, total: 0, mean: 0, median: 0, p90: 0, min: 0, max: 0 });
    expect(some.edges.some((e) => e.from === 'B' && e.to === 'A')).toBe(false);
    expect(some.activities.map((a) => [a.name, a.events, a.cases])).toEqual([
      ['A', 4, 2],
      ['B', 2, 2],
      ['C', 1, 1],
    ]);
    expect(some.starts.map((s) => [s.name, s.cases])).toEqual([['A', 2], ['B', 1]]);
  });

  it('keeps waits that are not whole seconds as milliseconds', () => {
    const b = new LogBuilder();
    b.addEvent('c1', 'A', 0);
    b.addEvent('c1', 'B', 1500);
    b.addEvent('c2', 'A', 0);
    b.addEvent('c2', 'B', 250);
    b.addEvent('c3', 'A', 0);
    b.addEvent('c3', 'B', 2000);
    const fine = b.build();
    const index = viewIndex(fine, all(fine));
    expect(index.occWait.unit).toBe(1);
    expect(discoverDfg(fine).edges[0].waiting).toEqual({ count: 3, total: 3750, mean: 1250, median: 1500, p90: 2000, min: 250, max: 2000 });
  });

  it('indexes a view with hidden events as its own sequences', () => {
    const derived = markDerived(log, ['B']);
    const hidden = discoverDfg(derived, { cases: selectAll(derived), hideDerived: true });
    // c1 becomes A A (wait 3 − 0 = 3 h), c2 A A A, c3 nothing, c4 A C.
    expect(hidden.cases).toBe(3);
    expect(hidden.edges.map((e) => [`${e.from}${e.to}`, e.events, e.cases, e.waiting.median / H])).toEqual([
      ['AA', 3, 2, 3],
      ['AC', 1, 1, 0],
    ]);
  });
});

describe('variants, durations and throughput over ranked indexes', () => {
  const log = mine({
    c1: [['A', 0], ['B', 2]], // AB 2 h
    c2: [['A', 0], ['B', 6]], // AB 6 h
    c3: [['A', 0], ['B', 1]], // AB 1 h
    c4: [['A', 0], ['B', 4], ['A', 5], ['B', 9]], // ABAB 9 h; A→B from the first A: 4 h
    c5: [['B', 0]], // B 0 h
    c6: [['A', 3], ['B', 3]], // AB 0 h (equal times)
  });

  it('ranks each variant by duration and answers any selection exactly', () => {
    const index = variantIndex(log, all(log));
    const { groupStart, rankCase, caseRank } = index.byDuration;
    const ab = index.caseVariant[0];
    const abCases = Array.from(rankCase.subarray(groupStart[ab], groupStart[ab + 1]), (c) => log.caseIds[c]);
    expect(abCases).toEqual(['c6', 'c3', 'c1', 'c2']); // 0, 1, 2, 6 h
    for (let r = 0; r < rankCase.length; r++) expect(caseRank[rankCase[r]]).toBe(r);

    expect(discoverVariants(log).variants[0].duration).toEqual({ count: 4, total: 9 * H, mean: 2.25 * H, median: 1.5 * H, p90: 6 * H, min: 0, max: 6 * H });
    const some = discoverVariants(log, casesOf(log, ['c1', 'c2', 'c4', 'c5']));
    expect(some.variants.map((v) => [v.activities.join(''), v.cases, v.duration.median / H, v.duration.p90 / H])).toEqual([
      ['AB', 2, 4, 6],
      ['ABAB', 1, 9, 9],
      ['B', 1, 0, 0],
    ]);
  });

  it('case durations and throughput times of a selection', () => {
    expect(caseDurations(log).stats).toEqual({ count: 6, total: 18 * H, mean: 3 * H, median: 1.5 * H, p90: 9 * H, min: 0, max: 9 * H });
    expect(caseDurations(log, casesOf(log, ['c2', 'c5'])).stats).toMatchObject({ count: 2, median: 3 * H, p90: 6 * H });
    expect(caseDurations(log, new Uint8Array(6)).stats.count).toBe(0);
    const t = throughputTime(log, 'A', 'B', casesOf(log, ['c2', 'c4', 'c5']));
    expect(t.stats).toEqual({ count: 2, total: 10 * H, mean: 5 * H, median: 5 * H, p90: 6 * H, min: 4 * H, max: 6 * H });
    expect(Array.from(t.perCase, (v) => (Number.isNaN(v) ? null : v / H))).toEqual([null, 6, null, 4, null, null]);
  });

  it('gives the same results with the log indexed up front', () => {
    const fresh = () =>
      mine({
        c1: [['A', 0], ['B', 2]],
        c2: [['A', 0], ['C', 1], ['B', 6]],
        c3: [['B', 1]],
      });
    const plain = fresh();
    const indexed = fresh();
    indexLog(indexed, { throughputPairs: [['A', 'B']] });
    for (const cases of [undefined, Uint8Array.from([1, 0, 1])]) {
      expect(discoverDfg(indexed, cases)).toEqual(discoverDfg(plain, cases));
      expect(discoverVariants(indexed, cases)).toEqual(discoverVariants(plain, cases));
      expect(caseDurations(indexed, cases)).toEqual(caseDurations(plain, cases));
      expect(throughputTime(indexed, 'A', 'B', cases)).toEqual(throughputTime(plain, 'A', 'B', cases));
    }
  });
});
