import type { Locale, Translate } from './catalogue.ts';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/**
 * Every number, date and amount the tab shows goes through one of these, so the locale decides
 * separators, digit grouping, month names and currency placement. Formatters are built once per
 * locale because Intl constructors are slow compared with format().
 */
export interface Formatters {
  readonly locale: Locale;
  number(value: number | null | undefined, digits?: number): string;
  integer(value: number | null | undefined): string;
  percent(fraction: number | null | undefined, digits?: number): string;
  money(amount: number | null | undefined, currency: string, compact?: boolean): string;
  compact(value: number | null | undefined): string;
  date(epochMs: number | null | undefined): string;
  dateTime(epochMs: number | null | undefined): string;
  month(yyyyMm: string): string;
  /** A duration in ms, in the largest sensible unit (days, hours or minutes). */
  duration(ms: number | null | undefined): string;
  days(days: number | null | undefined, digits?: number): string;
}

export function formatters(locale: Locale, t: Translate): Formatters {
  const none = t('value.none');
  const num = (digits: number) => new Intl.NumberFormat(locale, { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  const n0 = num(0);
  const n1 = num(1);
  const n2 = num(2);
  const pick = (digits: number) => (digits === 0 ? n0 : digits === 1 ? n1 : digits === 2 ? n2 : num(digits));
  const pct1 = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 });
  const compactFmt = new Intl.NumberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 });
  const dateFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const dateTimeFmt = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });
  const monthFmt = new Intl.DateTimeFormat(locale, { year: 'numeric', month: 'short', timeZone: 'UTC' });
  const moneyCache = new Map<string, Intl.NumberFormat>();
  const moneyFmt = (currency: string, compact: boolean) => {
    const key = `${currency}|${compact}`;
    let f = moneyCache.get(key);
    if (!f) {
      try {
        f = new Intl.NumberFormat(locale, compact ? { style: 'currency', currency, notation: 'compact', maximumFractionDigits: 1 } : { style: 'currency', currency, maximumFractionDigits: 0 });
      } catch {
        f = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
      }
      moneyCache.set(key, f);
    }
    return f;
  };
  const ok = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);
  return {
    locale,
    number: (v, digits = 1) => (ok(v) ? pick(digits).format(v) : none),
    integer: (v) => (ok(v) ? n0.format(v) : none),
    percent: (v, digits = 1) => (ok(v) ? (digits === 1 ? pct1 : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits })).format(v) : none),
    money: (v, currency, compact = false) => (ok(v) ? moneyFmt(currency, compact).format(v) : none),
    compact: (v) => (ok(v) ? compactFmt.format(v) : none),
    date: (v) => (ok(v) ? dateFmt.format(v) : none),
    dateTime: (v) => (ok(v) ? dateTimeFmt.format(v) : none),
    month: (ym) => {
      const m = /^(\d{4})-(\d{2})$/.exec(ym);
      return m ? monthFmt.format(Date.UTC(Number(m[1]), Number(m[2]) - 1, 1)) : ym;
    },
    duration: (ms) => {
      if (!ok(ms)) return none;
      if (ms >= DAY) return t('unit.days', { value: pick(ms >= 10 * DAY ? 0 : 1).format(ms / DAY) });
      if (ms >= HOUR) return t('unit.hours', { value: n1.format(ms / HOUR) });
      return t('unit.minutes', { value: n0.format(ms / 60_000) });
    },
    days: (d, digits = 1) => (ok(d) ? t('unit.days', { value: pick(digits).format(d) }) : none),
  };
}
