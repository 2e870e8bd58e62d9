import type { Filter } from '../api/types.ts';
import { activityLabel, columnLabel, statusLabel, type Translate } from '../i18n/catalogue.ts';
import type { MessageKey } from '../i18n/en.ts';
import type { Formatters } from '../i18n/format.ts';

const ATTRIBUTE_KEYS: Readonly<Record<string, MessageKey>> = {
  CustomerSegment: 'filters.segment',
  CompanyCode: 'filters.company',
  CollectorName: 'filters.collector',
  PaymentTerms: 'filters.terms',
  InvoiceCurrency: 'filters.currency',
  InvoiceStatus: 'filters.status',
  InvoiceAmount: 'filters.amount',
};

export function attributeName(t: Translate, attribute: string): string {
  const key = ATTRIBUTE_KEYS[attribute];
  return key ? t(key) : columnLabel(t, attribute);
}

/** One line per filter for the chips above a view, in the user's language. */
export function describeFilter(filter: Filter, t: Translate, fmt: Formatters): string {
  const text = describePositive(filter, t, fmt);
  return filter.negate && filter.kind !== 'activity' ? t('filters.summary.not', { what: text }) : text;
}

function describePositive(f: Filter, t: Translate, fmt: Formatters): string {
  const time = (v: string | number | undefined) => (v === undefined ? '…' : fmt.date(typeof v === 'number' ? v : Date.parse(v.length === 10 ? `${v}T00:00:00Z` : v)));
  switch (f.kind) {
    case 'timeRange':
      return `${t('filters.timeRange')}: ${t(`filters.mode.${f.mode}`)} ${time(f.from)} – ${time(f.to)}`;
    case 'attribute':
      return t('filters.summary.attribute', {
        attribute: attributeName(t, f.attribute),
        values: f.values.map((v) => (v === null ? t('value.missing') : f.attribute === 'InvoiceStatus' ? statusLabel(t, String(v)) : String(v))).join(', '),
      });
    case 'range':
      return t('filters.summary.attribute', {
        attribute: attributeName(t, f.attribute),
        values: `${typeof f.min === 'number' ? fmt.number(f.min, 2) : (f.min ?? '…')} – ${typeof f.max === 'number' ? fmt.number(f.max, 2) : (f.max ?? '…')}`,
      });
    case 'variant':
      return t('filters.summary.attribute', { attribute: t('filters.variant'), values: f.variants.map((v) => v.map((a) => activityLabel(t, a)).join(' → ')).join('; ') });
    case 'activity':
      return t('filters.summary.attribute', {
        attribute: t(f.negate ? 'filters.notContains' : 'filters.contains'),
        values: f.activities.map((a) => activityLabel(t, a)).join(', '),
      });
    case 'follows':
      return `${activityLabel(t, f.from)} → ${activityLabel(t, f.to)}`;
    case 'outcome':
      return t('filters.summary.attribute', { attribute: t('filters.outcome'), values: f.outcomes.map((o) => t(`filters.outcome.${o}`)).join(', ') });
  }
}
