import { Button, makeStyles, Radio, RadioGroup, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import { analysisKey, useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import type { BottleneckList } from '../../api/types.ts';
import { ShareBar } from '../../ui/charts.tsx';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { bottleneckRows } from './bottlenecks-model.ts';

const useBottleneckStyles = makeStyles({
  num: { fontVariantNumeric: 'tabular-nums', textAlign: 'end' },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, fontVariantNumeric: 'tabular-nums' },
});

export interface BottlenecksState {
  readonly app: AppContextValue;
  readonly list: Resource<BottleneckList>;
}

export function useBottlenecksState(): BottlenecksState {
  const app = useApp();
  const list = useResource(analysisKey(app, 'bottlenecks', app.route.rankBy), () => app.api.bottlenecks(app.log.id, app.filter, { rankBy: app.route.rankBy, limit: 25 }));
  return { app, list };
}

export default function BottlenecksView() {
  const state = useBottlenecksState();
  const styles = useBottleneckStyles();
  return renderBottlenecks(state, styles);
}

export function renderBottlenecks(state: BottlenecksState, styles: ReturnType<typeof useBottleneckStyles>) {
  const { t, fmt, route, navigate } = state.app;
  return (
    <Page
      title={t('bottlenecks.title')}
      help={t('bottlenecks.help')}
      testId="view-bottlenecks"
      actions={
        <RadioGroup layout="horizontal" aria-label={t('bottlenecks.rankBy')} value={route.rankBy} onChange={(_, d) => navigate({ rankBy: d.value === 'wait' ? 'wait' : 'exposure' }, { replace: true })}>
          <Radio value="exposure" label={t('bottlenecks.rankBy.exposure')} />
          <Radio value="wait" label={t('bottlenecks.rankBy.wait')} />
        </RadioGroup>
      }
    >
      {renderResource(state.list, t, (list) => (
        <Table aria-label={t('bottlenecks.title')} size="small" data-testid="bottlenecks-table">
          <TableHeader>
            <TableRow>
              <TableHeaderCell>{t('bottlenecks.from')}</TableHeaderCell>
              <TableHeaderCell>{t('bottlenecks.to')}</TableHeaderCell>
              <TableHeaderCell>{t('bottlenecks.exposure')}</TableHeaderCell>
              <TableHeaderCell>{t('bottlenecks.cases')}</TableHeaderCell>
              <TableHeaderCell>{t('bottlenecks.meanWait')}</TableHeaderCell>
              <TableHeaderCell>{t('bottlenecks.medianWait')}</TableHeaderCell>
              <TableHeaderCell>{t('bottlenecks.totalWait')}</TableHeaderCell>
              <TableHeaderCell>{t('variants.actions')}</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {bottleneckRows(list.items, t, fmt).map((row) => (
              <TableRow key={row.key}>
                <TableCell>{row.from}</TableCell>
                <TableCell>{row.to}</TableCell>
                <TableCell>
                  <span className={styles.bar}>
                    <ShareBar share={row.exposureShare} label={row.exposure} />
                    {row.exposure}
                  </span>
                </TableCell>
                <TableCell className={styles.num}>{row.cases}</TableCell>
                <TableCell className={styles.num}>{row.meanWait}</TableCell>
                <TableCell className={styles.num}>{row.medianWait}</TableCell>
                <TableCell className={styles.num}>{row.totalWait}</TableCell>
                <TableCell>
                  <Button size="small" onClick={() => navigate({ view: 'map', mode: 'performance', select: row.key, paths: 100 })}>
                    {t('bottlenecks.showOnMap')}
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      ))}
    </Page>
  );
}
