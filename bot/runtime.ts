import { listConversations } from '../api/adapters/store/bot-conversations.ts';
import { holdInterrupted, type LedgerEntry } from '../api/adapters/store/digest-ledger.ts';
import { CollectionsBot } from './bot.ts';
import type { BotDeps } from './deps.ts';
import { personKey } from './digest/analysis.ts';
import { realClock, Pacer, type Clock } from './digest/pacing.ts';
import { audienceOf } from './digest/recipients.ts';
import { DEFAULT_RETRY, type RetryPolicy } from './digest/retry.ts';
import { DigestRunner, type DeliveryHooks, type RunReport, type RunRequest } from './digest/run.ts';
import { catchUpZones, DigestSchedule } from './digest/schedule.ts';
import { BotFrameworkSender, createAdapter } from './framework.ts';
import type { ProactiveSender } from './turn.ts';

const ZONE_SYNC_MS = 60 * 60_000;
export const INTERRUPTED_REASON = 'the process stopped while this digest was being sent: it may or may not have reached Teams';

export interface RuntimeOptions {
  /** The wall clock of the bot's days (tests fix it); default Date.now. */
  readonly now?: () => number;
  readonly sender?: ProactiveSender;
  readonly clock?: Clock;
  readonly retry?: RetryPolicy;
  readonly hooks?: DeliveryHooks;
}

/**
 * The bot in a running process: the adapter and turn logic for /api/messages, and the digest
 * machinery (recovery at start, one schedule per zone, a retry pass for failed sends). Runs are
 * queued one after another: a scheduled run and an admin run never interleave.
 */
export class BotRuntime {
  readonly adapter;
  readonly bot: CollectionsBot;
  readonly runner: DigestRunner;
  private readonly schedule: DigestSchedule;
  private readonly timers: NodeJS.Timeout[] = [];
  private queue: Promise<unknown> = Promise.resolve();
  private stopped = false;

  constructor(
    readonly deps: BotDeps,
    options: RuntimeOptions = {},
  ) {
    this.adapter = createAdapter(deps.config, deps.logger);
    this.bot = new CollectionsBot(deps);
    const clock = options.clock ?? realClock;
    this.runner = new DigestRunner({
      deps,
      sender: options.sender ?? new BotFrameworkSender(this.adapter, deps.config.appId),
      pacer: new Pacer(clock),
      clock,
      retry: options.retry ?? DEFAULT_RETRY,
      hooks: options.hooks,
    });
    this.schedule = new DigestSchedule(deps.config.digest.time, (zone) => this.run({ trigger: 'schedule', zones: new Set([zone]) }).then(() => undefined), deps.logger);
  }

  /** Queued after any run under way. */
  run(request: RunRequest): Promise<RunReport> {
    const next = this.queue.then(() => this.runner.run(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /**
   * Before anything is sent: digests a crash left 'sending' are held for review (never resent
   * blindly). Then the schedule starts, and today's digests of zones whose time passed a little
   * ago go out in the background (catchUp settles when they have).
   */
  async start(): Promise<{ held: readonly LedgerEntry[]; catchUp: Promise<RunReport | null> }> {
    const held = await holdInterrupted(this.deps.store, INTERRUPTED_REASON);
    // The first analysis of a large log takes seconds: do it now rather than in a user's first invoke.
    void this.deps.current().catch((err: unknown) => this.deps.logger.error({ err }, 'could not analyse the log'));
    if (held.length > 0) this.deps.logger.warn({ held: held.map((h) => `${h.kind}:${h.recipient}:${h.day}`) }, 'digests interrupted by a crash are held for review');
    if (!this.deps.config.digest.enabled) return { held, catchUp: Promise.resolve(null) };
    const zones = await this.zonesInUse();
    this.schedule.sync(zones);
    this.timers.push(setInterval(() => void this.syncZones(), ZONE_SYNC_MS).unref());
    this.timers.push(setInterval(() => void this.run({ trigger: 'retry' }).catch((err: unknown) => this.deps.logger.error({ err }, 'digest retry pass failed')), this.deps.config.digest.retryMinutes * 60_000).unref());
    const due = catchUpZones(zones, this.deps.now(), this.deps.config.digest.time, this.deps.config.digest.catchUpHours);
    const catchUp = due.size > 0 ? this.run({ trigger: 'catch-up', zones: due }) : Promise.resolve(null);
    catchUp.catch((err: unknown) => this.deps.logger.error({ err }, 'digest catch-up run failed'));
    return { held, catchUp };
  }

  /** Stops scheduling and waits for a run under way (before the store closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    this.schedule.stop();
    for (const timer of this.timers) clearInterval(timer);
    await this.queue;
  }

  private async syncZones(): Promise<void> {
    try {
      this.schedule.sync(await this.zonesInUse());
    } catch (error) {
      this.deps.logger.error({ err: error }, 'could not update the digest schedule');
    }
  }

  private async zonesInUse(): Promise<Set<string>> {
    const org = await this.deps.store.getOrganisation();
    const zones = new Map(org.collectors.map((c) => [personKey(c.name), c.timeZone]));
    const audience = audienceOf(await listConversations(this.deps.store), this.deps.directory(), zones, this.deps.config.digest.defaultTimeZone);
    return new Set(audience.recipients.map((r) => r.timeZone));
  }
}
