import { randomUUID } from 'node:crypto';
import { listConversations } from '../../api/adapters/store/bot-conversations.ts';
import { claimDigest, completeDigest, getLedgerEntry, lastSnapshot, planDigest, type DigestKind, type LedgerKey } from '../../api/adapters/store/digest-ledger.ts';
import { attachmentOf, type CardModel } from '../cards/index.ts';
import { newCard } from '../cards-store.ts';
import type { BotDeps } from '../deps.ts';
import { speechFor } from '../i18n.ts';
import { localDay } from '../local-time.ts';
import type { ProactiveSender } from '../turn.ts';
import { personKey, type Analysis } from './analysis.ts';
import { composeCollectorDigest, type DigestSnapshot } from './compose.ts';
import { composeManagerDigest } from './manager.ts';
import type { Clock, Pacer } from './pacing.ts';
import { inPool } from './pool.ts';
import { audienceOf, teamScopes, type Recipient } from './recipients.ts';
import { withRetry, type RetryPolicy } from './retry.ts';

export type RunTrigger = 'schedule' | 'catch-up' | 'retry' | 'admin';

export interface RunRequest {
  readonly trigger: RunTrigger;
  /** One person (collector or manager) by name; default everyone. */
  readonly person?: string;
  /** Only recipients in these time zones (a zone's scheduled time came). */
  readonly zones?: ReadonlySet<string>;
}

export interface RunOutcome {
  readonly kind: DigestKind | null;
  readonly recipient: string;
  readonly day?: string;
  readonly reason?: string;
  readonly activityId?: string;
}

export interface RunReport {
  readonly runId: string;
  readonly trigger: RunTrigger;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly sent: readonly RunOutcome[];
  readonly skipped: readonly RunOutcome[];
  readonly failed: readonly RunOutcome[];
  readonly held: readonly RunOutcome[];
}

export interface DeliveryHooks {
  /** After Teams accepted the nth digest of this process, before the ledger says so: where a crash test kills the process. */
  afterSend?(count: number, key: LedgerKey): void | Promise<void>;
  /** Whether the Bot Connector took a digest (after retries), and why not: for the process's readiness. */
  onSendOutcome?(ok: boolean, key: LedgerKey, reason?: string): void;
}

export interface RunnerParts {
  readonly deps: BotDeps;
  readonly sender: ProactiveSender;
  readonly pacer: Pacer;
  readonly clock: Clock;
  readonly retry: RetryPolicy;
  readonly hooks?: DeliveryHooks;
}

/**
 * Sends the digests due, each through the ledger: planned (the intention is on record), claimed
 * (committed as 'sending' before the message goes), then sent / skipped / failed. A row already
 * sent, skipped or held is left alone, so a rerun, a restart or a second trigger never sends a
 * second digest for a day.
 */
export class DigestRunner {
  private sends = 0;

  constructor(private readonly parts: RunnerParts) {}

  async run(request: RunRequest): Promise<RunReport> {
    const { deps } = this.parts;
    const runId = randomUUID();
    const startedAt = new Date(deps.now()).toISOString();
    const report = { sent: [] as RunOutcome[], skipped: [] as RunOutcome[], failed: [] as RunOutcome[], held: [] as RunOutcome[] };
    const finish = (): RunReport => ({ runId, trigger: request.trigger, startedAt, finishedAt: new Date(deps.now()).toISOString(), ...report });

    const analysis = await deps.current();
    if (!analysis) {
      report.skipped.push({ kind: null, recipient: '*', reason: 'there is no event log yet' });
      return finish();
    }
    const org = await deps.store.getOrganisation();
    const zones = new Map(org.collectors.map((c) => [personKey(c.name), c.timeZone]));
    const audience = audienceOf(await listConversations(deps.store), deps.directory(), zones, deps.config.digest.defaultTimeZone);
    const wanted = (person: string) => request.person === undefined || personKey(person) === personKey(request.person);
    const inZone = (zone: string) => !request.zones || request.zones.has(zone);

    if (request.trigger !== 'retry') {
      for (const c of audience.unmapped) {
        if (request.person === undefined) report.skipped.push({ kind: null, recipient: c.userName ?? c.userId, reason: 'no collector is mapped to this Teams user' });
      }
      for (const name of audience.notInstalled) {
        if (wanted(name) && inZone(zones.get(personKey(name)) ?? deps.config.digest.defaultTimeZone)) report.skipped.push({ kind: 'collector', recipient: name, reason: 'the bot is not installed' });
      }
    }
    const recipients = audience.recipients.filter((r) => wanted(r.person) && inZone(r.timeZone));
    if (request.person !== undefined && recipients.length === 0 && !report.skipped.some((s) => wanted(s.recipient))) {
      report.skipped.push({ kind: null, recipient: request.person, reason: 'no such collector or manager with the bot installed' });
    }
    await inPool(recipients, deps.config.digest.concurrency, async (r) => {
      const outcome = await this.deliver(r, analysis, runId, request.trigger);
      if (outcome) report[outcome.list].push(outcome.outcome);
    });
    return finish();
  }

