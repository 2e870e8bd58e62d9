/** Timing and memory helpers for the benchmark's child processes. */

const collect = (globalThis as { gc?: () => void }).gc;

/**
 * A full collection before each timed block, when the process runs with --expose-gc: garbage
 * from the previous block then does not land in this one's time. The block's own garbage
 * still does.
 */
export function settle(): void {
  collect?.();
}

/** Milliseconds `work` takes, and its value. */
export function timed<T>(work: () => T): { ms: number; value: T } {
  settle();
  const started = performance.now();
  const value = work();
  return { ms: performance.now() - started, value };
}

export async function timedAsync<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  settle();
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** The process's peak resident set so far, in MB (maxRSS is a high-water mark in KiB). */
export function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

export function currentRssMb(): number {
  return process.memoryUsage().rss / (1024 * 1024);
}

export const seconds = (ms: number): number => ms / 1000;
