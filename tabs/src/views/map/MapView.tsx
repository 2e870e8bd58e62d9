import { Button, Link, makeStyles, MessageBar, MessageBarActions, MessageBarBody, Radio, RadioGroup, Slider, Spinner, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import { analysisKey, useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import type { CasePage, ProcessMap as ProcessMapData, VariantPage } from '../../api/types.ts';
import { activityLabel } from '../../i18n/catalogue.ts';
import { isDerivedActivity } from '../../map/activity-kind.ts';
import { browserElk } from '../../map/elk-browser.ts';
import { Legend } from '../../map/Legend.tsx';
import { ProcessMap } from '../../map/ProcessMap.tsx';
import { buildMapModel, type MapModel } from '../../map/view-model.ts';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { parseSelection, selectionFilter, toMapData, withFilter, type MapSelection } from './map-view-model.ts';

const useMapViewStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXXL}` },
  slider: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  sliderValue: { minWidth: '4ch', fontVariantNumeric: 'tabular-nums' },
  shown: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  body: { display: 'flex', gap: tokens.spacingHorizontalL, alignItems: 'stretch', minWidth: 0 },
  mapColumn: { flexGrow: 1, minWidth: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  panel: {
    width: '320px',
    flexShrink: 0,
    display: 'flex',
    flexDirection: 'column',
    gap: tokens.spacingVerticalS,
    padding: tokens.spacingHorizontalM,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    maxHeight: '62vh',
    overflowY: 'auto',
  },
  panelTitle: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  caseList: { listStyleType: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  dim: { opacity: 0.6 },
});

export interface MapViewState {
  readonly app: AppContextValue;
  readonly map: Resource<ProcessMapData>;
  readonly model: MapModel | null;
  readonly highlight: readonly string[] | null;
  readonly selection: MapSelection | null;
  readonly cases: Resource<CasePage>;
  readonly label: (activity: string) => string;
}

let firstMapRecorded = false;

/** Time to first map: from navigation start to the first drawn layout, read by the browser test. */
function recordFirstMap(): void {
  if (firstMapRecorded) return;
  firstMapRecorded = true;
  performance.mark('cl:first-map');
  document.body.dataset.firstMapMs = String(Math.round(performance.now()));
}

export function useMapViewState(): MapViewState {
  const app = useApp();
  const { api, log, filter, route } = app;
  // The server projects the activity slider (hidden activities' neighbours connect); the path
  // slider is applied here, instantly, on the full set of arcs.
  const map = useResource(analysisKey(app, 'map', route.activities), () =>
    api.map(log.id, filter, { activities: route.activities, paths: 100 }).then((data) => {
      performance.mark('cl:map-data');
      return data;
    }),
  );
  const variants = useResource<VariantPage | null>(route.variant === null ? null : analysisKey(app, 'variants', route.variant), () =>
    api.variants(log.id, filter, { limit: Math.min(500, Math.max(50, route.variant! + 1)) }),
  );
  const highlight = route.variant === null ? null : (variants.data?.items.find((v) => v.rank === route.variant)?.activities ?? null);
  const selection = parseSelection(route.select);
  const cases = useResource(selection ? analysisKey(app, 'selection', route.select) : null, () =>
    api.cases(log.id, withFilter(filter, selectionFilter(selection!)), { limit: 25 }),
  );
  const label = useMemo(() => (name: string) => activityLabel(app.t, name), [app.t]);
  const model = useMemo(() => {
    if (!map.data) return null;
    return buildMapModel(toMapData(map.data), {
      mode: route.mode,
      sliders: { activities: route.activities, paths: route.paths },
      activitiesApplied: true,
      theme: app.theme,
      highlight,
      isDerived: isDerivedActivity,
      label,
      startLabel: app.t('map.start'),
      endLabel: app.t('map.end'),
      formatCount: app.fmt.integer,
      formatDuration: app.fmt.duration,
    });
  }, [map.data, route.mode, route.activities, route.paths, app.theme, highlight, label, app.t, app.fmt]);
  return { app, map, model, highlight, selection, cases, label };
}

export function MapView() {
  const state = useMapViewState();
  const styles = useMapViewStyles();
  return renderMapView(state, styles);
}

export function renderMapView(state: MapViewState, styles: ReturnType<typeof useMapViewStyles>) {
  const { app, model } = state;
  const { t, route, navigate, fmt } = app;
  const percentSlider = (name: 'activities' | 'paths', labelKey: 'map.activities' | 'map.paths') => (
    <div className={styles.slider}>
      <label htmlFor={`slider-${name}`}>{t(labelKey)}</label>
      <Slider
        id={`slider-${name}`}
        data-testid={`slider-${name}`}
        min={0}
        max={100}
        value={route[name]}
        onChange={(_, data) => navigate({ [name]: data.value }, { replace: true })}
        aria-valuetext={t('map.sliderValue', { value: route[name] })}
      />
      <span className={styles.sliderValue} aria-hidden="true">
        {t('map.sliderValue', { value: route[name] })}
      </span>
    </div>
  );
  return (
    <Page
      title={t('map.title')}
      testId="view-map"
      actions={
        model && (
          <span className={styles.shown} data-testid="map-shown" aria-live="polite">
            {t('map.shown', { activities: fmt.integer(model.shownActivities), totalActivities: fmt.integer(model.totalActivities), edges: fmt.integer(model.shownArcs), totalEdges: fmt.integer(model.totalArcs) })}
          </span>
        )
      }
    >
      <div className={styles.toolbar} role="group" aria-label={t('map.mode')}>
        <RadioGroup layout="horizontal" aria-label={t('map.mode')} value={route.mode} onChange={(_, data) => navigate({ mode: data.value === 'performance' ? 'performance' : 'frequency' }, { replace: true })}>
          <Radio value="frequency" label={t('map.mode.frequency')} data-testid="mode-frequency" />
          <Radio value="performance" label={t('map.mode.performance')} data-testid="mode-performance" />
        </RadioGroup>
        {percentSlider('activities', 'map.activities')}
        {percentSlider('paths', 'map.paths')}
      </div>
      {route.variant !== null && (
        <MessageBar intent="info">
          <MessageBarBody>{t('map.highlighted', { rank: route.variant + 1 })}</MessageBarBody>
          <MessageBarActions>
            <Button onClick={() => navigate({ variant: null })}>{t('map.clearHighlight')}</Button>
          </MessageBarActions>
        </MessageBar>
      )}
      {renderResource(state.map, t, () =>
        !model || model.empty ? (
          <MessageBar intent="warning">
            <MessageBarBody>{t('map.empty')}</MessageBarBody>
          </MessageBar>
        ) : (
          <div className={styles.body}>
            <div className={styles.mapColumn}>
              <ProcessMap
                model={model}
                elk={browserElk()}
                t={t}
                fmt={fmt}
                theme={app.theme}
                label={state.label}
                ariaLabel={t('map.aria', { activities: model.shownActivities, edges: model.shownArcs })}
                selected={route.select}
                onSelect={(id) => navigate({ select: id })}
                onLaidOut={recordFirstMap}
              />
              <Legend model={model} mode={route.mode} theme={app.theme} t={t} />
            </div>
            {state.selection && renderSelection(state, styles)}
          </div>
        ),
      )}
    </Page>
  );
}

function renderSelection(state: MapViewState, styles: ReturnType<typeof useMapViewStyles>) {
  const { app, selection } = state;
  const { t, fmt, navigate, route } = app;
  if (!selection) return null;
  const title =
    selection.kind === 'activity'
      ? t('details.activityCases', { activity: state.label(selection.activity) })
      : t('details.edgeCases', { from: state.label(selection.from), to: state.label(selection.to) });
  return (
    <aside className={styles.panel} aria-labelledby="selection-title" data-testid="selection-panel">
      <h3 id="selection-title" className={styles.panelTitle}>
        {title}
      </h3>
      {renderResource(state.cases, t, (page) => (
        <div className={state.cases.loading ? styles.dim : undefined}>
          <p>{t('details.more', { shown: fmt.integer(page.items.length), total: fmt.integer(page.total) })}</p>
          <ul className={styles.caseList}>
            {page.items.map((c) => (
              <li key={c.caseId}>
                <Link href={app.hrefFor({ view: 'cases', invoice: c.caseId, select: null })} onClick={(e) => {
                  e.preventDefault();
                  navigate({ view: 'cases', invoice: c.caseId, select: null });
                }}>
                  {c.caseId}
                </Link>{' '}
                {typeof c.attributes.CustomerName === 'string' ? `· ${c.attributes.CustomerName}` : ''}
              </li>
            ))}
          </ul>
        </div>
      ))}
      <Button onClick={() => navigate({ filter: withFilter(route.filter, selectionFilter(selection)), select: null })}>{t('details.filterTo')}</Button>
      <Button appearance="subtle" onClick={() => navigate({ select: null })}>
        {t('app.close')}
      </Button>
      {state.cases.loading && <Spinner size="tiny" />}
    </aside>
  );
}
