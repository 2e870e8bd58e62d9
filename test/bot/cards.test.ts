import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../api/engine/index.ts';
import { initialSearch, parseRoute } from '../../tabs/src/app/route.ts';
import { renderCard, type CardModel, type CardState } from '../../bot/cards/index.ts';
import type { TabLinkConfig } from '../../bot/config.ts';
import { analyse } from '../../bot/digest/analysis.ts';
import { changesBetween, composeCollectorDigest } from '../../bot/digest/compose.ts';
import { speechFor } from '../../bot/i18n.ts';
import { elementsOf, textsOf } from './teams-user.ts';
import { INVOICES, logOf } from './world.ts';

type Json = Record<string, unknown>;

const LINKS: TabLinkConfig = { webUrl: 'https://lens.contoso.com/', teamsAppId: null, entityId: 'collections-lens' };
const analysis = analyse(logOf(INVOICES), 'log-1', DEFAULT_POLICY);
const { digest } = composeCollectorDigest(analysis, 'Camille Laurent', { day: '2026-11-23', topItems: 5, previous: null });

function draw(model: CardModel, locale = 'en-US', state: CardState = { done: new Map() }, links = LINKS): Json {
  return renderCard(model, { speech: speechFor(locale), links, cardId: 'digest:collector:Camille Laurent:2026-11-23', state, today: '2026-11-23', refreshUserIds: ['29:camille'] }) as unknown as Json;
}

describe('Adaptive Card builders (pure, no network)', () => {
  it('are Adaptive Cards 1.5 that read on a phone: text wraps, few actions per row, well under the Teams size limit', () => {
    const card = draw(digest);
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.5', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    const blocks = elementsOf(card, 'TextBlock');
    expect(blocks.length).toBeGreaterThan(10);
    expect(blocks.every((b) => b.wrap === true)).toBe(true);
    expect(elementsOf(card, 'ColumnSet')).toEqual([]);
    for (const set of elementsOf(card, 'ActionSet')) expect((set.actions as unknown[]).length).toBeLessThanOrEqual(5);
    expect(JSON.stringify(card).length).toBeLessThan(28 * 1024);
  });

  it('every action is an Action.Execute with an Action.Submit fallback carrying the same data; input ids are unique', () => {
    const card = draw(digest);
    const executes = elementsOf(card, 'Action.Execute').filter((e) => e.verb !== 'refresh');
    expect(executes.map((e) => e.verb).sort()).toEqual(['contacted', 'contacted', 'contacted', 'dispute', 'dispute', 'dispute', 'promise', 'promise', 'promise', 'snooze', 'snooze', 'snooze']);
    for (const e of executes) {
      expect(e.fallback).toEqual({ type: 'Action.Submit', title: e.title, data: e.data, associatedInputs: 'auto' });
      expect(e.data).toMatchObject({ app: 'collections-lens', verb: e.verb, card: 'digest:collector:Camille Laurent:2026-11-23' });
    }
    const ids = ['Input.Date', 'Input.Number', 'Input.Text', 'Input.ChoiceSet'].flatMap((type) => elementsOf(card, type).map((i) => i.id));
    expect(new Set(ids).size).toBe(ids.length);
    // A promise date before the user's today cannot be picked.
    expect(elementsOf(card, 'Input.Date').every((i) => i.min === '2026-11-23')).toBe(true);
    // Teams asks the bot for the current card when the user views it.
    expect(card.refresh).toMatchObject({ action: { type: 'Action.Execute', verb: 'refresh' }, userIds: ['29:camille'] });
  });

  it('inside Teams, item links are deep links to the tab whose subEntityId is the tab’s own query string', () => {
    const card = draw(digest, 'fr-FR', { done: new Map() }, { ...LINKS, teamsAppId: '00000000-1111-2222-3333-444444444444' });
    const url = new URL(String(elementsOf(card, 'Action.OpenUrl')[0].url));
    expect(url.origin + url.pathname).toBe('https://teams.microsoft.com/l/entity/00000000-1111-2222-3333-444444444444/collections-lens');
    const sub = (JSON.parse(url.searchParams.get('context')!) as { subEntityId: string }).subEntityId;
    const route = parseRoute(initialSearch('', sub));
    expect(route).toMatchObject({ view: 'cases', log: 'log-1', invoice: 'INV-1001', lang: 'fr' });
    expect(new URL(url.searchParams.get('webUrl')!).searchParams.get('invoice')).toBe('INV-1001');
  });

  it('shows what was done on an item and an action’s error, in the viewer’s language', () => {
    const state: CardState = {
      done: new Map([['INV-1001', [{ verb: 'promise', date: Date.parse('2026-12-15'), amount: 6000, currency: 'EUR' }]]]),
      error: { invoice: 'INV-1002', message: { key: 'bot.error.datePast' } },
    };
    // French puts (narrow) no-break spaces in numbers and before the currency.
    const fr = textsOf(draw(digest, 'fr-FR', state)).map((t) => t.replace(/[\u00a0\u202f]/g, ' '));
    expect(fr).toContain('✓ Promesse de paiement enregistrée : 6 000 € pour le 15 déc. 2026');
    expect(fr).toContain('La date promise ne peut pas être passée.');
    const zh = textsOf(draw(digest, 'zh-CN', state));
    expect(zh[0]).toBe('您的催收摘要（2026年11月23日）');
    expect(zh).toContain('承诺日期不能早于今天。');
  });
});

describe('digest composition (pure)', () => {
  it('compares with the previous digest when there is one', () => {
    const { digest: today } = composeCollectorDigest(analysis, 'Camille Laurent', {
      day: '2026-11-23',
      topItems: 5,
      previous: { day: '2026-11-22', snapshot: { overdue: { 'INV-1001': 12960, 'INV-0999': 100 }, broken: [] } },
    });
    expect(today.changes).toEqual({ since: '2026-11-22', newOverdue: 2, closed: 1, newBroken: 1, totalDelta: 19224 - 13060 });
    expect(changesBetween('d', { overdue: { A: 1 }, broken: ['A'] }, { overdue: { A: 1 }, broken: ['A'] })).toEqual({ since: 'd', newOverdue: 0, closed: 0, newBroken: 0, totalDelta: 0 });
  });

  it('has nothing to say for a collector with nothing overdue, missed or broken', () => {
    const quiet = composeCollectorDigest(analysis, 'Nobody At All', { day: '2026-11-23', topItems: 5, previous: null });
    expect(quiet.empty).toBe(true);
    expect(composeCollectorDigest(analysis, 'James Whitaker', { day: '2026-11-23', topItems: 5, previous: null }).empty).toBe(false);
  });

  it('limits the top items and keeps the worklist’s order', () => {
    const { digest: two } = composeCollectorDigest(analysis, 'Camille Laurent', { day: '2026-11-23', topItems: 2, previous: null });
    expect(two.items.map((i) => i.invoice)).toEqual(['INV-1001', 'INV-1002']);
    expect(two.overdueCount).toBe(3);
  });
});
