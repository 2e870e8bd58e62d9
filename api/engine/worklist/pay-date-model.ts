import { nearestRank } from '../statistics/distribution.ts';
import { Bits, packState, type Snapshots, type StateDimension, type StateKey } from './snapshots.ts';

/**
 * How far the model backs off when a state has too few settled invoices to learn from: each
 * level keeps fewer dimensions (the age on the grid is always kept). Segment goes first (the
 * least telling), then broken promises, then the pending promise, the open dispute, the level.
 */
export const BACK_OFF: readonly (readonly StateDimension[])[] = [
  ['hasDue', 'segment', 'level', 'broken', 'dispute', 'promise'],
  ['hasDue', 'level', 'broken', 'dispute', 'promise'],
  ['hasDue', 'level', 'dispute', 'promise'],
  ['hasDue', 'level', 'dispute'],
  ['hasDue', 'level'],
  ['hasDue'],
];

export const DEFAULT_MIN_GROUP = 30;

const STATE_BITS = Bits.hasDue | Bits.segment | Bits.level | Bits.broken | Bits.dispute | Bits.promise;
/** Per back-off level, the state bits it ignores: its group is every cell that differs only there. */
const DROPPED = BACK_OFF.map((dims) => STATE_BITS & ~dims.reduce((m, d) => m | Bits[d], 0));
/** Packed states are 20 bits: one cell per possible value. */
const CELLS = 1 << 20;

export interface Estimate {
  /** Back-off level used (index into BACK_OFF). */
  readonly backOff: number;
  /** Settled invoices the quantiles come from. */
  readonly settled: number;
  /** Remaining days to settlement: 10th, 50th and 90th percentile (nearest rank). */
  readonly p10: number;
  readonly p50: number;
  readonly p90: number;
  /** Of the closed invoices in the same state at the same age, the share written off instead. */
  readonly writeOffShare: number;
}

export interface Query {
  readonly state: StateKey;
  /** Exact age in days (see StateContext.origin), and its grid index. */
  readonly age: number;
  readonly grid: number;
}

/**
 * Remaining days to settlement for an invoice of a given state and age, learnt from closed
 * invoices observed in that state at the same grid age and still open at the invoice's exact age
 * (an invoice 40 days overdue is compared with invoices that were still unpaid at 40 days).
 *
 * The observations are sorted once into cells, one per packed state (grid age, state, written off
 * or not), each in ascending closing age: the finest level reads a cell directly; a coarser level
 * merges the cells that differ only in the dimensions it ignores, once per group asked for.
 */
export class PayDateModel {
  private cells: { readonly start: Uint32Array; readonly ranks: Uint32Array } | null = null;
  private readonly unions = new Map<number, Uint32Array>();

  constructor(
    private readonly snapshots: Snapshots,
    private readonly minGroup = DEFAULT_MIN_GROUP,
  ) {}

  /** Closed invoices learnt from. */
  get invoices(): number {
    return this.snapshots.invoices;
  }

  get observations(): number {
    return this.snapshots.length;
  }

  estimate(state: StateKey, age: number, grid: number): Estimate | null {
    return this.estimateAll([{ state, age, grid }])[0];
  }

  estimateAll(queries: readonly Query[]): (Estimate | null)[] {
    // Invoices of one state falling due on one day ask the same question: answered once.
    const answered = new Map<number, Map<number, Estimate | null>>();
    return queries.map(({ state, age, grid }) => {
      const packed = packState(state, grid, false);
      let byAge = answered.get(packed);
      if (!byAge) answered.set(packed, (byAge = new Map()));
      let estimate = byAge.get(age);
      if (estimate === undefined) byAge.set(age, (estimate = this.answer(packed, age)));
      return estimate;
    });
  }

  private answer(packed: number, age: number): Estimate | null {
    const ages = this.snapshots.closedAge;
    for (let b = 0; b < BACK_OFF.length; b++) {
      this.find(b, packed);
      const settled = this.found;
      const end = this.foundEnd;
      const from = upperBound(settled, this.foundStart, end, age, ages);
      const n = end - from;
      if (n < this.minGroup) continue;
      this.find(b, packed | Bits.writtenOff);
      const lost = this.foundEnd - upperBound(this.found, this.foundStart, this.foundEnd, age, ages);
      const q = (p: number) => ages[settled[from + nearestRank(p, n) - 1]] - age;
      return { backOff: b, settled: n, p10: q(10), p50: q(50), p90: q(90), writeOffShare: lost / (n + lost) };
    }
    return null;
  }

  private markWords: Uint32Array | null = null;

  /** A bit per rank, all clear (ranksOfMarks clears what it reads). */
  private marks(): Uint32Array {
    this.markWords ??= new Uint32Array((this.snapshots.count.length + 31) >>> 5);
    return this.markWords;
  }

  /** Where {@link find} leaves its answer: a range of an array, so a single cell needs no view of its own. */
  private found: Uint32Array = new Uint32Array(0);
  private foundStart = 0;
  private foundEnd = 0;

