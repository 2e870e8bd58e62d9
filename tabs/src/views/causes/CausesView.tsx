import { makeStyles, MessageBar, MessageBarBody, Radio, RadioGroup, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import { analysisKey, useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import { filterParam } from '../../api/client.ts';
import type { RootCauseReport } from '../../api/types.ts';
import { ShareBar } from '../../ui/charts.tsx';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { baseline, causeRows, OUTCOMES, outcomeKey, parseOutcome, type CauseRow } from './causes-model.ts';

const useCausesStyles = makeStyles({
  num: { fontVariantNumeric: 'tabular-nums', textAlign: 'end' },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, fontVariantNumeric: 'tabular-nums' },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  sectionTitle: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
});

/** GET /api/logs/:id/root-causes (operation getRootCauses). */
export const ROOT_CAUSES_PATH = (log: string) => `/api/logs/${encodeURIComponent(log)}/root-causes`;

export interface CausesState {
  readonly app: AppContextValue;
  readonly report: Resource<RootCauseReport>;
}

export function useCausesState(): CausesState {
  const app = useApp();
  const outcome = parseOutcome(app.route.outcome);
  const report = useResource(analysisKey(app, 'causes', outcome), () => app.api.get<RootCauseReport>(ROOT_CAUSES_PATH(app.log.id), { filter: filterParam(app.filter), outcomes: outcome }));
  return { app, report };
}

export default function CausesView() {
  const state = useCausesState();
  const styles = useCausesStyles();
  return renderCauses(state, styles);
}

function causeTable(rows: readonly CauseRow[], label: string, testId: string, state: CausesState, styles: ReturnType<typeof useCausesStyles>) {
  const { t } = state.app;
  const max = Math.max(1, ...rows.map((r) => r.liftValue));
  return (
    <Table aria-label={label} size="small" data-testid={testId}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{t('causes.attribute')}</TableHeaderCell>
          <TableHeaderCell>{t('causes.value')}</TableHeaderCell>
          <TableHeaderCell>{t('causes.lift')}</TableHeaderCell>
          <TableHeaderCell>{t('causes.rate')}</TableHeaderCell>
          <TableHeaderCell>{t('causes.support')}</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key}>
            <TableCell>{r.attribute}</TableCell>
            <TableCell>
              {r.value}
              {r.explainedBy && (
                <div className={styles.muted} data-user-content>
                  ≈ {r.explainedBy}
                </div>
              )}
            </TableCell>
            <TableCell>
              <span className={styles.bar}>
                <ShareBar share={r.liftValue / max} label={r.lift} />
                {r.lift}
              </span>
            </TableCell>
            <TableCell className={styles.num}>{r.rate}</TableCell>
            <TableCell className={styles.num}>{r.support}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function renderCauses(state: CausesState, styles: ReturnType<typeof useCausesStyles>) {
  const { app } = state;
  const { t, fmt, navigate } = app;
  const outcome = parseOutcome(app.route.outcome);
  return (
    <Page
      title={t('causes.title')}
      help={t('causes.help')}
      testId="view-causes"
      actions={
        <RadioGroup layout="horizontal" aria-label={t('causes.outcome')} value={outcome} onChange={(_, d) => navigate({ outcome: d.value }, { replace: true })}>
          {OUTCOMES.map((o) => (
            <Radio key={o} value={o} label={t(outcomeKey(o))} />
          ))}
        </RadioGroup>
      }
    >
      {(state.report.error as { status?: number } | undefined)?.status === 404 ? (
        <MessageBar intent="warning">
          <MessageBarBody>{t('app.notOffered')}</MessageBarBody>
        </MessageBar>
      ) : (
        renderResource(state.report, t, (report) => {
          const result = report.outcomes.find((o) => o.outcome === outcome);
          if (!result) return <p>{t('causes.none')}</p>;
          if (result.unavailable) return <p data-user-content>{result.unavailable}</p>;
          const attributes = causeRows(result.attributes, t, fmt);
          const paths = causeRows(result.paths, t, fmt);
          return (
            <>
              <p className={styles.muted}>{baseline(result, t, fmt)}</p>
              <h3 className={styles.sectionTitle}>{t('causes.attributes')}</h3>
              {attributes.length === 0 ? <p>{t('causes.none')}</p> : causeTable(attributes, t('causes.attributes'), 'causes-attributes', state, styles)}
              <h3 className={styles.sectionTitle}>{t('causes.paths')}</h3>
              {paths.length === 0 ? <p>{t('causes.none')}</p> : causeTable(paths, t('causes.paths'), 'causes-paths', state, styles)}
            </>
          );
        })
      )}
    </Page>
  );
}
