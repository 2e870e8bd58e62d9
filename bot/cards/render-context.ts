import type { TabLinkConfig } from '../config.ts';
import type { Speech } from '../i18n.ts';
import { adaptiveCard, type AdaptiveCard, type CardElement } from './adaptive.ts';
import { ACTION_MARK, REFRESH_VERB, type ActionData } from './action-data.ts';
import type { CardState } from './model.ts';

/** Everything a card builder needs besides its model: pure inputs, so cards are tested without a network. */
export interface RenderContext {
  readonly speech: Speech;
  readonly links: TabLinkConfig;
  readonly cardId: string;
  readonly state: CardState;
  /** The user's today (YYYY-MM-DD), the earliest date a promise may take. */
  readonly today: string;
  /** Teams user ids (MRI) whose clients fetch the card again when they show it (max 60). */
  readonly refreshUserIds?: readonly string[];
}

/**
 * A card whose actions work: with a refresh action, a user's Teams client asks the bot for the
 * card as it stands now (after a snooze from another device, say) instead of showing a stale one.
 */
export function actionableCard(body: readonly CardElement[], ctx: RenderContext, actions: readonly CardElement[] = []): AdaptiveCard {
  const ids = ctx.refreshUserIds?.slice(0, 60) ?? [];
  const data: ActionData = { app: ACTION_MARK, verb: REFRESH_VERB, card: ctx.cardId };
  const refresh = ids.length > 0 ? { action: { type: 'Action.Execute', verb: REFRESH_VERB, data }, userIds: ids } : undefined;
  return adaptiveCard(body, { actions, refresh });
}

export function actionData(ctx: RenderContext, verb: ActionData['verb'], invoice: string, item: number): ActionData {
  return { app: ACTION_MARK, verb, card: ctx.cardId, invoice, item };
}


/** "12 Mar 2024" for a YYYY-MM-DD day. */
export function dayLabel(ctx: RenderContext, day: string): string {
  return ctx.speech.f.date(Date.parse(`${day}T00:00:00Z`));
}

/** An amount in its currency; without a known currency, a plain number rather than a wrong symbol. */
export function money(ctx: RenderContext, amount: number | null, currency: string | null): string {
  if (amount === null) return ctx.speech.t('value.none');
  return currency ? ctx.speech.f.money(amount, currency) : ctx.speech.f.number(amount, 2);
}
