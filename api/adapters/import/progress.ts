import type { ImportProgress } from './options.ts';

const INTERVAL_MS = 200;

/** Calls the caller's progress callback at most every 200 ms, and always at the end. */
export class ProgressReporter {
  private last = 0;

  constructor(
    private readonly onProgress: ((p: ImportProgress) => void) | undefined,
    private readonly totalBytes: number,
  ) {
    this.last = Date.now();
  }

  update(bytesRead: number, events: number): void {
    if (!this.onProgress) return;
    const now = Date.now();
    if (now - this.last < INTERVAL_MS) return;
    this.last = now;
    this.onProgress({ bytesRead, totalBytes: this.totalBytes, events });
  }

  finish(events: number): void {
    this.onProgress?.({ bytesRead: this.totalBytes, totalBytes: this.totalBytes, events });
  }
}
