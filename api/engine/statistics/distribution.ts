import { DAY_MS } from '../domain/calendar.ts';
import { groupedBuffer } from './scratch.ts';

/**
 * Summary statistics of a set of durations, in milliseconds like the log's times.
 *
 * - median: the middle value; for an even count, the mean of the two middle values.
 * - p90: nearest rank, i.e. the value at 1-based rank ceil(0.9 × count) of the sorted values
 *   (always one of the observed values, never interpolated).
 * - an empty set has count 0 and every other field 0 (not NaN, so results stay valid JSON);
 *   check count before reading the rest.
 */
export interface DurationStats {
  readonly count: number;
  readonly total: number;
  readonly mean: number;
  readonly median: number;
  readonly p90: number;
  readonly min: number;
  readonly max: number;
}

/** Durations are milliseconds, like the log's times; a day is this many. */
export const MS_PER_DAY = DAY_MS;

export const EMPTY_STATS: DurationStats = Object.freeze({ count: 0, total: 0, mean: 0, median: 0, p90: 0, min: 0, max: 0 });

/** 1-based nearest rank of percentile p (0 < p ≤ 100) among n values. */
export function nearestRank(p: number, n: number): number {
  // p * n / 100 is exact when it is an integer, which is when ceil must not round up.
  return Math.max(1, Math.ceil((p * n) / 100));
}

/** From this many values on, a radix histogram beats quickselect's partitioning passes. */
const RADIX_THRESHOLD = 16_384;

/**
 * Statistics of values[from, to), which it may reorder. Exact; linear instead of a sort's
 * n log n, which matters with millions of waiting times per map.
 */
export function durationStats(values: Float64Array, from = 0, to = values.length): DurationStats {
  const n = to - from;
  if (n <= 0) return EMPTY_STATS;
  if (n < RADIX_THRESHOLD || !LITTLE_ENDIAN) return statsBySelect(values, from, to);
  return statsByRadix(values, from, to);
}

