import { Button, Link, makeStyles, Table, TableBody, TableCell, TableRow, tokens } from '@fluentui/react-components';
import { useState, type ReactNode } from 'react';
import { analysisKey, useApp, type AppContextValue } from '../app/app-context.ts';
import { useResource, type Resource } from '../app/use-resource.ts';
import type { MessageKey } from '../i18n/en.ts';
import { ColumnHeaders } from './ColumnHeaders.tsx';

/** Rows the list starts with, and adds on each "show more". */
const STEP_ROWS = 50;
/** The API's largest page (its `limit` is at most 500). */
const MOST_ROWS = 500;

const useInvoiceTableStyles = makeStyles({
  num: { fontVariantNumeric: 'tabular-nums', textAlign: 'end' },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

/** A list of invoices loaded as one page that "show more" makes longer. */
export interface InvoiceTableState<P> {
  readonly app: AppContextValue;
  readonly page: Resource<P>;
  readonly limit: number;
  more(): void;
  /** Back to the first rows, for when what the list holds changes. */
  reset(): void;
}

/** `load` fetches the first `limit` rows; `key` names the analysis and what it depends on besides the limit. */
export function useInvoiceTableState<P>(key: readonly unknown[], load: (limit: number) => Promise<P>): InvoiceTableState<P> {
  const app = useApp();
  const [limit, setLimit] = useState(STEP_ROWS);
  const page = useResource(analysisKey(app, ...key, limit), () => load(limit));
  return { app, page, limit, more: () => setLimit((l) => Math.min(MOST_ROWS, l + STEP_ROWS)), reset: () => setLimit(STEP_ROWS) };
}

export interface InvoiceColumn<R> {
  readonly label: string;
  readonly cell: (row: R) => ReactNode;
  readonly numeric?: boolean;
  /** The cell shows data as it is (not translated). */
  readonly userContent?: boolean;
}

export interface InvoiceTableProps<R extends { readonly caseId: string }> {
  readonly state: InvoiceTableState<unknown>;
  /** The loaded page the rows were made from. */
  readonly page: { readonly total: number; readonly nextCursor: string | null };
  readonly rows: readonly R[];
  readonly rowKey: (row: R) => string;
  /** The first column's header; its cells link to the invoice's timeline. */
  readonly invoiceLabel: string;
  readonly columns: readonly InvoiceColumn<R>[];
  /** A message with {shown} and {total}. */
  readonly shownMessage: MessageKey;
  readonly label?: string;
  readonly labelledBy?: string;
  readonly testId?: string;
}

export function InvoiceTable<R extends { readonly caseId: string }>(props: InvoiceTableProps<R>) {
  const styles = useInvoiceTableStyles();
  return renderInvoiceTable(props, styles);
}

export function renderInvoiceTable<R extends { readonly caseId: string }>(props: InvoiceTableProps<R>, styles: ReturnType<typeof useInvoiceTableStyles>) {
  const { state, page, rows } = props;
  const { t, fmt, navigate, hrefFor } = state.app;
  return (
    <>
      <Table aria-label={props.label} aria-labelledby={props.labelledBy} size="small" data-testid={props.testId}>
        <ColumnHeaders columns={[props.invoiceLabel, ...props.columns.map((c) => c.label)]} />
        <TableBody>
          {rows.map((r) => (
            <TableRow key={props.rowKey(r)}>
              <TableCell>
                <Link
                  href={hrefFor({ view: 'cases', invoice: r.caseId })}
                  onClick={(e) => {
                    e.preventDefault();
                    navigate({ view: 'cases', invoice: r.caseId });
                  }}
                >
                  {r.caseId}
                </Link>
              </TableCell>
              {props.columns.map((c) => (
                <TableCell key={c.label} className={c.numeric ? styles.num : undefined} data-user-content={c.userContent || undefined}>
                  {c.cell(r)}
                </TableCell>
              ))}
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <p className={styles.muted}>{t(props.shownMessage, { shown: fmt.integer(rows.length), total: fmt.integer(page.total) })}</p>
      {page.nextCursor && state.limit < MOST_ROWS && <Button onClick={state.more}>{t('app.showMore')}</Button>}
    </>
  );
}
