/**
 * What a size's child process reports. Every figure is a number (seconds, MB, events/s or a
 * ratio, as its name says); a child that dies leaves the figures of the phases it finished and
 * the phase it was in.
 */
export interface SizeResult {
  readonly kind: 'size';
  /** The size asked for; the generator stops at an invoice boundary, so `figures.events` is a little more. */
  readonly target: number;
  readonly seed: number;
  readonly file: string;
  /** The phase running when the result was last written; 'done' at the end. */
  stage: string;
  readonly figures: Record<string, number>;
  /** Counts from the engine and from the SQL baseline on the same (raw) events: they must agree. */
  readonly crossCheck: Record<string, number>;
  readonly info: Record<string, string | number>;
  /** Analyses that were timed only when present (another engineer's modules). */
  readonly skipped: string[];
  error?: string;
}

export interface XesResult {
  readonly kind: 'xes';
  readonly target: number;
  readonly seed: number;
  readonly file: string;
  stage: string;
  readonly figures: Record<string, number>;
  readonly info: Record<string, string | number>;
  error?: string;
}
