/**
 * Reusable temporaries for the kernels. A map over 5×10^6 events gathers ~40 MB of waiting
 * times per call; allocating that afresh costs about as much in page faults (new zeroed
 * memory) as the statistics themselves, so each buffer is kept and grown, never shrunk
 * (releaseScratch frees them). Contents are garbage on hand-out. Each buffer has one user at
 * a time: whoever holds it finishes with it before calling anything else that takes it
 * (the DFG fills "grouped" arc by arc, then hands it to the activity statistics). Safe
 * because the engine is synchronous.
 */
let occurrenceIds = new Uint32Array(0);
let occurrenceValues = new Float64Array(0);
let grouped = new Float64Array(0);

/** Per-occurrence group ids and values (a kernel's scan output before grouping). */
export function occurrenceBuffers(length: number): { ids: Uint32Array; values: Float64Array } {
  if (occurrenceIds.length < length) occurrenceIds = new Uint32Array(grow(occurrenceIds.length, length));
  if (occurrenceValues.length < length) occurrenceValues = new Float64Array(grow(occurrenceValues.length, length));
  return { ids: occurrenceIds, values: occurrenceValues };
}

/** The target of groupedDurationStats' counting sort. */
export function groupedBuffer(length: number): Float64Array {
  if (grouped.length < length) grouped = new Float64Array(grow(grouped.length, length));
  return grouped;
}

/** Frees the buffers (e.g. after unloading a large log). */
export function releaseScratch(): void {
  occurrenceIds = new Uint32Array(0);
  occurrenceValues = new Float64Array(0);
  grouped = new Float64Array(0);
}

function grow(current: number, needed: number): number {
  return Math.max(needed, Math.min(current * 2, needed + (needed >> 2)), 1024);
}
