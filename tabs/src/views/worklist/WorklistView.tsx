import { Badge, Button, Link, makeStyles, MessageBar, MessageBarBody, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { analysisKey, useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import { filterParam } from '../../api/client.ts';
import type { WorklistPage } from '../../api/types.ts';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { worklistRows } from './worklist-model.ts';

const useWorklistStyles = makeStyles({
  num: { fontVariantNumeric: 'tabular-nums', textAlign: 'end' },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** GET /api/logs/:id/worklist (operation listWorklist), highest priority first. */
export const WORKLIST_PATH = (log: string) => `/api/logs/${encodeURIComponent(log)}/worklist`;

export interface WorklistState {
  readonly app: AppContextValue;
  readonly list: Resource<WorklistPage>;
  readonly limit: number;
  more(): void;
}

export function useWorklistState(): WorklistState {
  const app = useApp();
  const [limit, setLimit] = useState(50);
  const list = useResource(analysisKey(app, 'worklist', limit), () => app.api.get<WorklistPage>(WORKLIST_PATH(app.log.id), { filter: filterParam(app.filter), limit }));
  return { app, list, limit, more: () => setLimit((l) => Math.min(500, l + 50)) };
}

export default function WorklistView() {
  const state = useWorklistState();
  const styles = useWorklistStyles();
  return renderWorklist(state, styles);
}

export function renderWorklist(state: WorklistState, styles: ReturnType<typeof useWorklistStyles>) {
  const { app } = state;
  const { t, fmt, navigate } = app;
  return (
    <Page title={t('worklist.title')} help={t('worklist.help')} testId="view-worklist">
      {(state.list.error as { status?: number } | undefined)?.status === 404 ? (
        <MessageBar intent="warning">
          <MessageBarBody>{t('app.notOffered')}</MessageBarBody>
        </MessageBar>
      ) : (
        renderResource(state.list, t, (list) => {
          const rows = worklistRows(list, t, fmt);
          if (rows.length === 0) return <p>{t('worklist.none')}</p>;
          return (
            <>
              <p className={styles.muted}>{t('app.asOf', { date: fmt.date(list.asOf) })}</p>
              <Table aria-label={t('worklist.title')} size="small" data-testid="worklist-table">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>{t('worklist.invoice')}</TableHeaderCell>
                    <TableHeaderCell>{t('worklist.customer')}</TableHeaderCell>
                    <TableHeaderCell>{t('worklist.open')}</TableHeaderCell>
                    <TableHeaderCell>{t('worklist.daysOverdue')}</TableHeaderCell>
                    <TableHeaderCell>{t('worklist.action')}</TableHeaderCell>
                    <TableHeaderCell>{t('worklist.dueBy')}</TableHeaderCell>
                    <TableHeaderCell>{t('worklist.predicted')}</TableHeaderCell>
                    <TableHeaderCell>{t('worklist.collector')}</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {rows.map((r) => (
                    <TableRow key={r.caseId}>
                      <TableCell>
                        <Link
                          href={app.hrefFor({ view: 'cases', invoice: r.caseId })}
                          onClick={(e) => {
                            e.preventDefault();
                            navigate({ view: 'cases', invoice: r.caseId });
                          }}
                        >
                          {r.caseId}
                        </Link>
                      </TableCell>
                      <TableCell>{r.customer}</TableCell>
                      <TableCell className={styles.num}>{r.open}</TableCell>
                      <TableCell className={styles.num}>{r.daysOverdue}</TableCell>
                      <TableCell>
                        {r.action}{' '}
                        {r.overdueAction && (
                          <Badge color="danger" appearance="tint" size="small">
                            {t('worklist.late')}
                          </Badge>
                        )}
                      </TableCell>
                      <TableCell>{r.dueBy}</TableCell>
                      <TableCell>{r.prediction}</TableCell>
                      <TableCell>{r.collector}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
              <p className={styles.muted}>{t('worklist.shown', { shown: fmt.integer(rows.length), total: fmt.integer(list.total) })}</p>
              {list.nextCursor && state.limit < 500 && <Button onClick={state.more}>{t('app.showMore')}</Button>}
            </>
          );
        })
      )}
    </Page>
  );
}
