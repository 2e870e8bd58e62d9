import { describe, expect, it } from 'vitest';
import { CATALOGUES, LOCALES, resolveLocale, translator, activityLabel } from '../../tabs/src/i18n/catalogue.ts';
import { en } from '../../tabs/src/i18n/en.ts';
import { formatters } from '../../tabs/src/i18n/format.ts';
import { formatMessage, placeholderNames } from '../../tabs/src/i18n/message-format.ts';
import { CANONICAL_ACTIVITIES } from '../../api/engine/domain/activities.ts';

/**
 * Strings that are the same in every language on purpose: the product name, "Power BI"-style
 * brand names, technical abbreviations and symbols.
 */
const SAME_IN_EVERY_LANGUAGE = new Set(['app.title', 'bot.action.note', 'compare.points', 'variants.actions', 'map.sliderValue', 'unit.hours', 'unit.minutes', 'value.none', 'map.mode.performance', 'filters.min', 'filters.max', 'cases.segment']);

describe('message catalogues', () => {
  const keys = Object.keys(en).sort();

  it.each(LOCALES)('%s defines exactly the English keys', (locale) => {
    expect(Object.keys(CATALOGUES[locale]).sort()).toEqual(keys);
  });

  it.each(LOCALES)('%s has no empty message and balanced braces', (locale) => {
    for (const [key, value] of Object.entries(CATALOGUES[locale])) {
      expect(value.trim(), `${locale} ${key}`).not.toBe('');
      expect(() => formatMessage(value, {}, locale), `${locale} ${key}`).not.toThrow();
    }
  });

  it.each(['fr', 'zh-CN'] as const)('%s uses the same placeholders as English in every message', (locale) => {
    for (const key of keys) {
      expect(placeholderNames(CATALOGUES[locale][key as keyof typeof en]), `${locale} ${key}`).toEqual(placeholderNames(en[key as keyof typeof en]));
    }
  });

  it.each(['fr', 'zh-CN'] as const)('%s translates every message (walking the whole catalogue)', (locale) => {
    const untranslated = keys.filter((key) => !SAME_IN_EVERY_LANGUAGE.has(key) && CATALOGUES[locale][key as keyof typeof en] === en[key as keyof typeof en]);
    expect(untranslated).toEqual([]);
  });

  it('Chinese messages are written in Chinese (each has CJK characters or is only symbols and placeholders)', () => {
    const cjk = /[\u3400-\u9fff]/;
    for (const key of keys) {
      if (SAME_IN_EVERY_LANGUAGE.has(key)) continue;
      const pattern = CATALOGUES['zh-CN'][key as keyof typeof en];
      const params = Object.fromEntries(placeholderNames(pattern).map((name) => [name, name === 'count' ? 2 : '']));
      const text = formatMessage(pattern, params, 'zh-CN');
      const latinWords = text.match(/[A-Za-z]{3,}/g) ?? [];
      // Product and standard names stay in Latin script (Teams, Power BI, Entra ID, JSON, API…).
      const allowed = new Set(['Tab', 'Enter', 'customers', 'docs', 'Collections', 'Lens', 'Teams', 'Microsoft', 'Power', 'Entra', 'JSON', 'API', 'Report', 'Read', 'All', 'reports', 'POWERBI_WORKSPACE_ID', 'POWERBI_REPORT_ID', 'ENTRA_TENANT_ID', 'ENTRA_CLIENT_ID', 'ENTRA_CLIENT_SECRET']);
      expect(cjk.test(text) || !/[A-Za-z]/.test(text), `zh-CN ${key}: ${text}`).toBe(true);
      for (const word of latinWords) expect(allowed.has(word) || /^[A-Z_]+$/.test(word), `zh-CN ${key}: "${word}"`).toBe(true);
    }
  });

  it('has a label for every canonical activity of the domain reference', () => {
    for (const locale of LOCALES) {
      const t = translator(locale);
      for (const activity of CANONICAL_ACTIVITIES) expect(activityLabel(t, activity)).not.toMatch(/^activity\./);
    }
    expect(activityLabel(translator('fr'), 'Payment Received')).toBe('Paiement reçu');
    expect(activityLabel(translator('fr'), 'My own step')).toBe('My own step');
  });
});

describe('message formatting', () => {
  it('fills placeholders and picks plural forms by the locale rules', () => {
    expect(formatMessage('{count, plural, one {# case} other {# cases}}', { count: 1 }, 'en')).toBe('1 case');
    expect(formatMessage('{count, plural, one {# case} other {# cases}}', { count: 1234 }, 'en')).toBe('1,234 cases');
    expect(formatMessage('{count, plural, =0 {No filter} one {# filter} other {# filters}}', { count: 0 }, 'en')).toBe('No filter');
    // French: 0 and 1 are singular.
    expect(formatMessage(CATALOGUES.fr['cases.count'], { count: 0 }, 'fr')).toBe('0 facture');
    expect(formatMessage(CATALOGUES.fr['cases.count'], { count: 2500 }, 'fr')).toBe('2\u202f500 factures');
    expect(formatMessage(CATALOGUES['zh-CN']['cases.count'], { count: 3 }, 'zh-CN')).toBe('3 张发票');
    expect(formatMessage('Hello {name}', { name: 'Ana' }, 'en')).toBe('Hello Ana');
    expect(formatMessage('Hello {name}', {}, 'en')).toBe('Hello {name}');
  });

  it('takes the locale from Teams or the browser, falling back to English', () => {
    expect(resolveLocale('fr-fr')).toBe('fr');
    expect(resolveLocale('fr-CA')).toBe('fr');
    expect(resolveLocale('zh-cn')).toBe('zh-CN');
    expect(resolveLocale('zh-Hans-CN')).toBe('zh-CN');
    expect(resolveLocale('zh-TW', 'fr')).toBe('fr');
    expect(resolveLocale('de-DE', 'en-GB')).toBe('en');
    expect(resolveLocale(null, undefined)).toBe('en');
  });

  it('formats numbers, money, dates and durations for each locale with Intl', () => {
    const en = formatters('en', translator('en'));
    const fr = formatters('fr', translator('fr'));
    const zh = formatters('zh-CN', translator('zh-CN'));
    expect(en.integer(1234567)).toBe('1,234,567');
    expect(fr.integer(1234567)).toBe('1\u202f234\u202f567');
    expect(en.money(1234.5, 'EUR')).toBe('€1,235');
    expect(fr.money(1234.5, 'EUR')).toBe('1\u202f235\u00a0€');
    expect(zh.money(1234.5, 'CNY')).toBe('¥1,235');
    expect(en.percent(0.256)).toBe('25.6%');
    expect(fr.percent(0.256)).toBe('25,6\u00a0%');
    expect(en.date(Date.UTC(2024, 5, 30))).toBe('Jun 30, 2024');
    expect(fr.date(Date.UTC(2024, 5, 30))).toBe('30 juin 2024');
    expect(zh.date(Date.UTC(2024, 5, 30))).toBe('2024年6月30日');
    expect(en.duration(2.5 * 86_400_000)).toBe('2.5 d');
    expect(fr.duration(2.5 * 86_400_000)).toBe('2,5 j');
    expect(zh.duration(3 * 3_600_000)).toBe('3 小时');
    expect(fr.month('2024-03')).toBe('mars 2024');
    expect(en.number(null)).toBe('—');
  });
});
