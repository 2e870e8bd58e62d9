import { activityLabel, resolveLocale, translator, type Locale, type MessageKey, type MessageParams, type Translate } from '../tabs/src/i18n/catalogue.ts';
import { formatters, type Formatters } from '../tabs/src/i18n/format.ts';

/**
 * The bot speaks from the tab's message catalogue (tabs/src/i18n: English, French, Simplified
 * Chinese), so a collector reads the same words in the card and in the tab. The locale comes
 * from the activity (Teams sends the client's, e.g. "fr-fr").
 */
export interface Speech {
  readonly locale: Locale;
  readonly t: Translate;
  readonly f: Formatters;
  /** An activity name in the locale (canonical ones are translated, a customer's own kept). */
  activity(name: string): string;
}

export type { Locale, MessageKey, MessageParams };

const cache = new Map<Locale, Speech>();

export function speechFor(tag: string | null | undefined): Speech {
  const locale = resolveLocale(tag);
  let speech = cache.get(locale);
  if (!speech) {
    const t = translator(locale);
    speech = { locale, t, f: formatters(locale, t), activity: (name) => activityLabel(t, name) };
    cache.set(locale, speech);
  }
  return speech;
}

/** A message not yet in a language: what an action error or a done mark carries until a card is drawn. */
export interface Message {
  readonly key: MessageKey;
  readonly params?: MessageParams;
}
