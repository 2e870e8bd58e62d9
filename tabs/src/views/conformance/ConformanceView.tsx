import { makeStyles, Select, Field, Table, TableBody, TableCell, TableRow, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import { analysisKey, useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import type { ConformanceSummary, ViolationPage } from '../../api/types.ts';
import { ShareBar } from '../../ui/charts.tsx';
import { ColumnHeaders } from '../../ui/ColumnHeaders.tsx';
import { InvoiceTable, useInvoiceTableState, type InvoiceTableState } from '../../ui/InvoiceTable.tsx';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { conformanceHeadline, ownerRows, ruleRows, violationRows, type OwnerRow } from './conformance-model.ts';

const useConformanceStyles = makeStyles({
  headline: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalXXL, margin: 0 },
  figure: { display: 'flex', flexDirection: 'column' },
  figureLabel: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  figureValue: { fontSize: tokens.fontSizeBase600, fontWeight: tokens.fontWeightSemibold, fontVariantNumeric: 'tabular-nums', margin: 0 },
  section: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalS },
  sectionTitle: { margin: 0, fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightSemibold },
  num: { fontVariantNumeric: 'tabular-nums', textAlign: 'end' },
  bar: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  twoColumns: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(420px, 1fr))', gap: tokens.spacingHorizontalXXL },
  muted: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
});

export interface ConformanceState {
  readonly app: AppContextValue;
  readonly summary: Resource<ConformanceSummary>;
  readonly violations: InvoiceTableState<ViolationPage>;
  readonly rule: string;
  setRule(rule: string): void;
}

export function useConformanceState(): ConformanceState {
  const app = useApp();
  const [rule, setRule] = useState('');
  const summary = useResource(analysisKey(app, 'conformance'), () => app.api.conformance(app.log.id, app.filter));
  const violations = useInvoiceTableState(['violations', rule], (limit) => app.api.violations(app.log.id, app.filter, { rule: rule || undefined, limit }));
  return {
    app,
    summary,
    violations,
    rule,
    setRule: (r) => {
      setRule(r);
      violations.reset();
    },
  };
}

export default function ConformanceView() {
  const state = useConformanceState();
  const styles = useConformanceStyles();
  return renderConformance(state, styles);
}

