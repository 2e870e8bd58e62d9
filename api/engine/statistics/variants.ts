import { eventViewKey, toSelection, visibleEvents, type Selection, type SelectionInput } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';
import { PerLogCache } from '../log/per-log-cache.ts';
import type { DurationStats } from './distribution.ts';
import { caseSpans, type CaseSpans } from './durations.ts';
import { markedStats, rankGroups, type RankedGroups } from './presorted.ts';
import { rankMarks } from './scratch.ts';

/** One distinct activity sequence of the view. */
export interface Variant {
  /** Position in Variants.variants (0 = most frequent). */
  readonly rank: number;
  readonly activities: readonly string[];
  /** Cases following exactly this sequence. */
  readonly cases: number;
  /** cases ÷ cases in the view. */
  readonly share: number;
  /** Durations of those cases (ms); mean and median are what the variant list shows. */
  readonly duration: DurationStats;
}

export interface Variants {
  /** Most cases first; equal counts in order of first occurrence (lowest case index). */
  readonly variants: readonly Variant[];
  /** Cases in the view (selected, with at least one shown event) = Σ variants.cases. */
  readonly cases: number;
  /** Per case index: rank of its variant, -1 for cases outside the view. */
  readonly caseVariant: Int32Array;
}

/** Every variant of the view with counts and durations. */
export function discoverVariants(log: EventLog, input?: SelectionInput): Variants {
  const selection = toSelection(log, input);
  const cases = selection.cases;
  const index = variantIndex(log, selection);
  const { start, end } = caseSpans(log, selection);
  const { caseVariant: variantOf, byDuration } = index;
  const { groupStart, caseRank, rankCase } = byDuration;
  const nRaw = index.count;
  const counts = new Uint32Array(nRaw);
  const firstCase = new Uint32Array(nRaw);
  const totals = new Float64Array(nRaw);
  const marks = rankMarks(rankCase.length);
  let n = 0;
  for (let c = 0; c < cases.length; c++) {
    if (cases[c] === 0) continue;
    const v = variantOf[c];
    if (v < 0) continue;
    if (counts[v]++ === 0) firstCase[v] = c;
    totals[v] += end[c] - start[c];
    const r = caseRank[c];
    marks[r >>> 5] |= 1 << (r & 31);
    n++;
  }
  const present: number[] = [];
  for (let v = 0; v < nRaw; v++) if (counts[v] > 0) present.push(v);
  present.sort((x, y) => counts[y] - counts[x] || firstCase[x] - firstCase[y]);
  const durationAt = (r: number) => end[rankCase[r]] - start[rankCase[r]];

  const rankOf = new Int32Array(nRaw).fill(-1);
  const variants: Variant[] = new Array(present.length);
  for (let rank = 0; rank < present.length; rank++) {
    const v = present[rank];
    rankOf[v] = rank;
    variants[rank] = {
      rank,
      activities: namesOf(log.activities, index, v),
      cases: counts[v],
      share: counts[v] / n,
      duration: markedStats(marks, groupStart[v], groupStart[v + 1], counts[v], totals[v], durationAt),
    };
  }
  // Every slot written in the one pass, rather than filled with -1 first.
  const caseVariant = new Int32Array(cases.length);
  for (let c = 0; c < cases.length; c++) {
    const v = variantOf[c];
    caseVariant[c] = cases[c] !== 0 && v >= 0 ? rankOf[v] : -1;
  }
  return { variants, cases: n, caseVariant };
}

/**
 * Variant v's activity names, made once per index and shared (frozen) by every result: a
 * filter change lists thousands of variants again. A plain loop: Array.from over a typed
 * array goes through its iterator, ~100× slower here.
 */
function namesOf(names: readonly string[], index: VariantIndex, v: number): readonly string[] {
  let cached = index.names[v];
  if (cached === undefined) {
    const { pool, starts } = index;
    const result: string[] = new Array(starts[v + 1] - starts[v]);
    for (let k = starts[v], i = 0; k < starts[v + 1]; k++, i++) result[i] = names[pool[k]];
    cached = index.names[v] = Object.freeze(result);
  }
  return cached;
}

/** The case indices of the variant at `rank`, ascending. */
export function variantCases(variants: Variants, rank: number): Uint32Array {
  const caseVariant = variants.caseVariant;
  const result = new Uint32Array(variants.variants[rank]?.cases ?? 0);
  let n = 0;
  for (let c = 0; c < caseVariant.length && n < result.length; c++) if (caseVariant[c] === rank) result[n++] = c;
  return result;
}

/**
 * Every case's variant in one event view, as ids in order of first occurrence over the whole
 * log. Built once per log and view: a filter change then only recounts selected cases.
 */
export interface VariantIndex {
  /** Per case index: variant id, -1 when the case shows no event. */
  readonly caseVariant: Int32Array;
  readonly count: number;
  /** Variant v's activity codes are pool[starts[v], starts[v + 1]). */
  readonly pool: Uint32Array;
  readonly starts: Uint32Array;
  readonly hashes: Uint32Array;
  /** Open addressing on the hash: slot → variant id, -1 = empty. */
  readonly table: Int32Array;
  /** Each variant's cases ranked by duration (end − start of the view's case spans), for exact medians of any selection. */
  readonly byDuration: RankedGroups;
  /** Per variant id, its activity names once a result has listed them (see namesOf). */
  readonly names: (readonly string[] | undefined)[];
}