/** Quickselect for the median, then again above it for p90. */
function statsBySelect(values: Float64Array, from: number, to: number): DurationStats {
  const n = to - from;
  let total = 0;
  let min = Number.POSITIVE_INFINITY;
  let max = Number.NEGATIVE_INFINITY;
  for (let i = from; i < to; i++) {
    const v = values[i];
    total += v;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const mid = from + ((n - 1) >> 1);
  selectKth(values, from, to - 1, mid);
  let median = values[mid];
  if ((n & 1) === 0) median = (median + minOf(values, mid + 1, to)) / 2;
  const k = from + nearestRank(90, n) - 1;
  if (k > mid) selectKth(values, mid + 1, to - 1, k);
  return { count: n, total, mean: total / n, median, p90: values[k], min, max };
}

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const BINS = 1 << 16;
const histogram = new Uint32Array(BINS);
/** Per bin: where its values go in the candidate buffer, -1 = not wanted. */
const binCursor = new Int32Array(BINS).fill(-1);
let candidates = new Float64Array(0);

/**
 * Radix select on the top 16 bits of each value's order-preserving bit pattern (sign,
 * exponent, 4 mantissa bits: bins 1/16 of a binary order of magnitude wide). One pass builds
 * the histogram and the sum; the histogram names the bins holding the minimum, maximum,
 * middle and p90 ranks; a second pass copies only those bins' values out, and the ranks are
 * selected within them. Both passes are branch-light, unlike partitioning, whose
 * comparisons the CPU cannot predict. Reads the high 32-bit word of each double, hence the
 * little-endian requirement.
 */
function statsByRadix(values: Float64Array, from: number, to: number): DurationStats {
  const n = to - from;
  const words = new Uint32Array(values.buffer, values.byteOffset, values.length * 2);
  const hist = histogram;
  hist.fill(0);
  let total = 0;
  for (let i = from, w = 2 * from + 1; i < to; i++, w += 2) {
    const h = words[w];
    hist[(h ^ ((h >> 31) | 0x80000000)) >>> 16]++; // flip negatives entirely, positives' sign bit
    total += values[i];
  }

  const rMid = (n - 1) >> 1;
  const rUp = (n & 1) === 0 ? rMid + 1 : rMid;
  const r90 = nearestRank(90, n) - 1;
  let lowBin = -1;
  let highBin = -1;
  let midBin = -1;
  let upBin = -1;
  let p90Bin = -1;
  let midBelow = 0;
  let upBelow = 0;
  let p90Below = 0;
  let below = 0;
  for (let b = 0; b < BINS; b++) {
    const count = hist[b];
    if (count === 0) continue;
    if (lowBin < 0) lowBin = b;
    highBin = b;
    const next = below + count;
    if (midBin < 0 && rMid < next) (midBin = b), (midBelow = below);
    if (upBin < 0 && rUp < next) (upBin = b), (upBelow = below);
    if (p90Bin < 0 && r90 < next) (p90Bin = b), (p90Below = below);
    below = next;
  }
  const wanted = [lowBin, highBin, midBin, upBin, p90Bin];
  let size = 0;
  for (const b of wanted) {
    if (binCursor[b] < 0) {
      binCursor[b] = size;
      size += hist[b];
    }
  }
  if (candidates.length < size) candidates = new Float64Array(Math.max(size, candidates.length * 2));
  const cand = candidates;
  const cursor = binCursor;
  for (let i = from, w = 2 * from + 1; i < to; i++, w += 2) {
    const h = words[w];
    const b = (h ^ ((h >> 31) | 0x80000000)) >>> 16;
    const at = cursor[b];
    if (at >= 0) {
      cand[at] = values[i];
      cursor[b] = at + 1;
    }
  }
  // Each cursor now stands at the end of its bin's values.
  const start = (b: number) => cursor[b] - hist[b];
  const rankIn = (b: number, k: number) => {
    const s = start(b);
    selectKth(cand, s, cursor[b] - 1, s + k);
    return cand[s + k];
  };
  let min = Number.POSITIVE_INFINITY;
  for (let i = start(lowBin); i < cursor[lowBin]; i++) if (cand[i] < min) min = cand[i];
  let max = Number.NEGATIVE_INFINITY;
  for (let i = start(highBin); i < cursor[highBin]; i++) if (cand[i] > max) max = cand[i];
  const lower = rankIn(midBin, rMid - midBelow);
  const median = rUp === rMid ? lower : (lower + rankIn(upBin, rUp - upBelow)) / 2;
  const p90 = rankIn(p90Bin, r90 - p90Below);
  for (const b of wanted) cursor[b] = -1;
  return { count: n, total, mean: total / n, median, p90, min, max };
}

function minOf(values: Float64Array, from: number, to: number): number {
  let m = Number.POSITIVE_INFINITY;
  for (let i = from; i < to; i++) if (values[i] < m) m = values[i];
  return m;
}

/**
 * Statistics of values grouped by id: values[i] belongs to group ids[i] ∈ [0, groups), for
 * i < length. One counting sort makes each group contiguous, then each is described.
 * `sizes` (per group, when the caller already counted) saves the counting pass. ids and
 * values may be the occurrence scratch buffers.
 */
export function groupedDurationStats(
  ids: Uint32Array,
  values: Float64Array,
  length: number,
  groups: number,
  sizes?: Uint32Array,
): DurationStats[] {
  const start = new Uint32Array(groups + 1);
  if (sizes) for (let g = 0; g < groups; g++) start[g + 1] = sizes[g];
  else for (let i = 0; i < length; i++) start[ids[i] + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  const cursor = start.slice(0, groups);
  const grouped = groupedBuffer(length);
  for (let i = 0; i < length; i++) grouped[cursor[ids[i]]++] = values[i];
  const stats: DurationStats[] = new Array(groups);
  for (let g = 0; g < groups; g++) stats[g] = durationStats(grouped, start[g], start[g + 1]);
  return stats;
}

/** Statistics of a plain list, which is copied first (small inputs). */
export function durationStatsOf(values: readonly number[]): DurationStats {
  return durationStats(Float64Array.from(values));
}

/**
 * Puts the k-th smallest of a[lo..hi] (inclusive) at index k, smaller-or-equal values before
 * it and greater-or-equal after. Hoare partitioning splits runs of equal values evenly, which
 * keeps it linear on waiting times full of duplicates (same-day events); a depth limit falls
 * back to sorting on adversarial input.
 */
export function selectKth(a: Float64Array, lo: number, hi: number, k: number): void {
  let depth = 0;
  const limit = 2 * (32 - Math.clz32(hi - lo + 1)) + 16;
  while (hi > lo) {
    if (hi - lo < 16) {
      insertionSort(a, lo, hi);
      return;
    }
    if (++depth > limit) {
      a.subarray(lo, hi + 1).sort();
      return;
    }
    const mid = (lo + hi) >>> 1;
    // Median of three, so sorted and reverse-sorted runs partition evenly.
    if (a[mid] < a[lo]) swap(a, mid, lo);
    if (a[hi] < a[lo]) swap(a, hi, lo);
    if (a[hi] < a[mid]) swap(a, hi, mid);
    const pivot = a[mid];
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i] < pivot) i++;
      while (a[j] > pivot) j--;
      if (i <= j) {
        const t = a[i];
        a[i] = a[j];
        a[j] = t;
        i++;
        j--;
      }
    }
    // Now a[lo..j] ≤ pivot ≤ a[i..hi] and everything strictly between equals the pivot.
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i];
  a[i] = a[j];
  a[j] = t;
}

function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= lo && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
}