function ownerTable(rows: readonly OwnerRow[], label: string, first: string, state: ConformanceState, styles: ReturnType<typeof useConformanceStyles>) {
  const { t } = state.app;
  return (
    <Table aria-label={label} size="small">
      <ColumnHeaders columns={[first, t('conformance.overdue'), t('conformance.violating'), t('conformance.violations'), t('conformance.rate')]} />
      <TableBody>
        {rows.map((r) => (
          <TableRow key={r.key} data-owner={r.key}>
            <TableCell>{r.name}</TableCell>
            <TableCell className={styles.num}>{r.overdue}</TableCell>
            <TableCell className={styles.num}>{r.violating}</TableCell>
            <TableCell className={styles.num}>{r.violations}</TableCell>
            <TableCell>
              <span className={styles.bar}>
                <ShareBar share={r.rateValue} label={r.rate} />
                {r.rate}
              </span>
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

export function renderConformance(state: ConformanceState, styles: ReturnType<typeof useConformanceStyles>) {
  const { app } = state;
  const { t, fmt } = app;
  return (
    <Page title={t('conformance.title')} testId="view-conformance">
      {renderResource(state.summary, t, (summary) => {
        const head = conformanceHeadline(summary, fmt);
        const rules = ruleRows(summary.byRule, summary.reportingCurrency, t, fmt);
        return (
          <>
            <dl className={styles.headline}>
              {(
                [
                  ['conformance.adherence', head.adherence, 'adherence'],
                  ['conformance.overdue', head.overdue, 'overdue'],
                  ['conformance.conforming', head.conforming, 'conforming'],
                  ['conformance.violations', head.violations, 'violation-count'],
                  ['conformance.exposure', head.exposure, 'exposure'],
                ] as const
              ).map(([key, value, id]) => (
                <div key={key} className={styles.figure}>
                  <dt className={styles.figureLabel}>{t(key)}</dt>
                  <dd className={styles.figureValue} data-testid={id} data-value={id === 'violation-count' ? head.violationCount : undefined}>
                    {value}
                  </dd>
                </div>
              ))}
            </dl>
            {summary.warnings.length > 0 && (
              <p className={styles.muted}>
                {t('conformance.warnings')}: <span data-user-content>{summary.warnings.join(' · ')}</span>
              </p>
            )}
            <section className={styles.section} aria-labelledby="by-rule">
              <h3 id="by-rule" className={styles.sectionTitle}>
                {t('conformance.byRule')}
              </h3>
              <Table aria-labelledby="by-rule" size="small" data-testid="rules-table">
                <ColumnHeaders
                  columns={[
                    { label: t('conformance.rule'), width: '34%' },
                    t('conformance.kind'),
                    t('conformance.violations'),
                    t('conformance.cases'),
                    t('conformance.exposure'),
                    t('conformance.allowed'),
                  ]}
                />
                <TableBody>
                  {rules.map((r) => (
                    <TableRow key={r.ruleId} data-rule={r.ruleId}>
                      <TableCell>
                        <div data-user-content>{r.description}</div>
                        <div className={styles.muted}>
                          {r.ruleId}
                          {r.byKind ? ` · ${r.byKind}` : ''}
                        </div>
                      </TableCell>
                      <TableCell>{r.kind}</TableCell>
                      <TableCell className={styles.num}>{r.violations}</TableCell>
                      <TableCell className={styles.num}>{r.cases}</TableCell>
                      <TableCell>
                        <span className={styles.bar}>
                          <ShareBar share={r.exposureShare} label={r.exposure} />
                          {r.exposure}
                        </span>
                      </TableCell>
                      <TableCell className={styles.num}>{r.allowed}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </section>
            <div className={styles.twoColumns}>
              <section className={styles.section} aria-labelledby="by-collector">
                <h3 id="by-collector" className={styles.sectionTitle}>
                  {t('conformance.byCollector')}
                </h3>
                {ownerTable(ownerRows(summary.byCollector, t, fmt), t('conformance.byCollector'), t('conformance.collector'), state, styles)}
              </section>
              <section className={styles.section} aria-labelledby="by-team">
                <h3 id="by-team" className={styles.sectionTitle}>
                  {t('conformance.byTeam')}
                </h3>
                {ownerTable(ownerRows(summary.byTeam, t, fmt), t('conformance.byTeam'), t('conformance.team'), state, styles)}
              </section>
            </div>
            <section className={styles.section} aria-labelledby="violation-list">
              <h3 id="violation-list" className={styles.sectionTitle}>
                {t('conformance.list')}
              </h3>
              <Field label={t('conformance.rule')}>
                <Select value={state.rule} onChange={(_, d) => state.setRule(d.value)} data-user-content>
                  <option value="">{t('filters.any')}</option>
                  {summary.byRule.map((r) => (
                    <option key={r.ruleId} value={r.ruleId}>
                      {r.description ?? r.ruleId}
                    </option>
                  ))}
                </Select>
              </Field>
              {renderResource(state.violations.page, t, (page) => {
                const rows = violationRows(page.items, summary.reportingCurrency, t, fmt);
                return rows.length === 0 ? (
                  <p>{t('conformance.none')}</p>
                ) : (
                  <InvoiceTable
                    state={state.violations}
                    page={page}
                    rows={rows}
                    rowKey={(r) => r.key}
                    labelledBy="violation-list"
                    invoiceLabel={t('conformance.invoice')}
                    columns={[
                      { label: t('conformance.rule'), cell: (r) => r.ruleId },
                      { label: t('conformance.kind'), cell: (r) => r.kind },
                      { label: t('conformance.dueAt'), cell: (r) => r.dueAt },
                      { label: t('conformance.exposure'), cell: (r) => r.exposure, numeric: true },
                      { label: t('conformance.detail'), cell: (r) => r.detail, userContent: true },
                    ]}
                    shownMessage="conformance.shown"
                  />
                );
              })}
            </section>
          </>
        );
      })}
    </Page>
  );
}
