import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { listRecordedEvents } from '../../api/adapters/store/recorded-events.ts';
import { caseTimeline } from '../../api/engine/index.ts';
import { botFor, cardOf, actionOf, executeInvoke, textsOf, type BotUnderTest } from './teams-user.ts';
import { openWorld, type World } from './world.ts';

const camille = { aadObjectId: 'aad-camille', name: 'Camille Laurent' };

type Json = Record<string, unknown>;

/** The card in an adaptiveCard/action invoke response. */
function invokeCard(replies: Json[]): Json {
  const response = replies.find((r) => r.type === 'invokeResponse');
  if (!response) throw new Error('no invoke response');
  const value = response.value as { status: number; body: { statusCode: number; type: string; value: Json } };
  expect(value.status).toBe(200);
  expect(value.body.statusCode).toBe(200);
  expect(value.body.type).toBe('application/vnd.microsoft.card.adaptive');
  return value.body.value;
}

describe('card actions (botbuilder TestAdapter)', () => {
  let world: World;
  let bot: BotUnderTest;
  let digest: Json;
  beforeEach(async () => {
    world = await openWorld();
    bot = botFor(world, camille);
    digest = cardOf((await bot.say({ type: 'message', text: 'digest' }))[0]);
  });
  afterEach(() => world.close());

  it('mark contacted: validated, stored once as an event with source Teams, the card updated in place; a double click records one event', async () => {
    const data = actionOf(digest, 'contacted', 'INV-1002');
    const first = invokeCard(await bot.say(executeInvoke(data, { 'note-1': 'Called AP, invoice approved' })));
    expect(textsOf(first)).toContain('✓ Contact logged: Called AP, invoice approved');
    const second = invokeCard(await bot.say(executeInvoke(data, { 'note-1': 'Called AP, invoice approved' })));
    expect(second).toEqual(first);

    const events = await listRecordedEvents(world.store, world.info.id);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      invoice: 'INV-1002',
      activity: 'Collection Contact Made',
      source: 'Teams',
      recordedBy: 'aad-camille',
      attributes: { SourceSystem: 'Teams', Resource: 'Camille Laurent', Note: 'Called AP, invoice approved' },
    });
  });

  it('log a promise to pay: it appears in the next mining result, and the broken promise it replaces leaves the digest', async () => {
    const data = actionOf(digest, 'promise', 'INV-1001');
    const card = invokeCard(await bot.say(executeInvoke(data, { 'date-0': '2026-12-15', 'amount-0': '6000' })));
    expect(textsOf(card)).toContain('✓ Promise to pay logged: €6,000 by Dec 15, 2026');

    const log = await world.logs.get(world.info);
    const timeline = caseTimeline(log, 'INV-1001')!;
    const promises = timeline.events.filter((e) => e.activity === 'Promise to Pay Received');
    expect(promises).toHaveLength(2);
    expect(promises[1].attributes).toMatchObject({ SourceSystem: 'Teams', PromiseAmount: 6000, PromiseDate: Date.parse('2026-12-15') });
    expect(promises[1].derivedRule).toBeNull();

    const next = textsOf(cardOf((await bot.say({ type: 'message', text: 'digest' }))[0]));
    expect(next.some((t) => t.includes('promised for May 20, 2024'))).toBe(false);
    expect(next).not.toContain('Broken promises');
  });

  it('inputs are checked: a past date, an amount above the open balance, an unknown dispute reason are refused on the card, and nothing is stored', async () => {
    const promise = actionOf(digest, 'promise', 'INV-1001');
    const past = invokeCard(await bot.say(executeInvoke(promise, { 'date-0': '2026-11-01', 'amount-0': '100' })));
    expect(textsOf(past)).toContain('The promised date cannot be in the past.');
    const tooMuch = invokeCard(await bot.say(executeInvoke(promise, { 'date-0': '2026-12-01', 'amount-0': '99999' })));
    expect(textsOf(tooMuch)).toContain('Enter an amount greater than 0 and at most 12,000.');
    const dispute = actionOf(digest, 'dispute', 'INV-1002');
    const badReason = invokeCard(await bot.say(executeInvoke(dispute, { 'reason-1': 'because' })));
    expect(textsOf(badReason)).toContain('Pick a reason.');
    expect(await listRecordedEvents(world.store, world.info.id)).toEqual([]);
  });

  it('snooze hides the invoice from the next digest’s top items until the date', async () => {
    const card = invokeCard(await bot.say(executeInvoke(actionOf(digest, 'snooze', 'INV-1001'), { 'days-0': '7' })));
    expect(textsOf(card)).toContain('✓ Snoozed until Nov 30, 2026');
    const next = textsOf(cardOf((await bot.say({ type: 'message', text: 'digest' }))[0]));
    expect(next).not.toContain('**INV-1001** · Fabrikam SA');
    expect(next).toContain('1 snoozed invoice not shown');
    expect(next).toContain('3 invoices overdue, $19,224 in total');
  });

  it('Action.Submit fallback (older clients): the same action arrives as a message and the card message is updated in place', async () => {
    const data = actionOf(digest, 'dispute', 'INV-1005');
    const replies = await bot.say({ type: 'message', replyToId: 'digest-activity-1', value: { ...data, 'reason-2': 'quality', 'detail-2': 'Damaged pallets' } });
    expect(replies).toEqual([]);
    expect(bot.updates).toHaveLength(1);
    expect(bot.updates[0].id).toBe('digest-activity-1');
    expect(textsOf(cardOf(bot.updates[0]))).toContain('✓ Dispute registered: Quality or damage');
    const [event] = await listRecordedEvents(world.store, world.info.id);
    expect(event).toMatchObject({ activity: 'Dispute Registered', attributes: { DisputeReason: 'Quality or damage', Note: 'Damaged pallets', SourceSystem: 'Teams' } });
  });

  it('another collector cannot act on an invoice that is not theirs, even with a crafted action', async () => {
    const data = actionOf(digest, 'contacted', 'INV-1002');
    const james = botFor(world, { aadObjectId: 'aad-james', name: 'James Whitaker' });
    const card = invokeCard(await james.say(executeInvoke(data, {})));
    expect(textsOf(card)).toContain('That invoice is not among the invoices you can act on.');
    expect(await listRecordedEvents(world.store, world.info.id)).toEqual([]);
  });

  it('a card Teams refreshes is drawn in the clicking user’s language, with what was done', async () => {
    await bot.say(executeInvoke(actionOf(digest, 'contacted', 'INV-1002'), {}));
    const french = botFor(world, { ...camille, locale: 'fr-FR' });
    const refresh = { app: 'collections-lens', verb: 'refresh', card: actionOf(digest, 'contacted', 'INV-1002').card };
    const card = invokeCard(await french.say({ type: 'invoke', name: 'adaptiveCard/action', value: { action: { type: 'Action.Execute', verb: 'refresh', data: refresh }, trigger: 'automatic' } }));
    expect(textsOf(card)).toContain('✓ Contact enregistré');
  });
});
