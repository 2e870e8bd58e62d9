import { Dropdown, Field, makeStyles, MessageBar, MessageBarBody, Option, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import { useMemo } from 'react';
import { analysisKey, useApp, type AppContextValue } from '../../app/app-context.ts';
import { effectiveFilter, teamChoices } from '../../app/team-filter.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import type { FilterSpec, KpiResult, ProcessMap as ProcessMapData } from '../../api/types.ts';
import { activityLabel } from '../../i18n/catalogue.ts';
import { isDerivedActivity } from '../../map/activity-kind.ts';
import { browserElk } from '../../map/elk-browser.ts';
import { ProcessMap } from '../../map/ProcessMap.tsx';
import { buildMapModel } from '../../map/view-model.ts';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { toMapData } from '../map/map-view-model.ts';
import { compareRows } from './compare-model.ts';

const useCompareStyles = makeStyles({
  pickers: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL },
  num: { fontVariantNumeric: 'tabular-nums', textAlign: 'end' },
  maps: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: tokens.spacingHorizontalL },
  mapTitle: { margin: `0 0 ${tokens.spacingVerticalS} 0`, fontSize: tokens.fontSizeBase400 },
});

interface Side {
  readonly team: string | null;
  readonly filter: FilterSpec;
  readonly kpis: Resource<KpiResult>;
  readonly map: Resource<ProcessMapData>;
}

export interface CompareState {
  readonly app: AppContextValue;
  readonly choices: readonly string[];
  readonly left: Side;
  readonly right: Side;
}

function useSide(app: AppContextValue, team: string | null): Side {
  const filter = useMemo(() => effectiveFilter(app.route.filter, app.teams.find((t) => t.name === team)), [app.route.filter, app.teams, team]);
  const enabled = team !== null;
  const kpis = useResource(enabled ? analysisKey(app, 'compare-kpis', filter) : null, () => app.api.kpis(app.log.id, filter));
  const map = useResource(enabled ? analysisKey(app, 'compare-map', filter, app.route.activities) : null, () => app.api.map(app.log.id, filter, { activities: app.route.activities, paths: 100 }));
  return { team, filter, kpis, map };
}

export function useCompareState(): CompareState {
  const app = useApp();
  const choices = teamChoices(app.me.role, app.teams);
  const leftTeam = app.route.team ?? choices[0] ?? null;
  const rightTeam = app.route.teamB ?? choices.find((c) => c !== leftTeam) ?? null;
  return { app, choices, left: useSide(app, leftTeam), right: useSide(app, rightTeam) };
}

export default function CompareView() {
  const state = useCompareState();
  const styles = useCompareStyles();
  return renderCompare(state, styles);
}

function renderSideMap(state: CompareState, side: Side) {
  const { app } = state;
  const { t, fmt, route } = app;
  const label = (name: string) => activityLabel(t, name);
  return renderResource(side.map, t, (data) => {
    const model = buildMapModel(toMapData(data), {
      mode: route.mode,
      sliders: { activities: route.activities, paths: route.paths },
      activitiesApplied: true,
      theme: app.theme,
      isDerived: isDerivedActivity,
      label,
      startLabel: t('map.start'),
      endLabel: t('map.end'),
      formatCount: fmt.integer,
      formatDuration: fmt.duration,
    });
    return (
      <ProcessMap
        model={model}
        elk={browserElk()}
        t={t}
        fmt={fmt}
        theme={app.theme}
        label={label}
        ariaLabel={`${side.team ?? ''}: ${t('map.aria', { activities: model.shownActivities, edges: model.shownArcs })}`}
        selected={null}
        onSelect={() => undefined}
      />
    );
  });
}

export function renderCompare(state: CompareState, styles: ReturnType<typeof useCompareStyles>) {
  const { app, choices, left, right } = state;
  const { t, fmt, navigate } = app;
  if (choices.length < 2) {
    return (
      <Page title={t('compare.title')} testId="view-compare">
        <MessageBar intent="info">
          <MessageBarBody>{t('compare.pick')}</MessageBarBody>
        </MessageBar>
      </Page>
    );
  }
  const picker = (label: string, value: string | null, onPick: (team: string) => void, testId: string) => (
    <Field label={label}>
      <Dropdown data-testid={testId} value={value ?? ''} selectedOptions={value ? [value] : []} onOptionSelect={(_, d) => d.optionValue && onPick(d.optionValue)}>
        {choices.map((c) => (
          <Option key={c} value={c}>
            {c}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
  const rows = compareRows(left.kpis.data?.kpis ?? null, right.kpis.data?.kpis ?? null, t, fmt);
  return (
    <Page title={t('compare.title')} testId="view-compare">
      <div className={styles.pickers}>
        {picker(t('compare.left'), left.team, (team) => navigate({ team }), 'compare-left')}
        {picker(t('compare.right'), right.team, (team) => navigate({ teamB: team }), 'compare-right')}
      </div>
      {renderResource(left.kpis, t, () => (
        <Table aria-label={t('compare.title')} size="small" data-testid="compare-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('kpi.title')}</TableHeaderCell>
              <TableHeaderCell>{left.team}</TableHeaderCell>
              <TableHeaderCell>{right.team}</TableHeaderCell>
              <TableHeaderCell>{t('compare.difference')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.key}>
                <TableCell>{row.label}</TableCell>
                <TableCell className={styles.num}>{row.left}</TableCell>
                <TableCell className={styles.num}>{row.right}</TableCell>
                <TableCell className={styles.num}>{row.difference}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ))}
      <div className={styles.maps}>
        {[left, right].map((side, i) => (
          <section key={i} aria-label={side.team ?? ''}>
            <h3 className={styles.mapTitle}>{side.team}</h3>
            {renderSideMap(state, side)}
          </section>
        ))}
      </div>
    </Page>
  );
}
