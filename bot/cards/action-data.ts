/**
 * What a card's buttons carry back to the bot: one definition shared by the card builders (which
 * write it) and the action handler (which reads it).
 */
export const ACTION_VERBS = ['promise', 'contacted', 'dispute', 'snooze'] as const;
export type ActionVerb = (typeof ACTION_VERBS)[number];

/** Asked by Teams (card refresh) to redraw a card as it stands now. */
export const REFRESH_VERB = 'refresh';

/** Marks data as ours among whatever else a message value may hold. */
export const ACTION_MARK = 'collections-lens';

export interface ActionData {
  readonly app: typeof ACTION_MARK;
  readonly verb: ActionVerb | typeof REFRESH_VERB;
  /** The card it came from (bot_cards). */
  readonly card: string;
  /** The invoice of the card item, and the item's position (input ids are per position). */
  readonly invoice?: string;
  readonly item?: number;
}

/** Each show-card has its own inputs: ids must be unique in the whole card, so the dispute's note is its 'detail'. */
export const INPUT_FIELDS = ['date', 'amount', 'note', 'reason', 'detail', 'days'] as const;
export type InputField = (typeof INPUT_FIELDS)[number];

/** Input ids must be unique in a card: one set per item. */
export function inputId(field: InputField, item: number): string {
  return `${field}-${item}`;
}

/** A card item: one invoice on one card. The idempotency key of an action starts from it. */
export function cardItemId(cardId: string, invoice: string): string {
  return `${cardId}#${invoice}`;
}

export const DISPUTE_REASONS = ['price', 'quantity', 'quality', 'notReceived', 'billing', 'other'] as const;
export type DisputeReason = (typeof DISPUTE_REASONS)[number];

/** Stored on the event in one language, whoever typed it, so the mining result groups them. */
export const DISPUTE_REASON_TEXT: Readonly<Record<DisputeReason, string>> = {
  price: 'Price or discount',
  quantity: 'Quantity',
  quality: 'Quality or damage',
  notReceived: 'Goods or service not received',
  billing: 'Billing error',
  other: 'Other',
};

export const SNOOZE_DAYS = [1, 3, 7, 14] as const;
