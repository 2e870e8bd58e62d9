import { Activity, Column, DAY_MS, type AttributeValue } from '../../api/engine/index.ts';
import type { StoredRecordedEvent } from '../../api/adapters/store/recorded-events.ts';
import { DISPUTE_REASON_TEXT, DISPUTE_REASONS, type ActionVerb, type DisputeReason } from '../cards/action-data.ts';
import type { CardState, DoneMark } from '../cards/model.ts';
import type { ValidAction } from './validate.ts';

/**
 * How a Teams action becomes an event of the invoice. Promise, contact and dispute are canonical
 * activities, so the policy check, the KPIs and the map treat them like the source's own. A snooze
 * is not a process step the domain knows, so it gets its own activity name (shown as is).
 */
export const SNOOZE_ACTIVITY = 'Follow-up Snoozed';
/** Time attribute of a snooze event: the day the invoice shows in digests again. */
export const SNOOZED_UNTIL = 'SnoozedUntil';
export const TEAMS_SOURCE = 'Teams';

const VERB_OF_ACTIVITY = new Map<string, ActionVerb>([
  [Activity.PromiseToPayReceived, 'promise'],
  [Activity.CollectionContactMade, 'contacted'],
  [Activity.DisputeRegistered, 'dispute'],
  [SNOOZE_ACTIVITY, 'snooze'],
]);
const ACTIVITY_OF_VERB = new Map([...VERB_OF_ACTIVITY].map(([activity, verb]) => [verb, activity]));

const dayMs = (day: string) => Date.parse(`${day}T00:00:00Z`);

export function eventOf(action: ValidAction, who: { person: string; today: string }): { activity: string; attributes: Record<string, AttributeValue> } {
  const attributes: Record<string, AttributeValue> = { [Column.SourceSystem]: TEAMS_SOURCE, [Column.Resource]: who.person };
  switch (action.verb) {
    case 'promise':
      attributes[Column.PromiseDate] = dayMs(action.date);
      attributes[Column.PromiseAmount] = action.amount;
      break;
    case 'contacted':
      if (action.note) attributes[Column.Note] = action.note;
      break;
    case 'dispute':
      attributes[Column.DisputeReason] = DISPUTE_REASON_TEXT[action.reason];
      if (action.note) attributes[Column.Note] = action.note;
      break;
    case 'snooze':
      attributes[SNOOZED_UNTIL] = dayMs(who.today) + action.days * DAY_MS;
      break;
  }
  return { activity: ACTIVITY_OF_VERB.get(action.verb)!, attributes };
}

const reasonCode = new Map(DISPUTE_REASONS.map((code) => [DISPUTE_REASON_TEXT[code], code] as const));

/** What a recorded event shows on the card it came from. */
export function doneMarkOf(event: StoredRecordedEvent): DoneMark | null {
  const verb = VERB_OF_ACTIVITY.get(event.activity);
  if (!verb) return null;
  const a = event.attributes;
  const num = (name: string) => (typeof a[name] === 'number' ? (a[name] as number) : undefined);
  const str = (name: string) => (typeof a[name] === 'string' ? (a[name] as string) : null);
  switch (verb) {
    case 'promise':
      return { verb, date: num(Column.PromiseDate), amount: num(Column.PromiseAmount) ?? null };
    case 'contacted':
      return { verb, note: str(Column.Note) };
    case 'dispute': {
      const text = str(Column.DisputeReason);
      const code: DisputeReason | undefined = text === null ? undefined : reasonCode.get(text);
      return { verb, reason: code ?? text, note: str(Column.Note) };
    }
    case 'snooze':
      return { verb, until: num(SNOOZED_UNTIL) };
  }
}

/** A card's state from the events recorded from it. */
export function cardStateOf(events: readonly StoredRecordedEvent[], currencyOf: (invoice: string) => string | null): CardState {
  const done = new Map<string, DoneMark[]>();
  for (const event of events) {
    const mark = doneMarkOf(event);
    if (!mark) continue;
    const list = done.get(event.invoice) ?? [];
    list.push(mark.verb === 'promise' ? { ...mark, currency: currencyOf(event.invoice) } : mark);
    done.set(event.invoice, list);
  }
  return { done };
}
