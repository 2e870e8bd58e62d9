import { z } from 'zod';
import { ACTION_MARK, ACTION_VERBS, INPUT_FIELDS, inputId, REFRESH_VERB, type ActionData, type InputField } from '../cards/action-data.ts';

const envelope = z.object({
  app: z.literal(ACTION_MARK),
  verb: z.enum([...ACTION_VERBS, REFRESH_VERB]),
  card: z.string().min(1).max(200),
  invoice: z.string().min(1).max(200).optional(),
  item: z.number().int().min(0).max(1000).optional(),
});

export interface CardAction {
  readonly data: ActionData;
  /** An input of the item the action belongs to. */
  input(field: InputField): unknown;
}

/**
 * The action out of an invoke (value.action.data) or an Action.Submit message (value): both
 * carry the card's data with the inputs merged in. Null when it is not one of our actions.
 */
export function cardActionOf(value: unknown, invoke: boolean): CardAction | null {
  const raw = invoke ? (value as { action?: { data?: unknown } } | undefined)?.action?.data : value;
  if (!raw || typeof raw !== 'object') return null;
  const parsed = envelope.safeParse(raw);
  if (!parsed.success) return null;
  const data = parsed.data as ActionData;
  const fields = raw as Record<string, unknown>;
  return { data, input: (field) => (data.item === undefined || !INPUT_FIELDS.includes(field) ? undefined : fields[inputId(field, data.item)]) };
}
