/**
 * The only module that imports botbuilder (Bot Framework SDK 4): the CloudAdapter, the glue
 * from a TurnContext to the bot's own Turn, and proactive sends. Everything else in bot/ is
 * SDK-free, so moving to the Microsoft 365 Agents SDK (its CloudAdapter is botbuilder-compatible)
 * or the Teams SDK touches this file only.
 */
import type { RequestHandler } from 'express';
import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TeamsInfo, TestAdapter, TurnContext, type Activity, type ConversationReference } from 'botbuilder';
import type { Logger } from 'pino';
import type { BotConfig } from './config.ts';
import { DeliveryError, type BotActivity, type OutgoingMessage, type ProactiveSender, type Turn } from './turn.ts';

export { TestAdapter };

const UPN_LOOKUP_MS = 3000;

/**
 * Without an app id (local mode) the SDK accepts unauthenticated activities and replies to each
 * activity's serviceUrl with no token, which is what Microsoft 365 Agents Playground and the test
 * stand-in need. With one, tokens are checked and sends are signed as that app.
 */
export function createAdapter(config: BotConfig, logger: Logger): CloudAdapter {
  const settings = config.appId
    ? {
        MicrosoftAppId: config.appId,
        MicrosoftAppPassword: config.appPassword ?? undefined,
        MicrosoftAppTenantId: config.tenantId ?? undefined,
        MicrosoftAppType: config.tenantId ? 'SingleTenant' : 'MultiTenant',
        ...(config.openIdMetadataUrl ? { BotOpenIdMetadata: config.openIdMetadataUrl } : {}),
      }
    : {};
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication(settings));
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: error, activityType: context.activity.type, conversation: context.activity.conversation?.id }, 'bot turn failed');
  };
  return adapter;
}

export function turnOf(context: TurnContext): Turn {
  const activity = context.activity as unknown as BotActivity;
  return {
    activity,
    send: async (message) => (await context.sendActivity({ type: 'message', ...toActivity(message) }))?.id,
    update: async (activityId, message) => {
      await context.updateActivity({ type: 'message', id: activityId, conversation: context.activity.conversation, ...toActivity(message) });
    },
    respondToInvoke: async (status, body) => {
      await context.sendActivity({ type: 'invokeResponse', value: { status, body } });
    },
    conversationReference: () => {
      const reference: Partial<ConversationReference> = TurnContext.getConversationReference(context.activity);
      // A digest is a new message, not a reply to whatever activity the reference was taken from.
      delete reference.activityId;
      return JSON.parse(JSON.stringify(reference)) as Record<string, unknown>;
    },
    senderUpn: async () => {
      try {
        const member = await Promise.race([
          TeamsInfo.getMember(context, context.activity.from.id),
          new Promise<never>((_, reject) => setTimeout(() => reject(new Error('member lookup timed out')), UPN_LOOKUP_MS).unref()),
        ]);
        const upn = member.userPrincipalName ?? member.email;
        return upn ? upn.toLowerCase() : null;
      } catch {
        return null;
      }
    },
  };
}

function toActivity(message: OutgoingMessage): Partial<Activity> {
  return { ...(message.text !== undefined ? { text: message.text } : {}), ...(message.attachments ? { attachments: [...message.attachments] } : {}) };
}

export function turnHandler(logic: (turn: Turn) => Promise<void>): (context: TurnContext) => Promise<void> {
  return (context) => logic(turnOf(context));
}

/** POST /api/messages. */
export function messagesHandler(adapter: CloudAdapter, logic: (turn: Turn) => Promise<void>): RequestHandler {
  return async (req, res) => {
    await adapter.process(req, res, turnHandler(logic));
  };
}

/** The part of botframework-connector's ConnectorClient a proactive send uses. */
interface Connector {
  readonly conversations: { sendToConversation(conversationId: string, activity: Partial<Activity>): Promise<{ id?: string }> };
  readonly client?: { readonly pipeline?: { removePolicy(policy: { name: string }): unknown } };
}

/**
 * Proactive sends through continueConversationAsync, posted as a new message of the conversation
 * (sendToConversation), not as a reply to the synthetic activity the SDK continues from. The
 * connector client's own retry policy is removed: the digest delivery retries with its own
 * backoff, pacing and ledger, and two layers of retries would multiply the attempts and hide
 * 429s from the pacer.
 */
export class BotFrameworkSender implements ProactiveSender {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string | null,
  ) {}

  async send(reference: Readonly<Record<string, unknown>>, message: OutgoingMessage): Promise<string | undefined> {
    let id: string | undefined;
    let failure: unknown = null;
    const ref = reference as Partial<ConversationReference>;
    await this.adapter.continueConversationAsync(this.appId ?? '', ref, async (context) => {
      const connector = context.turnState.get(this.adapter.ConnectorClientKey) as Connector;
      connector.client?.pipeline?.removePolicy({ name: 'defaultRetryPolicy' });
      const activity = TurnContext.applyConversationReference({ type: 'message', ...toActivity(message) }, ref);
      delete activity.replyToId;
      try {
        id = (await connector.conversations.sendToConversation(activity.conversation!.id, activity)).id;
      } catch (error) {
        // Thrown here the error would go to onTurnError and not back to the caller.
        failure = error;
      }
    });
    if (failure) throw deliveryError(failure);
    return id;
  }
}

function deliveryError(error: unknown): DeliveryError {
  const e = error as { statusCode?: number; message?: string; response?: { headers?: { get?(name: string): string | undefined } } };
  const status = typeof e.statusCode === 'number' ? e.statusCode : null;
  return new DeliveryError(e.message || String(error), status, retryAfterMs(e.response?.headers?.get?.('retry-after')));
}

/** Retry-After is seconds or an HTTP date. */
function retryAfterMs(value: string | undefined): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : null;
}
