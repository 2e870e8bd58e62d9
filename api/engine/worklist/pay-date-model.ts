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
  private cells: { readonly start: Uint32Array; readonly values: Float64Array } | null = null;
  private readonly unions = new Map<number, Float64Array>();

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
    return queries.map(({ state, age, grid }) => {
      const packed = packState(state, grid, false);
      for (let b = 0; b < BACK_OFF.length; b++) {
        const settled = this.group(b, packed);
        const from = upperBound(settled, age);
        const n = settled.length - from;
        if (n < this.minGroup) continue;
        const writtenOff = this.group(b, packed | Bits.writtenOff);
        const lost = writtenOff.length - upperBound(writtenOff, age);
        const q = (p: number) => settled[from + nearestRank(p, n) - 1] - age;
        return { backOff: b, settled: n, p10: q(10), p50: q(50), p90: q(90), writeOffShare: lost / (n + lost) };
      }
      return null;
    });
  }

  /** Closing ages, ascending, of the observations in the group of `packed` at back-off level b. */
  private group(b: number, packed: number): Float64Array {
    const { start, values } = this.sorted();
    const dropped = DROPPED[b];
    if (dropped === 0) return values.subarray(start[packed], start[packed + 1]);
    const base = packed & ~dropped;
    const key = b * CELLS + base;
    let union = this.unions.get(key);
    if (union) return union;
    let size = 0;
    // Every subset of the dropped bits: each cell of the group.
    for (let sub = dropped; ; sub = (sub - 1) & dropped) {
      size += start[(base | sub) + 1] - start[base | sub];
      if (sub === 0) break;
    }
    union = new Float64Array(size);
    let at = 0;
    for (let sub = dropped; ; sub = (sub - 1) & dropped) {
      const cell = base | sub;
      union.set(values.subarray(start[cell], start[cell + 1]), at);
      at += start[cell + 1] - start[cell];
      if (sub === 0) break;
    }
    union.sort();
    this.unions.set(key, union);
    return union;
  }

  /**
   * The observations in cell order: a stable counting sort by packed state, which keeps each cell
   * in the ascending closing-age order the observations come in. Built on first use.
   */
  private sorted(): { readonly start: Uint32Array; readonly values: Float64Array } {
    if (this.cells) return this.cells;
    const { state, closedAge, length } = this.snapshots;
    const start = new Uint32Array(CELLS + 1);
    for (let i = 0; i < length; i++) start[state[i] + 1]++;
    for (let k = 0; k < CELLS; k++) start[k + 1] += start[k];
    const cursor = start.slice(0, CELLS);
    const values = new Float64Array(length);
    for (let i = 0; i < length; i++) values[cursor[state[i]]++] = closedAge[i];
    // Observations come sorted to the second; an insertion pass orders what shares a second.
    for (let k = 0; k < CELLS; k++) {
      for (let i = start[k] + 1; i < start[k + 1]; i++) {
        const v = values[i];
        let j = i - 1;
        while (j >= start[k] && values[j] > v) {
          values[j + 1] = values[j];
          j--;
        }
        values[j + 1] = v;
      }
    }
    this.cells = { start, values };
    return this.cells;
  }
}

/** First index of sorted `a` whose value is > x. */
function upperBound(a: Float64Array, x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
