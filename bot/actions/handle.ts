import { scopeOf } from '../../api/access/scope.ts';
import { recordEvent } from '../../api/adapters/store/recorded-events.ts';
import { caseIndexOf } from '../../api/engine/index.ts';
import type { AdaptiveCard } from '../cards/index.ts';
import { redraw } from '../cards-store.ts';
import { openAt } from '../digest/case-state.ts';
import type { Message } from '../i18n.ts';
import type { TurnContext } from '../turn-context.ts';
import type { CardAction } from './envelope.ts';
import { eventOf, TEAMS_SOURCE } from './events.ts';
import { idempotencyKey } from './idempotency.ts';
import { validateAction } from './validate.ts';
import { accountLabel } from '../user.ts';

export type ActionOutcome =
  | { readonly kind: 'card'; readonly card: AdaptiveCard; readonly recorded: boolean }
  /** No card to draw (unknown or expired): a short message instead. */
  | { readonly kind: 'message'; readonly message: Message };

/**
 * A button on a card: checked (who may act on the invoice, what was typed), stored as an event of
 * the invoice with source Teams (once per card item, action and user), and the card drawn again
 * with what is now done, or with the error on the item.
 */
export async function handleCardAction(ctx: TurnContext, action: CardAction): Promise<ActionOutcome> {
  const { deps, viewer } = ctx;
  const { data } = action;
  const show = async (error?: { invoice: string; message: Message }): Promise<ActionOutcome> => {
    const drawn = await redraw(deps, data.card, viewer, error);
    return drawn ? { kind: 'card', card: drawn.card, recorded: false } : { kind: 'message', message: { key: 'bot.error.cardExpired' } };
  };
  if (data.verb === 'refresh' || data.invoice === undefined) return show();
  const invoice = data.invoice;
  const drawn = await redraw(deps, data.card, viewer);
  if (!drawn) return { kind: 'message', message: { key: 'bot.error.cardExpired' } };
  if (!ctx.identity) return show({ invoice, message: { key: 'bot.error.noPerson', params: { user: accountLabel(ctx.user) } } });

  const analysis = await deps.current();
  const c = analysis && analysis.logId === drawn.model.logId ? caseIndexOf(analysis.log, invoice) : -1;
  if (!analysis || c < 0) return { kind: 'message', message: { key: 'bot.error.cardExpired' } };
  const scope = scopeOf(analysis.log, ctx.identity, deps.directory());
  if (scope !== null && !scope[c]) return show({ invoice, message: { key: 'bot.error.notAllowed' } });

  const open = openAt(analysis, c, analysis.asOf);
  const checked = validateAction(data.verb, action.input, { today: viewer.today, maxAmount: open !== null && open === open ? open : null });
  if (!checked.ok) return show({ invoice, message: checked.error });

  const person = ctx.identity.person ?? ctx.user.name ?? ctx.user.userId;
  const { activity, attributes } = eventOf(checked.action, { person, today: viewer.today });
  const { created } = await recordEvent(deps.store, {
    logId: analysis.logId,
    invoice,
    activity,
    time: deps.now(),
    attributes,
    source: TEAMS_SOURCE,
    recordedBy: ctx.user.userId,
    cardId: data.card,
    idempotencyKey: idempotencyKey(data.card, invoice, data.verb, ctx.user.userId),
  });
  deps.logger.info({ invoice, activity, created, user: ctx.user.userId }, created ? 'Teams action recorded' : 'Teams action already recorded');
  const after = await redraw(deps, data.card, viewer);
  return after ? { kind: 'card', card: after.card, recorded: created } : { kind: 'message', message: { key: 'bot.error.cardExpired' } };
}
