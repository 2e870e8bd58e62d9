import { Cron } from 'croner';

export interface ScheduledSync {
  /** When the next sync starts; null when the expression has no future run. */
  nextRun(): Date | null;
  /** Runs a sync now (skipped when one is running). */
  runNow(): Promise<void>;
  stop(): void;
}

export interface ScheduleOptions {
  /** Cron expression, e.g. "0 *\/2 * * *" (every two hours) or "15 6 * * 1-5". */
  readonly expression: string;
  /** IANA time zone of the expression; default the process's. */
  readonly timezone?: string;
  readonly onStart?: () => void;
  readonly onDone?: (result: unknown) => void;
  readonly onError?: (error: unknown) => void;
}

export class ScheduleError extends Error {}

/**
 * Regular syncs on a cron expression (SYNC_SCHEDULE). A sync still running when the next one is
 * due is not started twice: the late one is skipped, and the one after resumes from the
 * watermarks anyway.
 */
export function scheduleSync(run: () => Promise<unknown>, options: ScheduleOptions): ScheduledSync {
  let running = false;
  const once = async (): Promise<void> => {
    if (running) return;
    running = true;
    options.onStart?.();
    try {
      // Not onDone?.(await run()): an absent callback would skip evaluating the run.
      const result = await run();
      options.onDone?.(result);
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
    }
  };
  let job: Cron;
  try {
    job = new Cron(options.expression, { timezone: options.timezone, protect: true }, () => once());
  } catch (error) {
    throw new ScheduleError(`SYNC_SCHEDULE "${options.expression}" is not a cron expression such as "0 */2 * * *": ${(error as Error).message}`);
  }
  return {
    nextRun: () => job.nextRun(),
    runNow: once,
    stop: () => job.stop(),
  };
}
