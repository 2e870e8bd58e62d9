import type { CurrencyOptions, ExcludedCurrency } from '../domain/currency.ts';
import type { CaseSelection } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';
import type { Allowlist } from '../conformance/allowlist.ts';
import type { ConformanceResult } from '../conformance/types.ts';
import type { DunningPolicy } from '../conformance/policy-schema.ts';
import type { CaseFacts } from './case-facts.ts';
import type { CaseGroups } from './groupings.ts';
import type { BalanceModel } from './open-balance.ts';
import type { Period, PeriodSpec } from './period.ts';

/** Open balance at the cut-off by days past due, in the reporting currency. */
export interface Aging {
  readonly current: number;
  readonly d1_30: number;
  readonly d31_60: number;
  readonly d61_90: number;
  readonly d90plus: number;
  /** Open balance of invoices without a due date (in no bucket). */
  readonly noDueDate: number;
}

/** Money behind the ratios, in the reporting currency. */
export interface KpiAmounts {
  /** AR at the period start and end (Σ open balances). */
  readonly beginAr: number;
  readonly endAr: number;
  /** The part of endAr not yet due at the cut-off. */
  readonly currentEndAr: number;
  /** InvoiceAmount of invoices posted in the period. */
  readonly creditSales: number;
  /** InvoiceAmount of invoices settled or written off in the period… */
  readonly closedValue: number;
  /** …and the open balance that was written off among them. */
  readonly writtenOffValue: number;
}

export interface KpiCounts {
  /** Selected cases in the group. */
  readonly cases: number;
  readonly postedInPeriod: number;
  /** Cases with an open balance at the cut-off. */
  readonly openAtCutoff: number;
  /** Cases left out of amount figures: unknown currency or no InvoiceAmount. */
  readonly amountExcluded: number;
  readonly settledInPeriod: number;
  /** Settled in the period and having a due date (the base of on-time and delinquency). */
  readonly settledWithDueDate: number;
  readonly settledOnTime: number;
  readonly disputesResolved: number;
  readonly cashApplications: number;
  readonly creditApprovals: number;
  /** Entered dunning and closed (settled or written off) in the period… */
  readonly dunnedClosed: number;
  /** …of which settled and never written off. */
  readonly dunnedCollected: number;
  /** Settled or written off in the period… */
  readonly closedInPeriod: number;
  /** …of which written off. */
  readonly writtenOffInPeriod: number;
  /** Promises whose PromiseDate ended in the period… */
  readonly promisesDue: number;
  /** …followed by a payment by that date. */
  readonly promisesKept: number;
  /** Invoices that fell overdue in the period… */
  readonly overdueInPeriod: number;
  /** …of which with at least one (not allowlisted) policy violation. */
  readonly overdueWithViolation: number;
}

/** Rates are fractions (0.25); durations in days; amounts in the reporting currency; null = not computable. */
export interface Kpis {
  readonly dso: number | null;
  readonly countbackDso: number | null;
  readonly averageDaysToPay: number | null;
  readonly averageDaysDelinquent: number | null;
  readonly onTimeRate: number | null;
  /** An index in percent (the formula multiplies by 100), not a fraction. */
  readonly cei: number | null;
  readonly disputeResolutionDays: number | null;
  readonly cashApplicationLagDays: number | null;
  readonly creditApprovalDays: number | null;
  readonly collectionSuccessRate: number | null;
  readonly dunningAdherence: number | null;
  readonly writeOffRate: number | null;
  readonly writeOffValueRate: number | null;
  readonly promiseKeptRate: number | null;
  readonly aging: Aging | null;
  readonly amounts: KpiAmounts | null;
  readonly counts: KpiCounts;
}

export type KpiName = Exclude<keyof Kpis, 'counts' | 'amounts'>;

export interface KpiOptions {
  /** Cases to measure (1 = selected); default all. */
  readonly cases?: CaseSelection;
  /** Default: the 90 days ending at the log's lastDataUpdate. */
  readonly period?: PeriodSpec;
  readonly currency?: CurrencyOptions;
  /** Policy for dunning adherence; default the domain reference's policy. */
  readonly policy?: DunningPolicy;
  readonly allowlist?: Allowlist;
  /** A policy check already run on this log (reused), or false to skip dunning adherence. */
  readonly conformance?: ConformanceResult | false;
}

/** What every KPI figure is relative to. */
export interface KpiContextInfo {
  readonly period: Period;
  readonly reportingCurrency: string;
  /** Invoices whose amounts were left out because their currency has no rate. */
  readonly excludedCurrencies: readonly ExcludedCurrency[];
  /** KPIs the log has no inputs for, with what is missing. */
  readonly unavailable: Readonly<Partial<Record<KpiName, string>>>;
}

export interface KpiReport extends Kpis, KpiContextInfo {}

export interface KpiGroup {
  /** Attribute value or `YYYY-MM`; null = cases without a value. */
  readonly key: string | null;
  readonly kpis: Kpis;
}

export interface KpiGroupReport extends KpiContextInfo {
  readonly groups: readonly KpiGroup[];
}

/** What a KPI family reads. */
export interface KpiContext {
  readonly log: EventLog;
  readonly facts: CaseFacts;
  readonly balance: BalanceModel;
  /** Per case: invoice → reporting currency factor, NaN = excluded. */
  readonly factor: Float64Array;
  readonly period: Period;
  readonly groups: CaseGroups;
}

export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}