const indexCache = new PerLogCache<VariantIndex>(4);

export function variantIndex(log: EventLog, selection: Selection): VariantIndex {
  return indexCache.get(log, eventViewKey(log, selection), () => buildIndex(log, visibleEvents(log, selection), caseSpans(log, selection)));
}

/**
 * Hashes each case's code sequence and interns it in an open-addressing table; equal hashes
 * are confirmed by comparing the sequences, so a collision can never merge two variants.
 * The table and the variants' sequences (a pool) grow with the number of variants, not
 * cases: they stay in cache while 500k cases stream past, where comparing against a
 * representative case's events would miss the cache once per case.
 */
function buildIndex(log: EventLog, visible: Uint8Array | null, spans: CaseSpans): VariantIndex {
  const nCases = log.caseIds.length;
  const off = log.caseOffsets;
  const act = log.activity;
  const caseVariant = new Int32Array(nCases);
  let table: Int32Array = new Int32Array(1024).fill(-1);
  let mask = table.length - 1;
  let hashes: Uint32Array = new Uint32Array(256);
  let starts: Uint32Array = new Uint32Array(257);
  let pool: Uint32Array = new Uint32Array(4096);
  let count = 0;
  for (let c = 0; c < nCases; c++) {
    // sequenceHash, inlined over the shown events
    let h = FNV_OFFSET;
    let len = 0;
    for (let e = off[c], to = off[c + 1]; e < to; e++) {
      if (visible !== null && visible[e] === 0) continue;
      h = Math.imul(h ^ act[e], FNV_PRIME);
      len++;
    }
    if (len === 0) {
      caseVariant[c] = -1;
      continue;
    }
    h = finalise(h ^ len);
    let slot = h & mask;
    for (;;) {
      const v = table[slot];
      if (v < 0) break;
      if (hashes[v] === h && starts[v + 1] - starts[v] === len && matchesPool(log, visible, c, pool, starts[v], len)) {
        caseVariant[c] = v;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (table[slot] >= 0) continue;

    // A new variant: append its codes to the pool.
    if (count + 1 >= hashes.length) {
      hashes = grown(hashes, count + 1);
      starts = grown(starts, count + 2);
    }
    const at = starts[count];
    if (at + len > pool.length) pool = grown(pool, at + len);
    for (let e = off[c], to = off[c + 1], k = at; e < to; e++) if (visible === null || visible[e] !== 0) pool[k++] = act[e];
    hashes[count] = h;
    starts[count + 1] = at + len;
    table[slot] = count;
    caseVariant[c] = count++;
    if (2 * count > table.length) {
      table = rehash(hashes, count, table.length * 2);
      mask = table.length - 1;
    }
  }
  const byDuration = rankGroups(caseVariant, count, spans.start, spans.end);
  return { caseVariant, count, pool, starts, hashes, table, byDuration, names: new Array<readonly string[] | undefined>(count) };
}

function matchesPool(log: EventLog, visible: Uint8Array | null, c: number, pool: Uint32Array, at: number, len: number): boolean {
  const act = log.activity;
  let e = log.caseOffsets[c];
  if (visible === null) {
    for (let k = 0; k < len; k++) if (act[e + k] !== pool[at + k]) return false;
    return true;
  }
  for (let k = 0; k < len; k++, e++) {
    while (visible[e] === 0) e++;
    if (act[e] !== pool[at + k]) return false;
  }
  return true;
}

function rehash(hashes: Uint32Array, count: number, size: number): Int32Array {
  const table = new Int32Array(size).fill(-1);
  const mask = size - 1;
  for (let v = 0; v < count; v++) {
    let slot = hashes[v] & mask;
    while (table[slot] >= 0) slot = (slot + 1) & mask;
    table[slot] = v;
  }
  return table;
}

function grown(array: Uint32Array, needed: number): Uint32Array {
  const next = new Uint32Array(Math.max(needed, array.length * 2));
  next.set(array);
  return next;
}

/** Activity codes of variant v. */
export function variantCodes(index: VariantIndex, v: number): Uint32Array {
  return index.pool.subarray(index.starts[v], index.starts[v + 1]);
}

/** The variant id whose sequence is `codes`, or -1. */
export function findVariant(index: VariantIndex, codes: readonly number[]): number {
  if (codes.length === 0) return -1;
  const h = sequenceHash(codes);
  const mask = index.table.length - 1;
  for (let slot = h & mask; ; slot = (slot + 1) & mask) {
    const v = index.table[slot];
    if (v < 0) return -1;
    if (index.hashes[v] === h) {
      const seq = variantCodes(index, v);
      if (seq.length === codes.length && seq.every((code, i) => code === codes[i])) return v;
    }
  }
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** The 32-bit hash variants are interned by: FNV-1a over the codes, the length, a finaliser. */
export function sequenceHash(codes: ArrayLike<number>): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < codes.length; i++) h = Math.imul(h ^ codes[i], FNV_PRIME);
  return finalise(h ^ codes.length);
}

/** murmur3's fmix32: spreads FNV's weak low bits over the whole word, as the table mask needs. */
function finalise(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