  private async deliver(r: Recipient, a: Analysis, runId: string, trigger: RunTrigger): Promise<{ list: 'sent' | 'skipped' | 'failed' | 'held'; outcome: RunOutcome } | null> {
    const { deps } = this.parts;
    const day = localDay(deps.now(), r.timeZone);
    const key: LedgerKey = { kind: r.kind, recipient: r.person, day };
    const base = { kind: r.kind, recipient: r.person, day };
    // A retry pass only finishes what a run started today; it never starts a digest.
    if (trigger === 'retry') {
      const row = await getLedgerEntry(deps.store, key);
      if (!row || (row.status !== 'planned' && row.status !== 'failed')) return null;
    }
    const entry = await planDigest(deps.store, key, r.user.userId, runId);
    switch (entry.status) {
      case 'sent':
        return { list: 'skipped', outcome: { ...base, reason: 'already sent today' } };
      case 'skipped':
        return { list: 'skipped', outcome: { ...base, reason: entry.reason ?? 'nothing to say' } };
      case 'held':
        return { list: 'held', outcome: { ...base, reason: entry.reason ?? 'held for review' } };
      case 'sending':
        return { list: 'skipped', outcome: { ...base, reason: 'another run is sending it' } };
    }

    let model: CardModel;
    let snapshot: DigestSnapshot | null = null;
    let empty: boolean;
    try {
      if (r.kind === 'collector') {
        const previous = (await lastSnapshot(deps.store, 'collector', r.person, day)) as { day: string; snapshot: DigestSnapshot } | undefined;
        const composed = composeCollectorDigest(a, r.person, { day, topItems: deps.config.digest.topItems, previous: previous ?? null });
        model = composed.digest;
        snapshot = composed.snapshot;
        empty = composed.empty;
      } else {
        const digest = composeManagerDigest(a, r.person, teamScopes(a, r.identity, deps.directory()), day);
        model = digest;
        empty = digest.teams.every((t) => t.now.overdueCount === 0 && t.now.violations === 0);
      }
    } catch (error) {
      deps.logger.error({ err: error, ...base }, 'digest could not be composed');
      await completeDigest(deps.store, key, { status: 'failed', reason: `could not compose: ${message(error)}` });
      return { list: 'failed', outcome: { ...base, reason: `could not compose: ${message(error)}` } };
    }
    if (empty && !deps.config.digest.sendEmpty) {
      await completeDigest(deps.store, key, { status: 'skipped', reason: 'nothing to say', snapshot });
      return { list: 'skipped', outcome: { ...base, reason: 'nothing to say' } };
    }

    const cardId = `digest:${r.kind}:${r.person}:${day}`;
    const viewer = { speech: speechFor(r.conversation.locale), today: day, channelUserId: r.user.channelUserId };
    const { card } = await newCard(deps, model, viewer, cardId);
    if (!(await claimDigest(deps.store, key, cardId, runId))) return { list: 'skipped', outcome: { ...base, reason: 'another run is sending it' } };

    const reference = deps.config.connectorUrl ? { ...r.conversation.reference, serviceUrl: deps.config.connectorUrl } : r.conversation.reference;
    let activityId: string | undefined;
    try {
      activityId = await withRetry(
        async () => {
          await this.parts.pacer.acquire(r.conversation.conversationId, r.conversation.tenantId ?? '');
          return this.parts.sender.send(reference, { attachments: [attachmentOf(card)] });
        },
        {
          policy: this.parts.retry,
          clock: this.parts.clock,
          onRetry: (attempt, error, waitMs) => deps.logger.warn({ ...base, attempt, waitMs, err: error }, 'digest send failed; retrying'),
        },
      );
    } catch (error) {
      this.parts.hooks?.onSendOutcome?.(false, key, message(error));
      deps.logger.error({ ...base, err: error }, 'digest could not be sent; it will be retried');
      await completeDigest(deps.store, key, { status: 'failed', reason: message(error) });
      return { list: 'failed', outcome: { ...base, reason: message(error) } };
    }
    this.parts.hooks?.onSendOutcome?.(true, key);
    await this.parts.hooks?.afterSend?.(++this.sends, key);
    await completeDigest(deps.store, key, { status: 'sent', activityId: activityId ?? null, snapshot });
    deps.logger.info({ ...base, activityId }, 'digest sent');
    return { list: 'sent', outcome: { ...base, activityId } };
  }
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
