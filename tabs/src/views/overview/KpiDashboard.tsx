import { makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { analysisKey, useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import type { KpiResult } from '../../api/types.ts';
import { HorizontalBars, Sparkline } from '../../ui/charts.tsx';
import { renderResource } from '../../ui/Loading.tsx';
import { overviewModel, type OverviewModel } from './overview-model.ts';

const useKpiStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalL },
  meta: { color: tokens.colorNeutralForeground2, margin: 0 },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: tokens.spacingHorizontalM, listStyleType: 'none', margin: 0, padding: 0 },
  card: {
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalXS,
    padding: tokens.spacingHorizontalM,
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  cardLabel: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, margin: 0 },
  cardValue: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums', margin: 0 },
  unavailable: { fontSize: tokens.fontSizeBase200, color: tokens.colorNeutralForeground2 },
  row: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL },
  figure: { margin: 0 },
  caption: { fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalS },
  loading: { opacity: 0.6 },
});

export interface KpiDashboardState {
  readonly app: AppContextValue;
  readonly kpis: Resource<KpiResult>;
  readonly trend: Resource<KpiResult>;
  readonly model: OverviewModel | null;
}

export function useKpiDashboardState(filterOverride?: AppContextValue['filter']): KpiDashboardState {
  const app = useApp();
  const filter = filterOverride ?? app.filter;
  const kpis = useResource(analysisKey(app, 'kpis', filter), () => app.api.kpis(app.log.id, filter));
  const trend = useResource(analysisKey(app, 'trend', filter), () => app.api.kpis(app.log.id, filter, { groupBy: 'month', period: 'all' }));
  const model = kpis.data ? overviewModel(kpis.data, trend.data ?? null, app.t, app.fmt) : null;
  return { app, kpis, trend, model };
}

/** The KPI cards with monthly sparklines and the aging chart: the overview, and Power BI's stand-in. */
export function KpiDashboard() {
  const state = useKpiDashboardState();
  const styles = useKpiStyles();
  return renderKpiDashboard(state, styles);
}

export function renderKpiDashboard(state: KpiDashboardState, styles: ReturnType<typeof useKpiStyles>) {
  const { t } = state.app;
  return renderResource(state.kpis, t, () => {
    const model = state.model!;
    return (
      <div className={mergeClasses(styles.root, state.kpis.loading && styles.loading)} data-testid="kpi-dashboard" aria-busy={state.kpis.loading}>
        <p className={styles.meta}>
          {model.period} · {t('kpi.reportingCurrency', { currency: model.currency })}
        </p>
        <ul className={styles.grid} aria-label={t('kpi.title')}>
          <li className={styles.card} data-kpi="cases">
            <p className={styles.cardLabel}>{t('kpi.cases')}</p>
            <p className={styles.cardValue} data-testid="kpi-cases">
              {model.invoices}
            </p>
          </li>
          <li className={styles.card} data-kpi="openAr">
            <p className={styles.cardLabel}>{t('kpi.openAr')}</p>
            <p className={styles.cardValue}>{model.openAr}</p>
          </li>
          <li className={styles.card} data-kpi="creditSales">
            <p className={styles.cardLabel}>{t('kpi.creditSales')}</p>
            <p className={styles.cardValue}>{model.creditSales}</p>
          </li>
          {model.cards.map((card) => (
            <li key={card.key} className={styles.card} data-kpi={card.key}>
              <p className={styles.cardLabel}>{card.label}</p>
              <p className={styles.cardValue} data-testid={`kpi-${card.key}`}>
                {card.value}
              </p>
              {card.unavailable ? (
                <span className={styles.unavailable}>
                  {t('kpi.unavailable')}: {card.unavailable}
                </span>
              ) : (
                card.trend.length > 1 && <Sparkline points={card.trend} label={card.trendLabel} />
              )}
            </li>
          ))}
        </ul>
        {model.aging.length > 0 && (
          <figure className={styles.figure}>
            <figcaption className={styles.caption}>{t('kpi.aging')}</figcaption>
            <HorizontalBars bars={model.aging} label={t('kpi.aging')} />
          </figure>
        )}
      </div>
    );
  });
}
