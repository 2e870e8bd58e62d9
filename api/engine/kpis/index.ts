export { computeKpis, kpisBy } from './compute.ts';
export type { Grouping } from './groupings.ts';
export type { Period, PeriodSpec } from './period.ts';
export { DEFAULT_PERIOD_DAYS } from './period.ts';
export { openBalanceAt, openBalanceBefore, balanceModel, type BalanceModel } from './open-balance.ts';
export { COUNTBACK_MONTHS } from './receivables.ts';
export type {
  Aging,
  KpiAmounts,
  KpiCounts,
  Kpis,
  KpiName,
  KpiOptions,
  KpiReport,
  KpiGroup,
  KpiGroupReport,
  KpiContextInfo,
} from './types.ts';
