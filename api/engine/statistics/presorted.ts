import { nearestRank, type DurationStats } from './distribution.ts';

/**
 * Order statistics of a selected subset of presorted groups.
 *
 * An index files every value of a group (an arc's waits, a variant's durations) in ascending
 * order once, when it is built. A selection then marks its members in a bitmap over those
 * sorted positions, and the k-th smallest selected value is found by counting set bits: one
 * popcount per 32 positions instead of copying the values and selecting among them, which is
 * what a filter change repeats for every group.
 */

/**
 * Positions [from, to) of `bits` hold a group in ascending order of value; `n` of them are
 * set. Writes to `out` the positions of the selected values of 0-based ranks 0, the lower and
 * upper middle, the p90 nearest rank and n − 1 (see DurationStats), in that order.
 */
export function markedRankPositions(bits: Uint32Array, from: number, to: number, n: number, out: Float64Array): void {
  const rMid = (n - 1) >> 1;
  const want0 = 0;
  const want1 = rMid;
  const want2 = (n & 1) === 0 ? rMid + 1 : rMid;
  const want3 = nearestRank(90, n) - 1;
  const want4 = n - 1;
  let k = 0;
  let below = 0;
  const firstWord = Math.floor(from / 32);
  const lastWord = Math.floor((to - 1) / 32);
  for (let w = firstWord; w <= lastWord && k < 5; w++) {
    let x = bits[w];
    if (w === firstWord) x &= -1 << (from & 31);
    if (w === lastWord) {
      const keep = ((to - 1) & 31) + 1;
      if (keep < 32) x &= (1 << keep) - 1;
    }
    if (x === 0) continue;
    const count = popcount(x);
    const next = below + count;
    while (k < 5) {
      const want = k === 0 ? want0 : k === 1 ? want1 : k === 2 ? want2 : k === 3 ? want3 : want4;
      if (want >= next) break;
      out[k++] = w * 32 + nthSetBit(x, want - below);
    }
    below = next;
  }
}

/**
 * DurationStats of a group's selected values: count and total come from the caller, who sums
 * in case order as the log-scanning kernels did (floating-point sums depend on the order);
 * `valueAt(position)` reads one sorted value.
 */
export function markedStats(
  bits: Uint32Array,
  from: number,
  to: number,
  n: number,
  total: number,
  valueAt: (position: number) => number,
): DurationStats {
  const at = positions;
  markedRankPositions(bits, from, to, n, at);
  const lower = valueAt(at[1]);
  const median = at[2] === at[1] ? lower : (lower + valueAt(at[2])) / 2;
  return { count: n, total, mean: total / n, median, p90: valueAt(at[3]), min: valueAt(at[0]), max: valueAt(at[4]) };
}

const positions = new Float64Array(5);

export function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

/** Bit index of the j-th (0-based) set bit of x, which has more than j set. */
function nthSetBit(x: number, j: number): number {
  for (; j > 0; j--) x &= x - 1;
  return 31 - Math.clz32(x & -x);
}

/** Radix digits of 11 bits over a 64-bit key (the last one 9 bits): a histogram stays in L1. */
const DIGITS = 6;
const RADIX = 1 << 11;
const RADIX32 = 1 << 12;
const INSERTION_LIMIT = 48;
const PACKED_LIMIT = 512;
const PACK = 2 ** 21;

/**
 * Reusable buffers for sorting groups one at a time; sized by the largest group. Build-time
 * only, so dropped with the sorter.
 */
export class GroupSorter {
  readonly keys: Float64Array;
  private readonly hi: Uint32Array;
  private readonly lo: Uint32Array;
  private readonly hi2: Uint32Array;
  private readonly lo2: Uint32Array;
  private readonly items2: Uint32Array;
  private readonly histogram = new Uint32Array(Math.max(DIGITS * RADIX, 3 * RADIX32));

  constructor(largestGroup: number) {
    this.keys = new Float64Array(largestGroup);
    this.hi = new Uint32Array(largestGroup);
    this.lo = new Uint32Array(largestGroup);
    this.hi2 = new Uint32Array(largestGroup);
    this.lo2 = new Uint32Array(largestGroup);
    this.items2 = new Uint32Array(largestGroup);
  }

