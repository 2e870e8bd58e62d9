import { DAY_MS } from '../domain/calendar.ts';
import { advance, CaseState, type StateContext } from './case-state.ts';

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
 */
export interface Snapshots {
  readonly length: number;
  /** Packed state (see Bits). */
  readonly state: Uint32Array;
  /** Age in days at closing. */
  readonly closedAge: Float64Array;
  /** Closed invoices observed. */
  readonly invoices: number;
}

export function segmentOf(ctx: StateContext, c: number): number {
  if (!ctx.segment || ctx.segment.dict.length - 1 > MAX_SEGMENTS) return 0;
  return ctx.segment.codes[c];
}

/**
 * Observations of the invoices closed (settled or written off) by `asOf`, in ascending order of
 * closing age, so that grouping them with a stable counting sort leaves every group sorted.
 */
export function collectSnapshots(ctx: StateContext, asOf: number): Snapshots {
  const { facts, origin, hasDue } = ctx;
  const { settledAt, writtenOffAt, postedAt } = facts;
  const order = closedByAge(ctx, asOf);
  const grid = Float64Array.from(AGE_GRID_DAYS, (d) => d * DAY_MS);
  const G = grid.length;
  // About ten observations per closed invoice; grown by doubling when a log has more.
  let packed = new Uint32Array(Math.max(1024, order.length * 10));
  let closedAge = new Float64Array(packed.length);
  let n = 0;
  const state = new CaseState(ctx.levelNames.length);
  for (let i = 0; i < order.length; i++) {
    const c = order[i];
    const wo = isWrittenOff(settledAt[c], writtenOffAt[c]);
    const closed = wo ? writtenOffAt[c] : settledAt[c];
    const o = origin[c];
    const age = (closed - o) / DAY_MS;
    const posted = postedAt[c];
    state.reset(ctx, c);
    // packState, inlined: this loop makes about a million observations per 10^6 events.
    const fixed = hasDue[c] | (Math.min(segmentOf(ctx, c), MAX_SEGMENTS) << 1) | ((wo ? 1 : 0) << 13);
    for (let g = 0; g < G; g++) {
      const t = o + grid[g];
      if (t < posted) continue;
      if (t >= closed) break;
      advance(ctx, state, t);
      if (n === packed.length) {
        packed = grow(packed);
        closedAge = grow(closedAge);
      }
      packed[n] =
        fixed |
        (Math.min(state.level, 15) << 5) |
        (Math.min(state.brokenPromises, 2) << 9) |
        ((state.disputeOpen ? 1 : 0) << 11) |
        ((state.promiseBrokenAt > t ? 1 : 0) << 12) |
        (g << 14);
      closedAge[n++] = age;
    }
  }
  return { length: n, state: packed.slice(0, n), closedAge: closedAge.slice(0, n), invoices: order.length };
}

function grow<T extends Uint32Array | Float64Array>(a: T): T {
  const next = new (a.constructor as new (n: number) => T)(a.length * 2);
  next.set(a);
  return next;
}

function isWrittenOff(settled: number, writtenOff: number): boolean {
  return writtenOff === writtenOff && !(settled <= writtenOff);
}

/**
 * The closed invoices by closing age. Age (whole seconds, shifted positive) and case index share
 * one double, so a native numeric sort does it: 2^21 cases × 2^31 seconds stays within 2^53.
 */
function closedByAge(ctx: StateContext, asOf: number): Uint32Array {
  const { settledAt, writtenOffAt } = ctx.facts;
  const n = ctx.log.caseIds.length;
  const ages = new Float64Array(n);
  let count = 0;
  let min = 0;
  for (let c = 0; c < n; c++) {
    const closed = isWrittenOff(settledAt[c], writtenOffAt[c]) ? writtenOffAt[c] : settledAt[c];
    ages[c] = Number.NaN;
    if (!(closed <= asOf)) continue;
    const age = Math.floor((closed - ctx.origin[c]) / 1000);
    ages[c] = age;
    if (age < min) min = age;
    count++;
  }
  const order = new Uint32Array(count);
  const packed = new Float64Array(count);
  let fits = n <= 2 ** 21;
  for (let c = 0, i = 0; c < n; c++) {
    if (ages[c] !== ages[c]) continue;
    order[i] = c;
    packed[i] = (ages[c] - min) * 2 ** 21 + c;
    if (packed[i] >= 2 ** 53) fits = false;
    i++;
  }
  if (fits) {
    packed.sort();
    for (let i = 0; i < count; i++) order[i] = packed[i] % 2 ** 21;
    return order;
  }
  return Uint32Array.from([...order].sort((a, b) => ages[a] - ages[b] || a - b));
}
