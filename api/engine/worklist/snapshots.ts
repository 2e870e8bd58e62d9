import { DAY_MS } from '../domain/calendar.ts';
import { dayAfter } from '../derive/rules.ts';
import { Role, type StateContext } from './case-state.ts';

/**
 * Ages (days since the invoice fell overdue; negative: days before) at which closed invoices are
 * observed for training. Dense where most invoices close (around the due date), sparse in the
 * long tail.
 */
export const AGE_GRID_DAYS: readonly number[] = [
  -60, -45, -30, -21, -14, -10, -7, -4, -2, 0, 2, 4, 7, 10, 14, 18, 21, 25, 30, 35, 40, 45, 52, 60, 70, 80, 90, 105, 120, 150, 180, 240, 300, 365, 450, 540,
];

/** Segments beyond this many are not told apart (a log with a free-text segment column). */
export const MAX_SEGMENTS = 15;

/**
 * An observation's state packed in one word, so grouping at any back-off level is a mask:
 * bit 0 has a due date · bits 1–4 segment (code, 0 unknown) · bits 5–8 dunning level ·
 * bits 9–10 broken promises (0, 1, 2+) · bit 11 open dispute · bit 12 pending promise ·
 * bit 13 written off (not settled) · bits 14–19 grid age index.
 */
export const Bits = {
  hasDue: 0x1,
  segment: 0xf << 1,
  level: 0xf << 5,
  broken: 0x3 << 9,
  dispute: 1 << 11,
  promise: 1 << 12,
  writtenOff: 1 << 13,
  grid: 0x3f << 14,
} as const;

export type StateDimension = 'hasDue' | 'segment' | 'level' | 'broken' | 'dispute' | 'promise';

/** The state of an invoice at some age, unpacked. */
export interface StateKey {
  readonly hasDue: number;
  /** Segment code, 0 = unknown or not told apart. */
  readonly segment: number;
  readonly level: number;
  /** 0, 1, 2 = two or more. */
  readonly broken: number;
  readonly dispute: number;
  readonly promise: number;
}

export function packState(s: StateKey, grid: number, writtenOff: boolean): number {
  return (
    s.hasDue |
    (Math.min(s.segment, MAX_SEGMENTS) << 1) |
    (Math.min(s.level, 15) << 5) |
    (Math.min(s.broken, 2) << 9) |
    (s.dispute << 11) |
    (s.promise << 12) |
    ((writtenOff ? 1 : 0) << 13) |
    (grid << 14)
  );
}

