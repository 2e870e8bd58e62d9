import { en, type MessageKey } from './en.ts';
import { fr } from './fr.ts';
import { formatMessage, type MessageParams } from './message-format.ts';
import { zhCN } from './zh-CN.ts';

export type { MessageKey } from './en.ts';
export type { MessageParams } from './message-format.ts';

export const LOCALES = ['en', 'fr', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

export const CATALOGUES: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = { en, fr, 'zh-CN': zhCN };

/** The names each locale is offered under in the language picker, in its own language. */
export const LOCALE_NAMES: Readonly<Record<Locale, string>> = { en: 'English', fr: 'Français', 'zh-CN': '简体中文' };

/**
 * Teams reports locales like "fr-fr", "zh-cn" or "en-us"; browsers "fr-CA", "zh-Hans-CN".
 * Traditional Chinese falls back to English rather than showing Simplified characters to
 * readers who may not expect them.
 */
export function resolveLocale(...tags: readonly (string | null | undefined)[]): Locale {
  for (const tag of tags) {
    if (!tag) continue;
    const lower = tag.toLowerCase();
    if (lower === 'zh' || lower.startsWith('zh-cn') || lower.startsWith('zh-hans') || lower.startsWith('zh-sg')) return 'zh-CN';
    if (lower.startsWith('zh')) continue;
    if (lower === 'fr' || lower.startsWith('fr-')) return 'fr';
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
  }
  return 'en';
}

export type Translate = (key: MessageKey, params?: MessageParams) => string;

export function translator(locale: Locale): Translate {
  const catalogue = CATALOGUES[locale];
  return (key, params) => formatMessage(catalogue[key] ?? en[key] ?? key, params, locale);
}

/** Canonical activity names have catalogue entries; a customer's own names are shown as they are. */
export function activityLabel(t: Translate, name: string): string {
  const key = `activity.${name}` as MessageKey;
  return key in en ? t(key) : name;
}

export function statusLabel(t: Translate, status: string): string {
  const key = `status.${status}` as MessageKey;
  return key in en ? t(key) : status;
}

/** Template columns (domain reference) have catalogue entries; a customer's own columns keep their names. */
export function columnLabel(t: Translate, column: string): string {
  const key = `column.${column}` as MessageKey;
  return key in en ? t(key) : column;
}
