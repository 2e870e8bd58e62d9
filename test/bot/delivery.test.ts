import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimDigest, completeDigest, getLedgerEntry, holdInterrupted, listLedger, planDigest, reviewHeld } from '../../api/adapters/store/digest-ledger.ts';
import { saveConversation } from '../../api/adapters/store/bot-conversations.ts';
import { Pacer, type Clock } from '../../bot/digest/pacing.ts';
import { backoffMs, DEFAULT_RETRY, isRetryable, withRetry } from '../../bot/digest/retry.ts';
import { DigestRunner } from '../../bot/digest/run.ts';
import { catchUpZones, DigestSchedule } from '../../bot/digest/schedule.ts';
import { localMinutes } from '../../bot/local-time.ts';

import { DeliveryError, type OutgoingMessage, type ProactiveSender } from '../../bot/turn.ts';
import { openWorld, quietLogger, type World } from './world.ts';

/** A clock whose sleeps advance it instantly and are recorded. */
function fakeClock(start = 0): Clock & { sleeps: number[] } {
  let now = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => now,
    sleep: async (ms) => {
      sleeps.push(ms);
      now += ms;
    },
  };
}

describe('pacing under Teams limits', () => {
  it('never lets more than 7 messages a second into one conversation', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(clock);
    const times: number[] = [];
    for (let i = 0; i < 22; i++) {
      await pacer.acquire('conv-1', 'tenant');
      times.push(clock.now());
    }
    for (let i = 7; i < times.length; i++) expect(times[i] - times[i - 7]).toBeGreaterThanOrEqual(1000 - 1);
    // …and still sends at close to that rate.
    expect(times[21]).toBeLessThan(4000);
  });

  it('never lets more than 30 requests a second into one tenant, across conversations', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(clock);
    const times: number[] = [];
    for (let i = 0; i < 95; i++) {
      await pacer.acquire(`conv-${i}`, 'tenant');
      times.push(clock.now());
    }
    for (let i = 30; i < times.length; i++) expect(times[i] - times[i - 30]).toBeGreaterThanOrEqual(1000 - 1);
    expect(times[94]).toBeLessThan(4000);
    // Another tenant is not slowed down by this one.
    const before = clock.now();
    await pacer.acquire('conv-x', 'other-tenant');
    expect(clock.now()).toBe(before);
  });
});

describe('retries with backoff and jitter', () => {
  it('retries 429, 412, 502, 504, other 5xx and no answer; not 403 or 404', () => {
    for (const status of [429, 412, 500, 502, 503, 504, null]) expect(isRetryable(new DeliveryError('x', status, null))).toBe(true);
    for (const status of [400, 401, 403, 404]) expect(isRetryable(new DeliveryError('x', status, null))).toBe(false);
    expect(isRetryable(new Error('a bug'))).toBe(false);
  });

  it('backs off exponentially with full jitter, capped, and waits at least what Retry-After says', () => {
    expect(backoffMs(1, DEFAULT_RETRY, () => 0.5, null)).toBe(500);
    expect(backoffMs(3, DEFAULT_RETRY, () => 0.5, null)).toBe(2000);
    expect(backoffMs(10, DEFAULT_RETRY, () => 0.999, null)).toBeLessThan(30_000);
    expect(backoffMs(1, DEFAULT_RETRY, () => 0, 7000)).toBe(7000);
  });

  it('gives up after the last attempt and rethrows', async () => {
    const clock = fakeClock();
    let calls = 0;
    const failing = withRetry(
      async () => {
        calls++;
        throw new DeliveryError('throttled', 429, 1000);
      },
      { policy: { attempts: 4, baseMs: 100, maxMs: 1000 }, clock, random: () => 0 },
    );
    await expect(failing).rejects.toThrow('throttled');
    expect(calls).toBe(4);
    expect(clock.sleeps).toEqual([1000, 1000, 1000]);
  });
});

/** Records sends; fails the scripted ones. */
class FakeSender implements ProactiveSender {
  readonly sent: { conversation: string; message: OutgoingMessage }[] = [];
  failures: (number | null)[] = [];
  async send(reference: Readonly<Record<string, unknown>>, message: OutgoingMessage): Promise<string> {
    const failure = this.failures.shift();
    if (failure !== undefined) throw new DeliveryError(`status ${failure}`, failure, null);
    const conversation = (reference.conversation as { id: string }).id;
    this.sent.push({ conversation, message });
    return `activity-${this.sent.length}`;
  }
}

async function install(world: World, userId: string, name: string): Promise<void> {
  await saveConversation(world.store, {
    userId,
    userName: name,
    upn: null,
    tenantId: 'tenant-1',
    conversationId: `a:${userId}`,
    serviceUrl: 'https://connector.invalid/',
    reference: { conversation: { id: `a:${userId}` }, user: { id: `29:${userId}` }, serviceUrl: 'https://connector.invalid/', channelId: 'msteams' },
    locale: 'en-US',
  });
}