  /**
   * Reorders items[from, to) by ascending keys[0, to − from) (the key of items[from + i] is
   * keys[i]). Ties keep no particular order: equal values are interchangeable in statistics.
   * Exact for every double: keys become order-preserving 64-bit patterns, or, when all are
   * non-negative integers (milliseconds, as times are), the integers themselves, whose high
   * digits are then constant and skipped.
   */
  sort(items: Uint32Array, from: number, to: number): void {
    const n = to - from;
    if (n < 2) return;
    const { keys, hi, lo } = this;
    let integers = true;
    let seconds = true;
    for (let i = 0; i < n; i++) {
      const k = keys[i];
      if (!(k >= 0 && k <= Number.MAX_SAFE_INTEGER && Math.floor(k) === k)) {
        integers = false;
        break;
      }
      if (seconds && Math.floor(k / 1000) * 1000 !== k) seconds = false;
    }
    let wide = false;
    if (integers) {
      // Whole seconds (usual for durations between timestamps) sort as seconds: fewer digits.
      const scale = seconds ? 1000 : 1;
      for (let i = 0; i < n; i++) {
        const k = keys[i] / scale;
        const h = Math.floor(k / 4294967296);
        hi[i] = h;
        lo[i] = k >>> 0;
        if (h !== 0) wide = true;
      }
    } else {
      wide = true;
      const words = new Uint32Array(keys.buffer, keys.byteOffset, 2 * n);
      for (let i = 0; i < n; i++) {
        const h = words[2 * i + 1];
        const l = words[2 * i];
        const negative = h >> 31; // all ones for a negative number: flip every bit
        hi[i] = (h ^ (negative | 0x80000000)) >>> 0;
        lo[i] = (l ^ negative) >>> 0;
      }
    }
    this.sortKeyed(items, from, n, wide);
  }

  /** sort() for keys that are unsigned 32-bit integers already: keys[i] belongs to items[from + i]. */
  sortByUint32(items: Uint32Array, from: number, to: number, keys: Uint32Array): void {
    const n = to - from;
    if (n < 2) return;
    this.lo.set(keys.subarray(0, n));
    this.hi.fill(0, 0, n);
    this.sortKeyed(items, from, n, false);
  }

  private sortKeyed(items: Uint32Array, from: number, n: number, wide: boolean): void {
    if (n <= INSERTION_LIMIT) this.insertionSort(items, from, n);
    else if (!wide && n <= PACKED_LIMIT) this.packedSort(items, from, n);
    else if (wide) this.radixSort(items, from, n);
    else this.radixSort32(items, from, n);
  }

  /**
   * Mid-sized groups (most variants): a radix pass clears and sums thousands of histogram
   * bins whatever the group's size, so below a few hundred keys the native sort of doubles
   * wins. Key and position share one double exactly: key × 2^21 + i < 2^53.
   */
  private packedSort(items: Uint32Array, from: number, n: number): void {
    const packed = this.keys;
    const lo = this.lo;
    for (let i = 0; i < n; i++) packed[i] = lo[i] * PACK + i;
    const view = packed.subarray(0, n);
    view.sort();
    const moved = this.items2;
    for (let i = 0; i < n; i++) moved[i] = items[from + (view[i] % PACK)];
    items.set(moved.subarray(0, n), from);
  }

  /**
   * radixSort for keys whose high word is 0: digits of 12 bits, so that waits and durations
   * in seconds (below 2^24 s, half a year) take two passes, and no high word to move.
   */
  private radixSort32(items: Uint32Array, from: number, n: number): void {
    const hist = this.histogram;
    hist.fill(0, 0, 3 * RADIX32);
    let lo = this.lo;
    for (let i = 0; i < n; i++) {
      const l = lo[i];
      hist[l & 0xfff]++;
      hist[RADIX32 + ((l >>> 12) & 0xfff)]++;
      hist[2 * RADIX32 + (l >>> 24)]++;
    }
    let srcItems = items.subarray(from, from + n);
    let dstItems = this.items2;
    let loOut = this.lo2;
    let inScratch = false;
    for (let d = 0; d < 3; d++) {
      const base = d * RADIX32;
      const shift = 12 * d;
      if (countsToOffsets(hist, base, RADIX32, n)) continue;
      for (let i = 0; i < n; i++) {
        const l = lo[i];
        const at = hist[base + ((l >>> shift) & 0xfff)]++;
        loOut[at] = l;
        dstItems[at] = srcItems[i];
      }
      [lo, loOut] = [loOut, lo];
      [srcItems, dstItems] = [dstItems, srcItems];
      inScratch = !inScratch;
    }
    if (inScratch) items.set(srcItems.subarray(0, n), from);
  }

  private insertionSort(items: Uint32Array, from: number, n: number): void {
    const { hi, lo } = this;
    for (let i = 1; i < n; i++) {
      const h = hi[i];
      const l = lo[i];
      const item = items[from + i];
      let j = i - 1;
      while (j >= 0 && (hi[j] > h || (hi[j] === h && lo[j] > l))) {
        hi[j + 1] = hi[j];
        lo[j + 1] = lo[j];
        items[from + j + 1] = items[from + j];
        j--;
      }
      hi[j + 1] = h;
      lo[j + 1] = l;
      items[from + j + 1] = item;
    }
  }

