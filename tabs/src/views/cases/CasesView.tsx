import {
  Button,
  Field,
  Input,
  Link,
  makeStyles,
  Select,
  Table,
  TableBody,
  TableCell,
  TableRow,
  tokens,
} from '@fluentui/react-components';
import { useState } from 'react';
import { analysisKey, useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import type { CasePage } from '../../api/types.ts';
import { ColumnHeaders } from '../../ui/ColumnHeaders.tsx';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { caseRows } from './cases-model.ts';
import { Timeline } from './Timeline.tsx';

const useCasesStyles = makeStyles({
  toolbar: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: tokens.spacingHorizontalL },
  num: { fontVariantNumeric: 'tabular-nums', textAlign: 'end' },
  pager: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalM },
  dim: { opacity: 0.6 },
});

type Sort = 'log' | 'duration' | 'start';

export interface CasesState {
  readonly app: AppContextValue;
  readonly page: Resource<CasePage>;
  readonly sort: Sort;
  setSort(sort: Sort): void;
  readonly search: string;
  setSearch(value: string): void;
  readonly pageNumber: number;
  next(cursor: string): void;
  previous(): void;
  open(caseId: string): void;
}

const PAGE_SIZE = 25;

export function useCasesState(): CasesState {
  const app = useApp();
  const [sort, setSort] = useState<Sort>('duration');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const [search, setSearch] = useState('');
  const cursor = cursors[cursors.length - 1];
  const page = useResource(app.route.invoice ? null : analysisKey(app, 'cases', sort, cursor), () => app.api.cases(app.log.id, app.filter, { sort, cursor, limit: PAGE_SIZE }));
  return {
    app,
    page,
    sort,
    setSort: (s) => {
      setSort(s);
      setCursors([undefined]);
    },
    search,
    setSearch,
    pageNumber: cursors.length,
    next: (c) => setCursors((list) => [...list, c]),
    previous: () => setCursors((list) => (list.length > 1 ? list.slice(0, -1) : list)),
    open: (caseId) => app.navigate({ invoice: caseId.trim() }),
  };
}

export default function CasesView() {
  const app = useApp();
  if (app.route.invoice) return <Timeline invoice={app.route.invoice} />;
  return <CaseList />;
}

function CaseList() {
  const state = useCasesState();
  const styles = useCasesStyles();
  return renderCases(state, styles);
}

export function renderCases(state: CasesState, styles: ReturnType<typeof useCasesStyles>) {
  const { app } = state;
  const { t, fmt } = app;
  return (
    <Page title={t('cases.title')} testId="view-cases">
      <div className={styles.toolbar}>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (state.search.trim()) state.open(state.search);
          }}
        >
          <Field label={t('cases.search')}>
            <Input value={state.search} onChange={(_, d) => state.setSearch(d.value)} placeholder="INV-US01-0001234" data-testid="case-search" />
          </Field>
        </form>
        <Field label={t('cases.sortBy')}>
          <Select value={state.sort} onChange={(_, d) => state.setSort(d.value as Sort)}>
            <option value="duration">{t('cases.duration')}</option>
            <option value="start">{t('cases.started')}</option>
            <option value="log">{t('cases.invoice')}</option>
          </Select>
        </Field>
      </div>
      {renderResource(state.page, t, (page) => {
        const rows = caseRows(page.items, t, fmt);
        const pages = Math.max(1, Math.ceil(page.total / PAGE_SIZE));
        return (
          <div className={state.page.loading ? styles.dim : undefined}>
            <p>{t('cases.count', { count: page.total })}</p>
            {rows.length === 0 ? (
              <p>{t('cases.none')}</p>
            ) : (
              <Table aria-label={t('cases.title')} size="small" data-testid="cases-table">
                <ColumnHeaders
                  columns={[
                    t('cases.invoice'),
                    t('cases.customer'),
                    t('cases.segment'),
                    t('cases.amount'),
                    t('cases.status'),
                    t('cases.collector'),
                    t('cases.started'),
                    t('cases.duration'),
                    t('cases.events'),
                  ]}
                />
                <TableBody>
                  {rows.map((row) => (
                    <TableRow key={row.caseId}>
                      <TableCell>
                        <Link
                          href={app.hrefFor({ invoice: row.caseId })}
                          aria-label={t('cases.open', { invoice: row.caseId })}
                          onClick={(e) => {
                            e.preventDefault();
                            state.open(row.caseId);
                          }}
                        >
                          {row.caseId}
                        </Link>
                      </TableCell>
                      <TableCell>{row.customer}</TableCell>
                      <TableCell>{row.segment}</TableCell>
                      <TableCell className={styles.num}>{row.amount}</TableCell>
                      <TableCell>{row.status}</TableCell>
                      <TableCell>{row.collector}</TableCell>
                      <TableCell>{row.started}</TableCell>
                      <TableCell className={styles.num}>{row.duration}</TableCell>
                      <TableCell className={styles.num}>{row.events}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
            <div className={styles.pager}>
              <Button disabled={state.pageNumber <= 1} onClick={state.previous}>
                {t('cases.previous')}
              </Button>
              <span>{t('cases.page', { page: state.pageNumber, pages })}</span>
              <Button disabled={!page.nextCursor} onClick={() => page.nextCursor && state.next(page.nextCursor)}>
                {t('cases.next')}
              </Button>
            </div>
          </div>
        );
      })}
    </Page>
  );
}