describe('the digest ledger', () => {
  let world: World;
  let sender: FakeSender;
  let runner: DigestRunner;
  beforeEach(async () => {
    world = await openWorld();
    sender = new FakeSender();
    runner = new DigestRunner({ deps: world.deps, sender, pacer: new Pacer(fakeClock()), clock: fakeClock(), retry: { attempts: 3, baseMs: 1, maxMs: 2 } });
    await install(world, 'aad-camille', 'Camille Laurent');
    await install(world, 'aad-james', 'James Whitaker');
    await install(world, 'aad-stefan', 'Stefan Hoffmann');
    await install(world, 'aad-nobody', 'Somebody Else');
  });
  afterEach(() => world.close());

  it('sends one digest per recipient and local day, however often it runs', async () => {
    const first = await runner.run({ trigger: 'schedule' });
    expect(first.sent.map((s) => `${s.kind}:${s.recipient}:${s.day}`).sort()).toEqual([
      'collector:Camille Laurent:2026-11-23',
      'collector:James Whitaker:2026-11-23',
      'manager:Stefan Hoffmann:2026-11-23',
    ]);
    expect(first.skipped).toEqual([{ kind: null, recipient: 'Somebody Else', reason: 'no collector is mapped to this Teams user' }]);
    const second = await runner.run({ trigger: 'admin' });
    expect(second.sent).toEqual([]);
    expect(second.skipped.filter((s) => s.reason === 'already sent today')).toHaveLength(3);
    expect(sender.sent).toHaveLength(3);
    const ledger = await listLedger(world.store, { day: '2026-11-23' });
    expect(ledger.map((e) => e.status)).toEqual(['sent', 'sent', 'sent']);
    expect(ledger.every((e) => e.attempts === 1 && e.activityId !== null)).toBe(true);
  });

  it('a failed send is recorded and retried by the next pass (and only then)', async () => {
    sender.failures = [503, 503, 503];
    const first = await runner.run({ trigger: 'admin', person: 'James Whitaker' });
    expect(first.failed).toEqual([{ kind: 'collector', recipient: 'James Whitaker', day: '2026-11-23', reason: 'status 503' }]);
    expect(await getLedgerEntry(world.store, { kind: 'collector', recipient: 'James Whitaker', day: '2026-11-23' })).toMatchObject({ status: 'failed', attempts: 1 });
    const retry = await runner.run({ trigger: 'retry' });
    expect(retry.sent.map((s) => s.recipient)).toEqual(['James Whitaker']);
    expect(retry.skipped).toEqual([]);
    expect(await getLedgerEntry(world.store, { kind: 'collector', recipient: 'James Whitaker', day: '2026-11-23' })).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('no message when there is nothing to say (unless configured), recorded as skipped', async () => {
    await world.close();
    world = await openWorld({ invoices: [{ id: 'INV-9', collector: 'James Whitaker', customer: 'Paid Ltd', currency: 'GBP', amount: 10, posted: '2024-06-01', due: '2024-07-30' }] });
    await install(world, 'aad-james', 'James Whitaker');
    runner = new DigestRunner({ deps: world.deps, sender, pacer: new Pacer(fakeClock()), clock: fakeClock(), retry: DEFAULT_RETRY });
    const report = await runner.run({ trigger: 'admin', person: 'James Whitaker' });
    expect(report.skipped).toEqual([{ kind: 'collector', recipient: 'James Whitaker', day: '2026-11-23', reason: 'nothing to say' }]);
    expect(sender.sent).toEqual([]);
  });

  it('a send left unconfirmed by a crash is held for review, never resent; a reviewer can release it', async () => {
    const key = { kind: 'collector' as const, recipient: 'Camille Laurent', day: '2026-11-23' };
    await planDigest(world.store, key, 'aad-camille', 'run-before-crash');
    expect(await claimDigest(world.store, key, 'card-1', 'run-before-crash')).toBe(true);
    // …the process died here. At start-up:
    const held = await holdInterrupted(world.store, 'interrupted');
    expect(held.map((h) => h.recipient)).toEqual(['Camille Laurent']);
    const report = await runner.run({ trigger: 'catch-up' });
    expect(report.held).toEqual([{ kind: 'collector', recipient: 'Camille Laurent', day: '2026-11-23', reason: 'interrupted' }]);
    expect(sender.sent.map((s) => s.conversation)).not.toContain('a:aad-camille');

    await reviewHeld(world.store, key, 'resend', 'Rachel');
    const again = await runner.run({ trigger: 'admin', person: 'Camille Laurent' });
    expect(again.sent.map((s) => s.recipient)).toEqual(['Camille Laurent']);
  });

  it('two runs at once claim each digest once', async () => {
    const [a, b] = await Promise.all([runner.run({ trigger: 'schedule' }), runner.run({ trigger: 'admin' })]);
    expect(a.sent.length + b.sent.length).toBe(3);
    expect(sender.sent).toHaveLength(3);
  });

  it('completing a row another run did not claim changes nothing', async () => {
    const key = { kind: 'collector' as const, recipient: 'James Whitaker', day: '2026-11-23' };
    await runner.run({ trigger: 'admin', person: 'James Whitaker' });
    await completeDigest(world.store, key, { status: 'failed', reason: 'late echo' });
    expect(await getLedgerEntry(world.store, key)).toMatchObject({ status: 'sent' });
  });
});

describe('schedule', () => {
  it('fires at the digest time in each zone, one croner job per zone in use', () => {
    const schedule = new DigestSchedule('08:30', async () => undefined, quietLogger);
    schedule.sync(['Europe/Paris', 'Asia/Tokyo']);
    try {
      for (const zone of ['Europe/Paris', 'Asia/Tokyo']) expect(localMinutes(schedule.nextRun(zone)!.getTime(), zone)).toBe(8 * 60 + 30);
      schedule.sync(['Asia/Tokyo']);
      expect(schedule.zones()).toEqual(['Asia/Tokyo']);
    } finally {
      schedule.stop();
    }
  });

  it('catches up after a restart only in zones whose digest time passed within the window', () => {
    const now = Date.parse('2026-11-23T10:30:00Z');
    const zones = ['Europe/Paris', 'America/New_York', 'Asia/Tokyo', 'UTC'];
    // Paris 11:30 and UTC 10:30 are past 08:00; New York (05:30) is not yet; Tokyo (19:30) is past the 6 hours.
    expect([...catchUpZones(zones, now, '08:00', 6)].sort()).toEqual(['Europe/Paris', 'UTC']);
  });
});
