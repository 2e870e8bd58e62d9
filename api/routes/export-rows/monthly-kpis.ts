import type { AuthorisedView, VersionedPolicy } from '../../access/index.ts';
import type { Cell } from '../../adapters/bi-export/row-file.ts';
import { Column, monthIndex, monthKey, monthStart, type FilterSpec, type KpiGroupReport, type Kpis } from '../../engine/index.ts';
import { rowOf } from './row.ts';

/**
 * One row per calendar month × company × segment × team, each month its own KPI period. The
 * engine groups by one attribute at a time, so company and segment are filters and the team is
 * the grouping; the parts (totals, counts, balances) let a report re-aggregate any selection.
 */
export function monthlyKpiRows(view: AuthorisedView, policy: VersionedPolicy): Cell[][] {
  const postingMonths = keysOf(view, {}, 'month', policy).filter((k): k is string => k !== null);
  if (postingMonths.length === 0) return [];
  const asOf = Date.parse(view.info.lastDataUpdate);
  const first = monthIndex(Date.parse(`${postingMonths.sort()[0]}-01T00:00:00Z`));
  const last = Number.isFinite(asOf) ? monthIndex(asOf) : monthIndex(Date.parse(`${postingMonths.at(-1)}-01T00:00:00Z`));
  const slices = keysOf(view, {}, Column.CompanyCode, policy).flatMap((company) =>
    keysOf(view, only({}, Column.CompanyCode, company), Column.CustomerSegment, policy).map((segment) => ({ company, segment })),
  );

  const rows: Cell[][] = [];
  for (let m = first; m <= last; m++) {
    // Periods are (start, end]: one millisecond before the month starts to its last millisecond.
    const start = monthStart(m) - 1;
    const end = Math.min(monthStart(m + 1) - 1, Number.isFinite(asOf) ? asOf : Infinity);
    if (!(end > start)) continue;
    for (const { company, segment } of slices) {
      const spec = only(only({}, Column.CompanyCode, company), Column.CustomerSegment, segment);
      const report = view.kpis(spec, { period: { start, end }, groupBy: Column.CreditTeam, policy }) as KpiGroupReport;
      for (const group of report.groups) {
        rows.push(
          rowOf('monthly_kpis', {
            Month: monthKey(m),
            MonthStart: monthStart(m),
            PeriodDays: report.period.days,
            CompanyCode: company,
            CustomerSegment: segment,
            CreditTeam: group.key,
            ReportingCurrency: report.reportingCurrency,
            ...parts(group.kpis),
          }),
        );
      }
    }
  }
  return rows;
}

function parts(k: Kpis): Record<string, Cell> {
  const c = k.counts;
  return {
    PostedInPeriod: c.postedInPeriod,
    CreditSales: k.amounts?.creditSales ?? null,
    BeginAr: k.amounts?.beginAr ?? null,
    EndAr: k.amounts?.endAr ?? null,
    Dso: k.dso,
    AgingCurrent: k.aging?.current ?? null,
    Aging1To30: k.aging?.d1_30 ?? null,
    Aging31To60: k.aging?.d31_60 ?? null,
    Aging61To90: k.aging?.d61_90 ?? null,
    Aging90Plus: k.aging?.d90plus ?? null,
    AgingNoDueDate: k.aging?.noDueDate ?? null,
    SettledInPeriod: c.settledInPeriod,
    DaysToPayTotal: total(k.averageDaysToPay, c.settledInPeriod),
    SettledWithDueDate: c.settledWithDueDate,
    DaysDelinquentTotal: total(k.averageDaysDelinquent, c.settledWithDueDate),
    DisputesResolved: c.disputesResolved,
    DisputeDaysTotal: total(k.disputeResolutionDays, c.disputesResolved),
    CashApplications: c.cashApplications,
    CashApplicationDaysTotal: total(k.cashApplicationLagDays, c.cashApplications),
    ClosedInPeriod: c.closedInPeriod,
    WrittenOffInPeriod: c.writtenOffInPeriod,
    ClosedValue: k.amounts?.closedValue ?? null,
    WrittenOffValue: k.amounts?.writtenOffValue ?? null,
  };
}

/** A mean back to its sum: nothing counted sums to 0; a mean the log cannot compute stays unknown. */
function total(mean: number | null, count: number): number | null {
  if (count === 0) return 0;
  return mean === null ? null : mean * count;
}

/** The values an attribute (or 'month') takes among the visible invoices; null = invoices without one. */
function keysOf(view: AuthorisedView, spec: FilterSpec, groupBy: string, policy: VersionedPolicy): (string | null)[] {
  const report = view.kpis(spec, { period: 'all', groupBy, policy }) as KpiGroupReport;
  return report.groups.map((g) => g.key);
}

function only(spec: FilterSpec, attribute: string, value: string | null): FilterSpec {
  return { filters: [...(spec.filters ?? []), { kind: 'attribute', attribute, values: [value] }] };
}
