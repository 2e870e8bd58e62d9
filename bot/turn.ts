/**
 * The bot's view of one incoming activity and of sending, free of the SDK: bot logic, commands
 * and actions are written against these, and bot/framework.ts (the only botbuilder importer)
 * adapts a TurnContext to them. Shapes follow the Bot Framework Activity schema.
 */
export interface ChannelAccount {
  readonly id: string;
  readonly name?: string;
  readonly aadObjectId?: string;
}

export interface BotActivity {
  readonly type: string;
  readonly id?: string;
  /** Invoke name, e.g. adaptiveCard/action. */
  readonly name?: string;
  readonly text?: string;
  /** Action.Submit data (message) or the invoke payload. */
  readonly value?: unknown;
  readonly locale?: string;
  readonly replyToId?: string;
  readonly channelId?: string;
  readonly serviceUrl?: string;
  /** installationUpdate: add / remove. */
  readonly action?: string;
  readonly from: ChannelAccount;
  readonly recipient?: ChannelAccount;
  readonly conversation: { readonly id: string; readonly tenantId?: string; readonly conversationType?: string };
  readonly membersAdded?: readonly ChannelAccount[];
  readonly membersRemoved?: readonly ChannelAccount[];
  readonly channelData?: { readonly tenant?: { readonly id?: string } };
}

export interface OutgoingMessage {
  readonly text?: string;
  readonly attachments?: readonly { readonly contentType: string; readonly content: unknown }[];
}

export interface Turn {
  readonly activity: BotActivity;
  /** Returns the new activity's id, when the channel gives one. */
  send(message: OutgoingMessage): Promise<string | undefined>;
  /** Replaces a message the bot sent (a card updated in place). */
  update(activityId: string, message: OutgoingMessage): Promise<void>;
  /** The answer to an invoke (HTTP status and body). */
  respondToInvoke(status: number, body: unknown): Promise<void>;
  /** What a proactive message to this conversation needs, as plain data. */
  conversationReference(): Record<string, unknown>;
  /** The sender's sign-in name, asked from the channel; null when it cannot tell. */
  senderUpn(): Promise<string | null>;
}

/** Sends to a stored conversation (a digest). */
export interface ProactiveSender {
  send(reference: Readonly<Record<string, unknown>>, message: OutgoingMessage): Promise<string | undefined>;
}

/** A send the channel refused; status null when no HTTP answer came (network). */
export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly status: number | null,
    readonly retryAfterMs: number | null,
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}
