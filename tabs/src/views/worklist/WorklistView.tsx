import { Badge, Link, makeStyles, MessageBar, MessageBarBody, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from '@fluentui/react-components';
import type { Worklist } from '../../../../api/engine/worklist/types.ts';
import { analysisKey, useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import { filterParam } from '../../api/client.ts';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { worklistRows } from './worklist-model.ts';

const useWorklistStyles = makeStyles({
  num: { fontVariantNumeric: 'tabular-nums', textAlign: 'end' },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** The API route of the worklist (engine: api/engine/worklist); 404 until the server offers it. */
export const WORKLIST_PATH = (log: string) => `/api/logs/${encodeURIComponent(log)}/worklist`;

export interface WorklistState {
  readonly app: AppContextValue;
  readonly list: Resource<Worklist>;
}

export function useWorklistState(): WorklistState {
  const app = useApp();
  const list = useResource(analysisKey(app, 'worklist'), () => app.api.get<Worklist>(WORKLIST_PATH(app.log.id), { filter: filterParam(app.filter) }));
  return { app, list };
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
            </>
          );
        })
      )}
    </Page>
  );
}
