import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { getConversation, listConversations } from '../../api/adapters/store/bot-conversations.ts';
import { decodeFilter } from '../../api/contracts/filter-encoding.ts';
import { parseRoute } from '../../tabs/src/app/route.ts';
import { botFor, cardOf, elementsOf, textsOf } from './teams-user.ts';
import { mapUser, openWorld, type World } from './world.ts';

const camille = { aadObjectId: 'aad-camille', name: 'Camille Laurent' };

describe('chat commands (botbuilder TestAdapter)', () => {
  let world: World;
  beforeEach(async () => {
    world = await openWorld();
  });
  afterEach(() => world.close());

  it('help lists the commands in English, and in French with the French command words', async () => {
    const [en] = await botFor(world, camille).say({ type: 'message', text: 'help' });
    const enTexts = textsOf(cardOf(en)).join('\n');
    expect(enTexts).toContain('What I can do');
    expect(enTexts).toContain('**overdue**: your overdue invoices');
    expect(enTexts).toContain('08:00');
    expect(enTexts).toContain('Europe/Paris');

    const [fr] = await botFor(world, { ...camille, locale: 'fr-FR' }).say({ type: 'message', text: 'aide' });
    const frTexts = textsOf(cardOf(fr)).join('\n');
    expect(frTexts).toContain('Ce que je sais faire');
    expect(frTexts).toContain('**retards** : vos factures échues');
  });

  it('digest now: overdue count and total, top items with a deep link to the tab, missed steps, broken promises, changes', async () => {
    const replies = await botFor(world, camille).say({ type: 'message', text: 'digest' });
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0]);
    expect(card.version).toBe('1.5');
    const texts = textsOf(card);
    expect(texts).toContain('3 invoices overdue, $19,224 in total');
    expect(texts).toContain('**INV-1001** · Fabrikam SA');
    expect(texts).toContain('Open €12,000 · 60 days overdue');
    // Missed steps say what should have happened, and by when.
    expect(texts).toContain('**INV-1002** · Northwind SARL: Reminder Sent should have happened by Jun 18, 2024');
    expect(texts).toContain('**INV-1001** · Fabrikam SA: Collection Contact Made should have happened by May 23, 2024');
    expect(texts).toContain('**INV-1001** · Fabrikam SA: €12,000 promised for May 20, 2024; no payment since');
    expect(texts.join('\n')).toContain('1 invoice newly overdue');

    // Each item opens the tab's filtered view of that invoice: the tab's own parser reads the link.
    const links = elementsOf(card, 'Action.OpenUrl').map((a) => String(a.url));
    expect(links).toHaveLength(3);
    const route = parseRoute(new URL(links[0]).search);
    expect(route.view).toBe('cases');
    expect(route.invoice).toBe('INV-1001');
    expect(route.log).toBe(world.info.id);
    expect(route.filter).toEqual({ filters: [{ kind: 'attribute', attribute: 'CustomerId', values: ['C-FabrikamSA'] }] });
    expect(decodeFilter(new URL(links[0]).searchParams.get('filter')!)).toEqual(route.filter);
  });

  it('overdue lists the collector’s overdue invoices by priority; promises shows the broken one', async () => {
    const bot = botFor(world, camille);
    const [overdue] = await bot.say({ type: 'message', text: 'overdue' });
    const titles = textsOf(cardOf(overdue)).filter((t) => t.startsWith('**INV-'));
    expect(titles).toEqual(['**INV-1001** · Fabrikam SA', '**INV-1002** · Northwind SARL', '**INV-1005** · Northwind SARL']);

    const [promises] = await bot.say({ type: 'message', text: 'promises' });
    const texts = textsOf(cardOf(promises));
    expect(texts).toContain('Broken promises');
    expect(texts).toContain('**INV-1001** · Fabrikam SA: €12,000 promised for May 20, 2024; no payment since');
  });

  it('an invoice number answers with its status and path; another collector’s invoice is not found', async () => {
    const bot = botFor(world, camille);
    const [status] = await bot.say({ type: 'message', text: 'inv-1002' });
    const card = cardOf(status);
    const texts = textsOf(card);
    expect(texts[0]).toBe('Timeline of INV-1002');
    const factSet = elementsOf(card, 'FactSet')[0].facts as { title: string; value: string }[];
    expect(factSet).toContainEqual({ title: 'Status', value: 'Overdue' });
    expect(factSet).toContainEqual({ title: 'Days overdue', value: '16' });
    const path = texts.find((t) => t.startsWith('- '))!;
    expect(path.split('\n')).toEqual(['- May 15, 2024: Invoice Posted', '- Jun 15, 2024: Payment Due Date Passed *']);
    expect(texts.join('\n')).toContain('1. A Reminder Sent within 3 days after Payment Due Date Passed (a dispute stops the clock). (Missing)');

    const [hidden] = await bot.say({ type: 'message', text: 'INV-2001' });
    expect(hidden.text).toBe('I found no invoice INV-2001 among your invoices.');
    const [nonsense] = await bot.say({ type: 'message', text: 'what is this' });
    expect(nonsense.text).toBe('I did not understand “what is this”. Type help to see what I can do.');
  });

  it('a user the organisation does not know is told to ask for a mapping; the admin mapping (by Entra object id) fixes it', async () => {
    const stranger = { aadObjectId: 'aad-c-laurent', name: 'C. Laurent' };
    const [before] = await botFor(world, stranger).say({ type: 'message', text: 'digest' });
    expect(before.text).toBe('I do not know which collector you are. Ask an administrator to map your Teams account (C. Laurent, aad-c-laurent) to a collector.');
    await mapUser(world, 'aad-c-laurent', 'Camille Laurent');
    const [after] = await botFor(world, stranger).say({ type: 'message', text: 'digest' });
    expect(textsOf(cardOf(after))).toContain('3 invoices overdue, $19,224 in total');
  });

  it('a manager’s digest shows team totals, adherence, worst rules and last week', async () => {
    const [reply] = await botFor(world, { aadObjectId: 'aad-stefan', name: 'Stefan Hoffmann' }).say({ type: 'message', text: 'digest' });
    const card = cardOf(reply);
    const texts = textsOf(card);
    expect(texts).toContain('Collections Team EMEA');
    const facts = elementsOf(card, 'FactSet')[0].facts as { title: string; value: string }[];
    expect(facts).toContainEqual({ title: 'Overdue invoices', value: '4 (last week 3)' });
    expect(facts).toContainEqual({ title: 'Adherence', value: '40% (last week 25%)' });
    expect(texts).toContain('1. A Reminder Sent within 3 days after Payment Due Date Passed (a dispute stops the clock).');
  });

  it('install stores the conversation reference (linked to the collector) and welcomes; first message works too; uninstall removes it', async () => {
    const bot = botFor(world, camille);
    const [welcome] = await bot.say({ type: 'installationUpdate', action: 'add' });
    expect(welcome.text).toBe('Hello Camille Laurent! I will send you a collections digest every day at 08:00 (Europe/Paris) when something needs your attention.');
    const stored = await getConversation(world.store, 'aad-camille');
    expect(stored).toMatchObject({ conversationId: 'a:personal-aad-camille', userName: 'Camille Laurent', tenantId: 'tenant-1', locale: 'en-US' });
    expect(stored!.reference).toMatchObject({ conversation: { id: 'a:personal-aad-camille' }, user: { id: '29:aad-camille' } });
    expect(stored!.reference.activityId).toBeUndefined();

    await bot.say({ type: 'installationUpdate', action: 'remove' });
    expect(await listConversations(world.store)).toEqual([]);

    await botFor(world, { aadObjectId: 'aad-james', name: 'James Whitaker' }).say({ type: 'message', text: 'help' });
    expect((await listConversations(world.store)).map((c) => c.userId)).toEqual(['aad-james']);
  });

  it('answers in Simplified Chinese from the same catalogue', async () => {
    const [reply] = await botFor(world, { ...camille, locale: 'zh-CN' }).say({ type: 'message', text: '逾期' });
    expect(textsOf(cardOf(reply))[0]).toBe('您的逾期发票');
  });
});
