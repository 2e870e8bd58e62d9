/**
 * Reusable temporaries for the kernels. Allocating megabytes afresh on every call costs
 * about as much in page faults (new zeroed memory) as the statistics themselves, so each
 * buffer is kept and grown, never shrunk (releaseScratch frees them). Each buffer has one
 * user at a time: whoever holds it finishes with it before calling anything else that takes
 * it (the DFG reads its rank marks to the end before it computes activity statistics). Safe
 * because the engine is synchronous.
 */
let grouped = new Float64Array(0);
let marks = new Uint32Array(0);

/** The target of groupedDurationStats' counting sort (contents are garbage on hand-out). */
export function groupedBuffer(length: number): Float64Array {
  if (grouped.length < length) grouped = new Float64Array(grow(grouped.length, length));
  return grouped;
}

/** A zeroed bitmap of at least `bits` bits: a selection's marks over presorted ranks (see presorted.ts). */
export function rankMarks(bits: number): Uint32Array {
  const words = Math.ceil(bits / 32);
  if (marks.length < words) marks = new Uint32Array(grow(marks.length, words));
  else marks.fill(0, 0, words);
  return marks;
}

/** Frees the buffers (e.g. after unloading a large log). */
export function releaseScratch(): void {
  grouped = new Float64Array(0);
  marks = new Uint32Array(0);
}

function grow(current: number, needed: number): number {
  return Math.max(needed, Math.min(current * 2, needed + (needed >> 2)), 1024);
}
