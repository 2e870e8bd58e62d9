import { createHash } from 'node:crypto';
import { cardItemId, type ActionVerb } from '../cards/action-data.ts';

/**
 * One event per (card item, action, user): a double click, a retried invoke, or the Execute and
 * its Submit fallback both arriving, all give the same key, and the store keeps one event.
 */
export function idempotencyKey(cardId: string, invoice: string, verb: ActionVerb, userId: string): string {
  return createHash('sha256').update(`${cardItemId(cardId, invoice)}\u0000${verb}\u0000${userId}`).digest('hex');
}