  /**
   * The observations in the group of `packed` at back-off level b, as ranks of their invoices by
   * closing age (Snapshots.closedAge), ascending.
   */
  private find(b: number, packed: number): void {
    const { start, ranks } = this.sorted();
    const dropped = DROPPED[b];
    if (dropped === 0) {
      this.found = ranks;
      this.foundStart = start[packed];
      this.foundEnd = start[packed + 1];
      return;
    }
    const base = packed & ~dropped;
    const key = b * CELLS + base;
    let union = this.unions.get(key);
    if (!union) {
      // Every subset of the dropped bits: each cell of the group, each already in order.
      const bounds = [0];
      for (let sub = dropped; ; sub = (sub - 1) & dropped) {
        const cell = base | sub;
        if (start[cell + 1] > start[cell]) bounds.push(bounds[bounds.length - 1] + start[cell + 1] - start[cell]);
        if (sub === 0) break;
      }
      const size = bounds[bounds.length - 1];
      const marks = this.marks();
      union = new Uint32Array(size);
      if (size * 8 < marks.length) {
        let at = 0;
        for (let sub = dropped; ; sub = (sub - 1) & dropped) {
          const cell = base | sub;
          for (let i = start[cell]; i < start[cell + 1]; i++) union[at++] = ranks[i];
          if (sub === 0) break;
        }
        union = mergeRuns(union, bounds);
      } else {
        // A large group: a bit per rank, read back in order. An invoice is in a group once at
        // most (its observations differ in grid age, which every group keeps), so no rank repeats.
        for (let sub = dropped; ; sub = (sub - 1) & dropped) {
          const cell = base | sub;
          for (let i = start[cell]; i < start[cell + 1]; i++) marks[ranks[i] >>> 5] |= 1 << (ranks[i] & 31);
          if (sub === 0) break;
        }
        ranksOfMarks(marks, union);
      }
      this.unions.set(key, union);
    }
    this.found = union;
    this.foundStart = 0;
    this.foundEnd = union.length;
  }

  /**
   * The observations in cell order, as the ranks of their invoices: a counting sort by packed
   * state of observations that come in rank order, so each cell is ascending. Built on first use.
   */
  private sorted(): { readonly start: Uint32Array; readonly ranks: Uint32Array } {
    if (this.cells) return this.cells;
    const { state, count, length } = this.snapshots;
    const start = new Uint32Array(CELLS + 1);
    for (let i = 0; i < length; i++) start[state[i] + 1]++;
    for (let k = 0; k < CELLS; k++) start[k + 1] += start[k];
    // start[k] serves as cell k's cursor, which leaves it at the start of cell k + 1: shifted back after.
    const ranks = new Uint32Array(length);
    for (let r = 0, i = 0; r < count.length; r++) {
      for (let end = i + count[r]; i < end; i++) ranks[start[state[i]]++] = r;
    }
    for (let k = CELLS; k > 0; k--) start[k] = start[k - 1];
    start[0] = 0;
    this.cells = { start, ranks };
    return this.cells;
  }
}

/**
 * The ascending order of `a`, whose runs [bounds[i], bounds[i + 1]) are each ascending: merged
 * pairwise, which beats sorting the whole when the runs are long (the cells of a coarse group).
 */
export function mergeRuns(a: Uint32Array, bounds: readonly number[]): Uint32Array {
  let from: Uint32Array = a;
  let to: Uint32Array = new Uint32Array(a.length);
  let runs = bounds;
  while (runs.length > 2) {
    const next = [0];
    for (let r = 0; r + 1 < runs.length; r += 2) {
      const lo = runs[r];
      const mid = runs[r + 1];
      const hi = r + 2 < runs.length ? runs[r + 2] : mid;
      let i = lo;
      let j = mid;
      let k = lo;
      while (i < mid && j < hi) to[k++] = from[j] < from[i] ? from[j++] : from[i++];
      while (i < mid) to[k++] = from[i++];
      while (j < hi) to[k++] = from[j++];
      next.push(hi);
    }
    const merged = to;
    to = from;
    from = merged;
    runs = next;
  }
  return from;
}

/** The set bits of `marks` as ascending ranks into `out`; clears `marks`. */
export function ranksOfMarks(marks: Uint32Array, out: Uint32Array): void {
  let at = 0;
  for (let w = 0; w < marks.length; w++) {
    let x = marks[w] | 0;
    if (x === 0) continue;
    marks[w] = 0;
    while (x !== 0) {
      const low = x & -x;
      out[at++] = (w << 5) + 31 - Math.clz32(low);
      x ^= low;
    }
  }
}

/** First index in a[lo, hi) (ranks, ascending) whose closing age is > x; hi when none. */
function upperBound(a: Uint32Array, lo: number, hi: number, x: number, ages: Float64Array): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ages[a[mid]] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
