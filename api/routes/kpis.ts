import { InvalidAnalysis } from '../access/index.ts';
import { ops } from '../contracts/operations.ts';
import { parseIsoInstant, type PeriodSpec } from '../engine/index.ts';
import { bind, cached, type Binding } from '../server/operation.ts';

export const kpiRoutes: Binding[] = [
  bind(ops.getKpis, async ({ params, query, services, view, filter }) => {
    const scoped = await view(params.id);
    const { spec, key } = filter();
    const policy = services.policies.current();
    const period = periodOf(query);
    const { groupBy, reportingCurrency } = query;
    return cached([scoped.key, key, policy.version, period, groupBy ?? null, reportingCurrency ?? null], async () => {
      const report = await scoped.analyse('kpis', { spec, request: { period, groupBy, reportingCurrency, policy: { version: policy.version, policy: policy.policy } } });
      const log = { id: scoped.info.id, version: scoped.info.version };
      const context = {
        period: report.period,
        reportingCurrency: report.reportingCurrency,
        excludedCurrencies: [...report.excludedCurrencies],
        unavailable: { ...report.unavailable } as Record<string, string>,
      };
      if ('groups' in report) return { log, policyVersion: policy.version, kpis: null, groups: [...report.groups], ...context };
      const { period: _p, reportingCurrency: _r, excludedCurrencies: _e, unavailable: _u, ...kpis } = report;
      return { log, policyVersion: policy.version, kpis, groups: null, ...context };
    });
  }),
];

function periodOf(q: { period?: 'all'; periodDays?: number; periodStart?: string; periodEnd?: string }): PeriodSpec | undefined {
  if (q.period === 'all') return 'all';
  const instant = (value: string | undefined, name: string) => {
    if (value === undefined) return undefined;
    const ms = parseIsoInstant(value);
    if (Number.isNaN(ms)) throw new InvalidAnalysis(`${name} must be an ISO-8601 date or date-time, found "${value}"`);
    return ms;
  };
  const start = instant(q.periodStart, 'periodStart');
  const end = instant(q.periodEnd, 'periodEnd');
  if (start === undefined && end === undefined && q.periodDays === undefined) return undefined;
  return { ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}), ...(q.periodDays !== undefined ? { days: q.periodDays } : {}) };
}