/** Index of the largest grid age ≤ x (0 when x is below the grid). */
export function gridIndex(x: number): number {
  if (x < AGE_GRID_DAYS[0]) return 0;
  let lo = 0;
  let hi = AGE_GRID_DAYS.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (AGE_GRID_DAYS[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Closed invoices observed at each grid age they lived through while open: their state then, and
 * the age at which they closed (settled, or written off). A 10^6-event log gives about a million.
 * The invoices are ranked by closing age; the observations of each are consecutive, in rank order,
 * and the closing age is kept once per invoice, not per observation.
 */
export interface Snapshots {
  readonly length: number;
  /** Packed state (see Bits), the observations of the invoice of rank 0 first. */
  readonly state: Uint32Array;
  /** Per rank: how many observations the invoice has. */
  readonly count: Uint8Array;
  /** Per rank: age in days at closing, ascending. */
  readonly closedAge: Float64Array;
  /** Closed invoices observed. */
  readonly invoices: number;
}

export function segmentOf(ctx: StateContext, c: number): number {
  if (!ctx.segment || ctx.segment.dict.length - 1 > MAX_SEGMENTS) return 0;
  return ctx.segment.codes[c];
}

/**
 * Observations of the invoices closed (settled or written off) by `asOf`. The cases are read in log
 * order: their events then come in the order they are stored (a sparse PromiseDate column is read
 * by a forward cursor, which jumping back and forth through the log would send on long scans). Each
 * writes its observations where its rank by closing age puts them, counted beforehand from its
 * dates alone.
 */
export function collectSnapshots(ctx: StateContext, asOf: number): Snapshots {
  const { facts, origin, hasDue } = ctx;
  const { settledAt, writtenOffAt, postedAt } = facts;
  const grid = Float64Array.from(AGE_GRID_DAYS, (d) => d * DAY_MS);
  const G = grid.length;
  const n = ctx.log.caseIds.length;
  const count = new Uint8Array(n);
  const age = new Float64Array(n);
  let invoices = 0;
  for (let c = 0; c < n; c++) {
    const closed = closedAt(settledAt[c], writtenOffAt[c]);
    if (!(closed <= asOf)) continue;
    invoices++;
    count[c] = observationCount(grid, origin[c], postedAt[c], closed);
    age[c] = (closed - origin[c]) / DAY_MS;
  }
  const order = byClosingAge(count, age);
  const m = order.length;
  const at = new Uint32Array(n);
  const countByRank = new Uint8Array(m);
  const ageByRank = new Float64Array(m);
  let total = 0;
  for (let r = 0; r < m; r++) {
    const c = order[r];
    at[c] = total;
    total += count[c];
    countByRank[r] = count[c];
    ageByRank[r] = age[c];
  }
  const packed = new Uint32Array(total);
  const { activity, time, caseOffsets } = ctx.log;
  const { role, level: letterLevel, promiseDate, promisePerEvent } = ctx;
  for (let c = 0; c < n; c++) {
    if (count[c] === 0) continue;
    const wo = isWrittenOff(settledAt[c], writtenOffAt[c]);
    const closed = wo ? writtenOffAt[c] : settledAt[c];
    const o = origin[c];
    const posted = postedAt[c];
    let k = at[c];
    // advance() and CaseState, inlined and cut down to the four fields an observation keeps: this
    // loop reads every event of every closed invoice, some six million at 5 × 10^6 events.
    let e = caseOffsets[c];
    const end = caseOffsets[c + 1];
    let level = 0;
    let broken = 0;
    let dispute = 0;
    let promiseBrokenAt = Number.NaN;
    const fixed = hasDue[c] | (Math.min(segmentOf(ctx, c), MAX_SEGMENTS) << 1) | ((wo ? 1 : 0) << 13);
    for (let g = 0; g < G; g++) {
      const t = o + grid[g];
      if (t < posted) continue;
      if (t >= closed) break;
      for (; e < end && time[e] <= t; e++) {
        switch (role[activity[e]]) {
          case Role.Dunning:
            if (letterLevel[e] > level) level = letterLevel[e];
            break;
          case Role.Broken:
            broken++;
            break;
          case Role.DisputeOpened:
            dispute = 1;
            break;
          case Role.DisputeClosed:
            dispute = 0;
            break;
          case Role.Promise: {
            const date = promiseDate ? promiseDate.get(promisePerEvent ? e : c) : Number.NaN;
            if (date === date) promiseBrokenAt = dayAfter(date);
            break;
          }
          case Role.Payment:
            promiseBrokenAt = Number.NaN;
            break;
        }
      }
      packed[k++] = fixed | (Math.min(level, 15) << 5) | (Math.min(broken, 2) << 9) | (dispute << 11) | ((promiseBrokenAt > t ? 1 : 0) << 12) | (g << 14);
    }
  }
  return { length: total, state: packed, count: countByRank, closedAge: ageByRank, invoices };
}

/**
 * How many grid ages an invoice lived through while open: those from its posting on and before its
 * closing, the ages the loop of collectSnapshots observes. The grid is ascending, so both ends are
 * found by a binary search.
 */
function observationCount(grid: Float64Array, o: number, posted: number, closed: number): number {
  const n = firstAtLeast(grid, o, closed) - firstAtLeast(grid, o, posted);
  return n > 0 ? n : 0;
}

/** The first grid index g with o + grid[g] ≥ x (the grid's length when none). */
function firstAtLeast(grid: Float64Array, o: number, x: number): number {
  let lo = 0;
  let hi = grid.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (o + grid[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function closedAt(settled: number, writtenOff: number): number {
  return isWrittenOff(settled, writtenOff) ? writtenOff : settled;
}

function isWrittenOff(settled: number, writtenOff: number): boolean {
  return writtenOff === writtenOff && !(settled <= writtenOff);
}

/**
 * The cases with observations in ascending order of closing age: a least significant digit radix
 * sort of the whole seconds (11 bits a pass; a comparison sort of this many numbers takes several
 * times longer), then an insertion pass for the order within a second.
 */
export function byClosingAge(count: Uint8Array, closedAge: Float64Array): Uint32Array {
  const n = count.length;
  let m = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < n; c++) {
    if (count[c] === 0) continue;
    m++;
    const seconds = Math.floor(closedAge[c] * 86_400);
    if (seconds < min) min = seconds;
    if (seconds > max) max = seconds;
  }
  let order = new Uint32Array(m);
  if (m === 0) return order;
  for (let c = 0, i = 0; c < n; c++) if (count[c] !== 0) order[i++] = c;
  if (max - min > 0xffffffff) {
    // Ages over 136 years apart: not worth a radix sort of their own.
    return Uint32Array.from([...order].sort((a, b) => closedAge[a] - closedAge[b] || a - b));
  }
  let keys = new Uint32Array(m);
  for (let i = 0; i < m; i++) keys[i] = Math.floor(closedAge[order[i]] * 86_400) - min;
  let nextOrder = new Uint32Array(m);
  let nextKeys = new Uint32Array(m);
  const histogram = new Uint32Array(2048);
  for (let shift = 0; shift < 32 && (max - min) / 2 ** shift >= 1; shift += 11) {
    histogram.fill(0);
    for (let i = 0; i < m; i++) histogram[(keys[i] >>> shift) & 2047]++;
    for (let d = 0, sum = 0; d < 2048; d++) {
      const h = histogram[d];
      histogram[d] = sum;
      sum += h;
    }
    for (let i = 0; i < m; i++) {
      const to = histogram[(keys[i] >>> shift) & 2047]++;
      nextOrder[to] = order[i];
      nextKeys[to] = keys[i];
    }
    const swapOrder = order;
    order = nextOrder;
    nextOrder = swapOrder;
    const swapKeys = keys;
    keys = nextKeys;
    nextKeys = swapKeys;
  }
  for (let i = 1; i < m; i++) {
    const c = order[i];
    const v = closedAge[c];
    let j = i - 1;
    while (j >= 0 && closedAge[order[j]] > v) {
      order[j + 1] = order[j];
      j--;
    }
    order[j + 1] = c;
  }
  return order;
}
