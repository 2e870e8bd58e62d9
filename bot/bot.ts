import { deleteConversation, getConversation, saveConversation } from '../api/adapters/store/bot-conversations.ts';
import { cardActionOf } from './actions/envelope.ts';
import { handleCardAction } from './actions/handle.ts';
import { CARD_CONTENT_TYPE } from './cards/adaptive.ts';
import { attachmentOf } from './cards/index.ts';
import { answerText } from './commands/index.ts';
import type { BotDeps } from './deps.ts';
import { speechFor } from './i18n.ts';
import { contextOf } from './turn-context.ts';
import type { Turn } from './turn.ts';
import { accountLabel, userOf } from './user.ts';

const ADAPTIVE_CARD_ACTION = 'adaptiveCard/action';

/**
 * The bot's turn logic, SDK-free: install and uninstall (the conversation reference kept for
 * digests), chat commands, and card actions from Action.Execute invokes or Action.Submit messages.
 */
export class CollectionsBot {
  constructor(private readonly deps: BotDeps) {}

  readonly onTurn = async (turn: Turn): Promise<void> => {
    try {
      await this.dispatch(turn);
    } catch (error) {
      this.deps.logger.error({ err: error, type: turn.activity.type }, 'bot could not handle an activity');
      const speech = speechFor(turn.activity.locale);
      if (turn.activity.type === 'invoke') await turn.respondToInvoke(500, { statusCode: 500, type: 'application/vnd.microsoft.error', value: { code: 'InternalError', message: speech.t('bot.error.generic') } });
      else if (turn.activity.type === 'message') await turn.send({ text: speech.t('bot.error.generic') }).catch(() => undefined);
    }
  };

  private async dispatch(turn: Turn): Promise<void> {
    const a = turn.activity;
    const botId = a.recipient?.id;
    switch (a.type) {
      case 'installationUpdate':
        if (a.action?.startsWith('remove')) await this.uninstall(turn);
        else await this.install(turn, true);
        return;
      case 'conversationUpdate':
        if (botId && a.membersAdded?.some((m) => m.id === botId)) await this.install(turn, true);
        if (botId && a.membersRemoved?.some((m) => m.id === botId)) await this.uninstall(turn);
        return;
      case 'message':
        await this.message(turn);
        return;
      case 'invoke':
        if (a.name === ADAPTIVE_CARD_ACTION) await this.execute(turn);
        return;
    }
  }

  /** Personal scope only: a digest is for one person. The reference is refreshed when it changed. */
  private async install(turn: Turn, welcome: boolean): Promise<string | null> {
    const a = turn.activity;
    if (a.conversation.conversationType && a.conversation.conversationType !== 'personal') return null;
    const user = userOf(a);
    const known = await getConversation(this.deps.store, user.userId);
    const reference = turn.conversationReference();
    const unchanged = known && known.conversationId === a.conversation.id && known.serviceUrl === a.serviceUrl && known.locale === (a.locale ?? null);
    // Asked once, at the first contact: the channel's member lookup is a round trip.
    const upn = known ? known.upn : await turn.senderUpn();
    if (!unchanged) {
      await saveConversation(this.deps.store, {
        userId: user.userId,
        userName: user.name,
        upn,
        tenantId: user.tenantId,
        conversationId: a.conversation.id,
        serviceUrl: a.serviceUrl ?? String(reference.serviceUrl ?? ''),
        reference,
        locale: a.locale ?? known?.locale ?? null,
      });
      this.deps.logger.info({ user: user.userId, conversation: a.conversation.id, first: !known }, 'bot conversation stored');
    }
    if (welcome && !known) {
      const ctx = await contextOf(this.deps, turn, upn);
      const { t } = ctx.speech;
      const text = ctx.identity?.person
        ? t('bot.welcome', { name: ctx.identity.person, time: this.deps.config.digest.time, zone: ctx.timeZone })
        : t('bot.error.noPerson', { user: accountLabel({ ...user, upn }) });
      await turn.send({ text });
    }
    return upn;
  }

  private async uninstall(turn: Turn): Promise<void> {
    const user = userOf(turn.activity);
    const removed = await deleteConversation(this.deps.store, user.userId);
    this.deps.logger.info({ user: user.userId, removed }, 'bot uninstalled; conversation reference removed');
  }

  private async message(turn: Turn): Promise<void> {
    const a = turn.activity;
    const upn = await this.install(turn, false);
    const ctx = await contextOf(this.deps, turn, upn);
    const action = cardActionOf(a.value, false);
    if (action) {
      // Action.Submit fallback: the card is the message the click came from.
      const outcome = await handleCardAction(ctx, action);
      if (outcome.kind === 'message') await turn.send({ text: ctx.speech.t(outcome.message.key, outcome.message.params) });
      else if (a.replyToId) await turn.update(a.replyToId, { attachments: [attachmentOf(outcome.card)] });
      else await turn.send({ attachments: [attachmentOf(outcome.card)] });
      return;
    }
    await answerText(ctx, a.text ?? '');
  }

  /** Universal Actions: the invoke's answer is the card Teams shows in place of the clicked one. */
  private async execute(turn: Turn): Promise<void> {
    const known = await getConversation(this.deps.store, userOf(turn.activity).userId);
    const ctx = await contextOf(this.deps, turn, known?.upn ?? null);
    const action = cardActionOf(turn.activity.value, true);
    if (!action) {
      await turn.respondToInvoke(200, { statusCode: 400, type: 'application/vnd.microsoft.error', value: { code: 'BadRequest', message: ctx.speech.t('bot.error.generic') } });
      return;
    }
    const outcome = await handleCardAction(ctx, action);
    if (outcome.kind === 'message') {
      await turn.respondToInvoke(200, { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: ctx.speech.t(outcome.message.key, outcome.message.params) });
      return;
    }
    await turn.respondToInvoke(200, { statusCode: 200, type: CARD_CONTENT_TYPE, value: outcome.card });
  }
}
