/**
 * Token buckets under Teams' bot limits: 7 messages a second per conversation and 30 requests a
 * second per app and tenant (learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit).
 * A bucket lets its burst through at once and then refills, so burst + refill per second is kept
 * at the limit: no one-second window ever holds more than the limit allows. Every attempt takes a
 * token, retries included, so a burst of 429s does not become a burst of retries.
 */
export interface Clock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

export class TokenBucket {
  private tokens: number;
  private updated: number;

  constructor(
    private readonly capacity: number,
    private readonly perSecond: number,
    private readonly clock: Clock,
  ) {
    this.tokens = capacity;
    this.updated = clock.now();
  }

  /** Takes a token now, or says how many ms until one is available (taking nothing). */
  tryTake(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.updated) / 1000) * this.perSecond);
    this.updated = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    return Math.ceil(((1 - this.tokens) / this.perSecond) * 1000);
  }

  /** Returns a token taken for a send that did not go. */
  giveBack(): void {
    this.tokens = Math.min(this.capacity, this.tokens + 1);
  }
}

export interface PacerLimits {
  readonly perConversation: number;
  readonly perTenant: number;
}

export const TEAMS_LIMITS: PacerLimits = { perConversation: 7, perTenant: 30 };

export class Pacer {
  private readonly conversations = new Map<string, TokenBucket>();
  private readonly tenants = new Map<string, TokenBucket>();

  constructor(
    private readonly clock: Clock = realClock,
    private readonly limits: PacerLimits = TEAMS_LIMITS,
  ) {}

  /** Waits until both the conversation's and the tenant's bucket have a token, and takes both. */
  async acquire(conversationId: string, tenantId: string): Promise<void> {
    const conversation = this.bucket(this.conversations, conversationId, this.limits.perConversation);
    const tenant = this.bucket(this.tenants, tenantId, this.limits.perTenant);
    for (;;) {
      // The tenant bucket is the scarce one: take from it only when the conversation can go too.
      const waitConversation = conversation.tryTake();
      if (waitConversation > 0) {
        await this.clock.sleep(waitConversation);
        continue;
      }
      const waitTenant = tenant.tryTake();
      if (waitTenant === 0) return;
      conversation.giveBack();
      await this.clock.sleep(waitTenant);
    }
  }

  private bucket(map: Map<string, TokenBucket>, key: string, limit: number): TokenBucket {
    let bucket = map.get(key);
    if (!bucket) {
      const burst = Math.max(1, Math.floor(limit / 5));
      map.set(key, (bucket = new TokenBucket(burst, limit - burst, this.clock)));
    }
    return bucket;
  }
}
