import { Button, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { analysisKey, useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import type { VariantPage } from '../../api/types.ts';
import { ShareBar } from '../../ui/charts.tsx';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { withFilter } from '../map/map-view-model.ts';
import { variantRows } from './variants-model.ts';

const useVariantStyles = makeStyles({
  path: { display: 'flex', flexWrap: 'wrap', gap: '2px 4px', listStyleType: 'none', margin: 0, padding: 0, fontSize: tokens.fontSizeBase200 },
  step: { '::after': { content: '"→"', marginLeft: '4px', color: tokens.colorNeutralForeground3 }, ':last-child::after': { content: '""' } },
  share: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS, fontVariantNumeric: 'tabular-nums' },
  actions: { display: 'flex', gap: tokens.spacingHorizontalXS, flexWrap: 'wrap' },
  num: { fontVariantNumeric: 'tabular-nums', textAlign: 'end' },
  selected: { backgroundColor: tokens.colorNeutralBackground1Selected },
  summary: { margin: 0, color: tokens.colorNeutralForeground2 },
});

export interface VariantsState {
  readonly app: AppContextValue;
  readonly page: Resource<VariantPage>;
  readonly limit: number;
  showMore(): void;
}

export function useVariantsState(): VariantsState {
  const app = useApp();
  const [limit, setLimit] = useState(50);
  const page = useResource(analysisKey(app, 'variants', limit), () => app.api.variants(app.log.id, app.filter, { limit }));
  return { app, page, limit, showMore: () => setLimit((l) => Math.min(500, l + 50)) };
}

export default function VariantsView() {
  const state = useVariantsState();
  const styles = useVariantStyles();
  return renderVariants(state, styles);
}

export function renderVariants(state: VariantsState, styles: ReturnType<typeof useVariantStyles>) {
  const { app } = state;
  const { t, fmt, navigate, route } = app;
  return (
    <Page title={t('variants.title')} testId="view-variants">
      {renderResource(state.page, t, (page) => {
        const rows = variantRows(page.items, t, fmt);
        return (
          <>
            <p className={styles.summary}>{t('variants.count', { count: page.total, cases: fmt.integer(page.cases) })}</p>
            <Table aria-label={t('variants.title')} size="small" data-testid="variants-table">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>{t('variants.rankHeader')}</TableHeaderCell>
                  <TableHeaderCell>{t('variants.share')}</TableHeaderCell>
                  <TableHeaderCell>{t('variants.cases')}</TableHeaderCell>
                  <TableHeaderCell>{t('variants.meanDuration')}</TableHeaderCell>
                  <TableHeaderCell>{t('variants.medianDuration')}</TableHeaderCell>
                  <TableHeaderCell style={{ width: '45%' }}>{t('variants.path')}</TableHeaderCell>
                  <TableHeaderCell>{t('variants.actions')}</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {rows.map((row) => (
                  <TableRow key={row.rank} className={route.variant === row.rank ? styles.selected : undefined} data-variant={row.rank}>
                    <TableCell>{row.title}</TableCell>
                    <TableCell>
                      <span className={styles.share}>
                        <ShareBar share={row.share} label={row.shareText} />
                        {row.shareText}
                      </span>
                    </TableCell>
                    <TableCell className={styles.num}>{row.cases}</TableCell>
                    <TableCell className={styles.num}>{row.meanDuration}</TableCell>
                    <TableCell className={styles.num}>{row.medianDuration}</TableCell>
                    <TableCell>
                      <ol className={styles.path} aria-label={row.steps}>
                        {row.path.map((step, i) => (
                          <li key={i} className={styles.step}>
                            {step}
                          </li>
                        ))}
                      </ol>
                    </TableCell>
                    <TableCell>
                      <div className={styles.actions}>
                        <Button size="small" appearance="primary" onClick={() => navigate({ view: 'map', variant: row.rank, select: null })} data-testid={`show-variant-${row.rank}`}>
                          {t('variants.showOnMap')}
                        </Button>
                        <Button size="small" onClick={() => navigate({ filter: withFilter(route.filter, { kind: 'variant', variants: [[...row.activities]] }), variant: null })}>
                          {t('variants.filter')}
                        </Button>
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {page.items.length < page.total && state.limit < 500 && <Button onClick={state.showMore}>{t('variants.more')}</Button>}
          </>
        );
      })}
    </Page>
  );
}
