import { DeliveryError } from '../turn.ts';
import type { Clock } from './pacing.ts';

export interface RetryPolicy {
  readonly attempts: number;
  readonly baseMs: number;
  readonly maxMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 1000, maxMs: 30_000 };

/**
 * What Teams says to retry: 429 (throttled), 412 (precondition failed, a transient conflict on
 * Teams' side), 502 and 504, and other 5xx; plus no answer at all. 4xx otherwise (403 blocked or
 * uninstalled, 404 no such conversation) will not get better by trying again.
 */
export function isRetryable(error: unknown): boolean {
  if (!(error instanceof DeliveryError)) return false;
  const s = error.status;
  return s === null || s === 429 || s === 412 || (s >= 500 && s <= 599);
}

/** Exponential backoff with full jitter; a Retry-After from the service is honoured when longer. */
export function backoffMs(attempt: number, policy: RetryPolicy, random: () => number, retryAfterMs: number | null): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** (attempt - 1));
  const jittered = Math.floor(random() * ceiling);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export async function withRetry<T>(
  work: (attempt: number) => Promise<T>,
  options: { policy: RetryPolicy; clock: Clock; random?: () => number; onRetry?: (attempt: number, error: unknown, waitMs: number) => void },
): Promise<T> {
  const random = options.random ?? Math.random;
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (error) {
      if (attempt >= options.policy.attempts || !isRetryable(error)) throw error;
      const wait = backoffMs(attempt, options.policy, random, error instanceof DeliveryError ? error.retryAfterMs : null);
      options.onRetry?.(attempt, error, wait);
      await options.clock.sleep(wait);
    }
  }
}
