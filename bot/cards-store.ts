import { randomUUID } from 'node:crypto';
import { getCard, saveCard } from '../api/adapters/store/bot-cards.ts';
import { recordedEventsOfCard } from '../api/adapters/store/recorded-events.ts';
import { caseIndexOf, Column } from '../api/engine/index.ts';
import { cardStateOf } from './actions/events.ts';
import { renderCard, type AdaptiveCard, type CardModel, type CardState } from './cards/index.ts';
import type { BotDeps } from './deps.ts';
import type { Message, Speech } from './i18n.ts';

/** Who a card is drawn for: their language, their today, their Teams id (for card refresh). */
export interface Viewer {
  readonly speech: Speech;
  readonly today: string;
  readonly channelUserId: string | null;
}

/** Stores the model under a new (or given) card id and draws it: every card the bot sends can be redrawn later. */
export async function newCard(deps: BotDeps, model: CardModel, viewer: Viewer, cardId: string = `${model.kind}:${randomUUID()}`): Promise<{ cardId: string; card: AdaptiveCard }> {
  await saveCard(deps.store, { cardId, kind: model.kind, model });
  return { cardId, card: draw(deps, cardId, model, viewer, { done: new Map() }) };
}

/** A stored card as it stands now: its model, what was recorded from it, and an action's error. Undefined when unknown. */
export async function redraw(deps: BotDeps, cardId: string, viewer: Viewer, error?: { invoice: string; message: Message }): Promise<{ card: AdaptiveCard; model: CardModel } | undefined> {
  const stored = await getCard(deps.store, cardId);
  if (!stored) return undefined;
  const model = stored.model as CardModel;
  const analysis = await deps.current();
  const currencyOf = (invoice: string) => {
    if (!analysis || analysis.logId !== model.logId) return null;
    const c = caseIndexOf(analysis.log, invoice);
    return c < 0 ? null : analysis.text(Column.InvoiceCurrency, c);
  };
  const state: CardState = { ...cardStateOf(await recordedEventsOfCard(deps.store, cardId), currencyOf), ...(error ? { error } : {}) };
  return { card: draw(deps, cardId, model, viewer, state), model };
}

function draw(deps: BotDeps, cardId: string, model: CardModel, viewer: Viewer, state: CardState): AdaptiveCard {
  return renderCard(model, {
    speech: viewer.speech,
    links: deps.config.links,
    cardId,
    state,
    today: viewer.today,
    refreshUserIds: viewer.channelUserId ? [viewer.channelUserId] : [],
  });
}
