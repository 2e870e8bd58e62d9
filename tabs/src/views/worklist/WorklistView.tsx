import { Badge, makeStyles, MessageBar, MessageBarBody, tokens } from '@fluentui/react-components';
import { useApp, type AppContextValue } from '../../app/app-context.ts';
import { filterParam } from '../../api/client.ts';
import type { WorklistPage } from '../../api/types.ts';
import { InvoiceTable, useInvoiceTableState, type InvoiceTableState } from '../../ui/InvoiceTable.tsx';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { worklistRows } from './worklist-model.ts';

const useWorklistStyles = makeStyles({
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** GET /api/logs/:id/worklist (operation listWorklist), highest priority first. */
export const WORKLIST_PATH = (log: string) => `/api/logs/${encodeURIComponent(log)}/worklist`;

export interface WorklistState {
  readonly app: AppContextValue;
  readonly list: InvoiceTableState<WorklistPage>;
}

export function useWorklistState(): WorklistState {
  const app = useApp();
  const list = useInvoiceTableState(['worklist'], (limit) => app.api.get<WorklistPage>(WORKLIST_PATH(app.log.id), { filter: filterParam(app.filter), limit }));
  return { app, list };
}

export default function WorklistView() {
  const state = useWorklistState();
  const styles = useWorklistStyles();
  return renderWorklist(state, styles);
}

export function renderWorklist(state: WorklistState, styles: ReturnType<typeof useWorklistStyles>) {
  const { app } = state;
  const { t, fmt } = app;
  return (
    <Page title={t('worklist.title')} help={t('worklist.help')} testId="view-worklist">
      {(state.list.page.error as { status?: number } | undefined)?.status === 404 ? (
        <MessageBar intent="warning">
          <MessageBarBody>{t('app.notOffered')}</MessageBarBody>
        </MessageBar>
      ) : (
        renderResource(state.list.page, t, (list) => {
          const rows = worklistRows(list, t, fmt);
          if (rows.length === 0) return <p>{t('worklist.none')}</p>;
          return (
            <>
              <p className={styles.muted}>{t('app.asOf', { date: fmt.date(list.asOf) })}</p>
              <InvoiceTable
                state={state.list}
                page={list}
                rows={rows}
                rowKey={(r) => r.caseId}
                label={t('worklist.title')}
                testId="worklist-table"
                invoiceLabel={t('worklist.invoice')}
                columns={[
                  { label: t('worklist.customer'), cell: (r) => r.customer },
                  { label: t('worklist.open'), cell: (r) => r.open, numeric: true },
                  { label: t('worklist.daysOverdue'), cell: (r) => r.daysOverdue, numeric: true },
                  {
                    label: t('worklist.action'),
                    cell: (r) => (
                      <>
                        {r.action}{' '}
                        {r.overdueAction && (
                          <Badge color="danger" appearance="tint" size="small">
                            {t('worklist.late')}
                          </Badge>
                        )}
                      </>
                    ),
                  },
                  { label: t('worklist.dueBy'), cell: (r) => r.dueBy },
                  { label: t('worklist.predicted'), cell: (r) => r.prediction },
                  { label: t('worklist.collector'), cell: (r) => r.collector },
                ]}
                shownMessage="worklist.shown"
              />
            </>
          );
        })
      )}
    </Page>
  );
}