  /** LSD radix sort, stable per pass; digits on which every key agrees cost no pass. */
  private radixSort(items: Uint32Array, from: number, n: number): void {
    const hist = this.histogram;
    hist.fill(0);
    let hi = this.hi;
    let lo = this.lo;
    for (let i = 0; i < n; i++) {
      const h = hi[i];
      const l = lo[i];
      hist[l & 0x7ff]++;
      hist[RADIX + ((l >>> 11) & 0x7ff)]++;
      hist[2 * RADIX + ((l >>> 22) | ((h & 1) << 10))]++;
      hist[3 * RADIX + ((h >>> 1) & 0x7ff)]++;
      hist[4 * RADIX + ((h >>> 12) & 0x7ff)]++;
      hist[5 * RADIX + (h >>> 23)]++;
    }
    let srcItems = items.subarray(from, from + n);
    let dstItems = this.items2;
    let hiOut = this.hi2;
    let loOut = this.lo2;
    let inScratch = false;
    for (let d = 0; d < DIGITS; d++) {
      const base = d * RADIX;
      if (countsToOffsets(hist, base, RADIX, n)) continue;
      for (let i = 0; i < n; i++) {
        const h = hi[i];
        const l = lo[i];
        const digit =
          d === 0 ? l & 0x7ff : d === 1 ? (l >>> 11) & 0x7ff : d === 2 ? (l >>> 22) | ((h & 1) << 10) : d === 3 ? (h >>> 1) & 0x7ff : d === 4 ? (h >>> 12) & 0x7ff : h >>> 23;
        const at = hist[base + digit]++;
        hiOut[at] = h;
        loOut[at] = l;
        dstItems[at] = srcItems[i];
      }
      [hi, hiOut] = [hiOut, hi];
      [lo, loOut] = [loOut, lo];
      [srcItems, dstItems] = [dstItems, srcItems];
      inScratch = !inScratch;
    }
    if (inScratch) items.set(srcItems.subarray(0, n), from);
  }
}

/**
 * Cases grouped and, within each group, sorted ascending by duration: group g holds ranks
 * [groupStart[g], groupStart[g + 1]); rankCase lists the cases in that order, caseRank
 * inverts it (unspecified for cases in no group).
 */
export interface RankedGroups {
  readonly groupStart: Uint32Array;
  readonly caseRank: Uint32Array;
  readonly rankCase: Uint32Array;
}

/** Cases grouped by `groupOf` (-1 = none) and ranked within each group by end[c] − start[c]. */
export function rankGroups(groupOf: Int32Array, groups: number, start: Float64Array, end: Float64Array): RankedGroups {
  const nCases = groupOf.length;
  const groupStart = new Uint32Array(groups + 1);
  for (let c = 0; c < nCases; c++) if (groupOf[c] >= 0) groupStart[groupOf[c] + 1]++;
  let largest = 0;
  for (let g = 0; g < groups; g++) {
    largest = Math.max(largest, groupStart[g + 1]);
    groupStart[g + 1] += groupStart[g];
  }
  const cursor = groupStart.slice(0, groups);
  const rankCase = new Uint32Array(groupStart[groups]);
  for (let c = 0; c < nCases; c++) if (groupOf[c] >= 0) rankCase[cursor[groupOf[c]]++] = c;
  const sorter = new GroupSorter(largest);
  const keys = sorter.keys;
  for (let g = 0; g < groups; g++) {
    const from = groupStart[g];
    const to = groupStart[g + 1];
    for (let r = from; r < to; r++) keys[r - from] = end[rankCase[r]] - start[rankCase[r]];
    sorter.sort(rankCase, from, to);
  }
  const caseRank = new Uint32Array(nCases);
  for (let r = 0; r < rankCase.length; r++) caseRank[rankCase[r]] = r;
  return { groupStart, caseRank, rankCase };
}

/**
 * Turns one digit's counts hist[base, base + size) into starting offsets, in place. True when
 * all n keys share the digit: the pass would move nothing and is skipped.
 */
function countsToOffsets(hist: Uint32Array, base: number, size: number, n: number): boolean {
  let constant = false;
  let sum = 0;
  for (let b = 0; b < size; b++) {
    const count = hist[base + b];
    if (count === n) constant = true;
    hist[base + b] = sum;
    sum += count;
  }
  return constant;
}
