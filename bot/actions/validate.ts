import { DAY_MS } from '../../api/engine/index.ts';
import { DISPUTE_REASONS, SNOOZE_DAYS, type ActionVerb, type DisputeReason, type InputField } from '../cards/action-data.ts';
import { NOTE_MAX, PROMISE_HORIZON_DAYS } from '../cards/item.ts';
import type { Message } from '../i18n.ts';

/** An action whose inputs passed every check. Dates are YYYY-MM-DD (a day, not an instant). */
export type ValidAction =
  | { readonly verb: 'promise'; readonly date: string; readonly amount: number }
  | { readonly verb: 'contacted'; readonly note: string | null }
  | { readonly verb: 'dispute'; readonly reason: DisputeReason; readonly note: string | null }
  | { readonly verb: 'snooze'; readonly days: number };

export type Validation = { readonly ok: true; readonly action: ValidAction } | { readonly ok: false; readonly error: Message };

export interface ActionLimits {
  /** The user's today, YYYY-MM-DD. */
  readonly today: string;
  /** The invoice's open balance (invoice currency); null when unknown. */
  readonly maxAmount: number | null;
}

export const MAX_SNOOZE_DAYS = Math.max(...SNOOZE_DAYS) * 2;
const AMOUNT_TOLERANCE = 0.005;

/**
 * Card inputs arrive as text (or numbers, depending on the client) and are never trusted: the
 * card's own min/max only help the user, a crafted submit must fail here.
 */
export function validateAction(verb: ActionVerb, input: (field: InputField) => unknown, limits: ActionLimits): Validation {
  const fail = (error: Message): Validation => ({ ok: false, error });
  const note = optionalText(input(verb === 'dispute' ? 'detail' : 'note'));
  if (note === undefined) return fail({ key: 'bot.error.note', params: { max: NOTE_MAX } });
  switch (verb) {
    case 'promise': {
      const date = typeof input('date') === 'string' ? (input('date') as string).trim() : '';
      const day = /^\d{4}-\d{2}-\d{2}$/.test(date) ? Date.parse(`${date}T00:00:00Z`) : Number.NaN;
      if (!Number.isFinite(day)) return fail({ key: 'bot.error.dateMissing' });
      const today = Date.parse(`${limits.today}T00:00:00Z`);
      if (day < today) return fail({ key: 'bot.error.datePast' });
      if (day > today + PROMISE_HORIZON_DAYS * DAY_MS) return fail({ key: 'bot.error.dateFar', params: { count: PROMISE_HORIZON_DAYS } });
      const amount = numberOf(input('amount'));
      const max = limits.maxAmount;
      if (!(amount > 0)) return fail({ key: 'bot.error.amountPositive' });
      if (max !== null && max > 0 && amount > max + AMOUNT_TOLERANCE) return fail({ key: 'bot.error.amount', params: { max: Math.round(max * 100) / 100 } });
      return { ok: true, action: { verb, date, amount: Math.round(amount * 100) / 100 } };
    }
    case 'contacted':
      return { ok: true, action: { verb, note } };
    case 'dispute': {
      const reason = input('reason');
      if (typeof reason !== 'string' || !(DISPUTE_REASONS as readonly string[]).includes(reason)) return fail({ key: 'bot.error.reason' });
      return { ok: true, action: { verb, reason: reason as DisputeReason, note } };
    }
    case 'snooze': {
      const days = numberOf(input('days'));
      if (!Number.isInteger(days) || days < 1 || days > MAX_SNOOZE_DAYS) return fail({ key: 'bot.error.days', params: { max: MAX_SNOOZE_DAYS } });
      return { ok: true, action: { verb, days } };
    }
  }
}

function numberOf(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
  return Number(value.trim());
}

/** Null for nothing typed; undefined for something that is not acceptable text. */
function optionalText(value: unknown): string | null | undefined {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text.length > NOTE_MAX) return undefined;
  return text === '' ? null : text;
}
