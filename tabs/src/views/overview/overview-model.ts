import type { KpiResult, Kpis } from '../../api/types.ts';
import type { Translate } from '../../i18n/catalogue.ts';
import type { MessageKey } from '../../i18n/en.ts';
import type { Formatters } from '../../i18n/format.ts';

type KpiKey = Exclude<keyof Kpis, 'aging' | 'amounts' | 'counts'>;
type Unit = 'days' | 'rate' | 'index';

/** The KPIs of the overview, in the order a credit manager reads them (docs/KPIS.md). */
export const OVERVIEW_KPIS: readonly { readonly key: KpiKey; readonly unit: Unit }[] = [
  { key: 'dso', unit: 'days' },
  { key: 'averageDaysDelinquent', unit: 'days' },
  { key: 'onTimeRate', unit: 'rate' },
  { key: 'cei', unit: 'index' },
  { key: 'collectionSuccessRate', unit: 'rate' },
  { key: 'dunningAdherence', unit: 'rate' },
  { key: 'promiseKeptRate', unit: 'rate' },
  { key: 'writeOffRate', unit: 'rate' },
  { key: 'averageDaysToPay', unit: 'days' },
  { key: 'disputeResolutionDays', unit: 'days' },
  { key: 'cashApplicationLagDays', unit: 'days' },
  { key: 'countbackDso', unit: 'days' },
];

export interface TrendPoint {
  readonly month: string;
  readonly label: string;
  readonly value: number | null;
  readonly text: string;
}

export interface KpiCard {
  readonly key: KpiKey;
  readonly label: string;
  readonly value: string;
  readonly raw: number | null;
  /** Why the log cannot give this KPI (server's words), when it cannot. */
  readonly unavailable: string | null;
  readonly trend: readonly TrendPoint[];
  readonly trendLabel: string;
}

export interface AgingBar {
  readonly key: string;
  readonly label: string;
  readonly amount: number;
  readonly text: string;
  readonly share: number;
}

export interface OverviewModel {
  readonly period: string;
  readonly currency: string;
  readonly cards: readonly KpiCard[];
  readonly aging: readonly AgingBar[];
  readonly openAr: string;
  readonly creditSales: string;
  readonly invoices: string;
}

export const TREND_MONTHS = 12;

export function formatKpi(value: number | null, unit: Unit, fmt: Formatters): string {
  if (value === null) return fmt.number(null);
  if (unit === 'days') return fmt.days(value);
  if (unit === 'rate') return fmt.percent(value);
  return fmt.number(value, 1);
}

export function overviewModel(result: KpiResult, trend: KpiResult | null, t: Translate, fmt: Formatters): OverviewModel {
  const kpis = result.kpis;
  const months = (trend?.groups ?? [])
    .filter((g): g is typeof g & { key: string } => g.key !== null)
    .sort((a, b) => a.key.localeCompare(b.key))
    .slice(-TREND_MONTHS);
  const cards = OVERVIEW_KPIS.map(({ key, unit }) => {
    const raw = kpis ? kpis[key] : null;
    const label = t(`kpi.${key}` as MessageKey);
    const points = months.map((g) => ({ month: g.key, label: fmt.month(g.key), value: g.kpis[key], text: formatKpi(g.kpis[key], unit, fmt) }));
    return {
      key,
      label,
      value: formatKpi(raw, unit, fmt),
      raw,
      unavailable: result.unavailable[key] ?? null,
      trend: points,
      trendLabel: `${t('kpi.trendOf', { kpi: label })}: ${points.map((p) => `${p.label} ${p.text}`).join(', ')}`,
    };
  });
  const aging = kpis?.aging;
  const buckets = ['current', 'd1_30', 'd31_60', 'd61_90', 'd90plus'] as const;
  const total = aging ? buckets.reduce((s, b) => s + aging[b], 0) : 0;
  const currency = result.reportingCurrency;
  return {
    period: t('kpi.period', { from: fmt.date(result.period.start), to: fmt.date(result.period.end) }),
    currency,
    cards,
    aging: aging
      ? buckets.map((b) => ({ key: b, label: t(`kpi.aging.${b}`), amount: aging[b], text: fmt.money(aging[b], currency, true), share: total > 0 ? aging[b] / total : 0 }))
      : [],
    openAr: fmt.money(kpis?.amounts?.endAr ?? null, currency, true),
    creditSales: fmt.money(kpis?.amounts?.creditSales ?? null, currency, true),
    invoices: fmt.integer(kpis?.counts.cases ?? null),
  };
}
