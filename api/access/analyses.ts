import {
  applyFilters,
  caseConversion,
  checkConformance,
  Column,
  computeKpis,
  CurrencyError,
  discoverDfg,
  discoverVariants,
  kpisBy,
  prunePaths,
  rankBottlenecks,
  simplifyMap,
  summarizeLog,
  valueAt,
  type Bottleneck,
  type BottleneckOptions,
  type ConformanceResult,
  type Dfg,
  type DunningPolicy,
  type EventLog,
  type ExcludedCurrency,
  type FilterSpec,
  type KpiGroupReport,
  type KpiReport,
  type LogSummary,
  type PeriodSpec,
  type Selection,
  type Variant,
  findRootCauses,
  type RootCauseOutcome,
  type RootCauseReport,
  buildWorklist,
  type Worklist,
} from '../engine/index.ts';
import { InvalidAnalysis } from './errors.ts';

/**
 * The analyses a view runs, as functions of (log, scope, arguments) with plain, cloneable
 * arguments and results, so that each can run on the request's thread or in a worker with its
 * own copy of the log. The scope is applied here, inside the function: whoever runs one can
 * only get the invoices of the scope it was given.
 */

/** A policy as the API serves it: the rules and the version they were saved as (0 = default). */
export interface VersionedPolicy {
  readonly version: number;
  readonly policy: DunningPolicy;
}

export interface KpiRequest {
  readonly period?: PeriodSpec;
  readonly reportingCurrency?: string;
  /** A case attribute, or 'month' for posting months. */
  readonly groupBy?: string;
  readonly policy: VersionedPolicy;
}

export interface RootCauseRequest {
  readonly outcomes?: readonly RootCauseOutcome[];
  readonly limit?: number;
  readonly minCases?: number;
  readonly graceDays?: number;
}

/** What the conformance summary shows: a ConformanceResult without its per-case columns. */
export interface ConformanceSummaryData {
  readonly asOf: number;
  readonly reportingCurrency: string;
  readonly violations: number;
  readonly overdueCases: number;
  readonly conformingOverdueCases: number;
  readonly adherence: number | null;
  readonly byRule: ConformanceResult['byRule'];
  readonly byCollector: ConformanceResult['byCollector'];
  readonly byTeam: ConformanceResult['byTeam'];
  readonly warnings: readonly string[];
}

export interface AnalysisArgs {
  /** filterKey: the canonical filter, naming the full map kept for the path slider. */
  map: { spec: FilterSpec; filterKey: string; activities: number; paths: number };
  summary: { spec: FilterSpec };
  bottlenecks: { spec: FilterSpec; options: BottleneckOptions };
  kpis: { spec: FilterSpec; request: KpiRequest };
  conformanceSummary: { spec: FilterSpec; policy: VersionedPolicy };
  rootCauses: { spec: FilterSpec; policy: VersionedPolicy; options: RootCauseRequest };
  worklist: { spec: FilterSpec; policy: VersionedPolicy };
  variants: { spec: FilterSpec };
}

export interface AnalysisResults {
  map: Dfg;
  summary: LogSummary;
  bottlenecks: Bottleneck[];
  kpis: KpiReport | KpiGroupReport;
  conformanceSummary: ConformanceSummaryData;
  rootCauses: RootCauseReport;
  worklist: Worklist;
  variants: { readonly cases: number; readonly variants: readonly Variant[] };
}

export type AnalysisName = keyof AnalysisArgs;

/**
 * Analyses that learn from invoices outside the scope and report only on those inside it, so
 * they run over the whole log with the scope as a selection: the worklist's payment-date model
 * (every closed invoice), root causes (value bands and thresholds of the whole log). Every
 * other analysis runs over the scope's own log.
 */
export const WHOLE_LOG_ANALYSES: ReadonlySet<AnalysisName> = new Set<AnalysisName>(['worklist', 'rootCauses']);

/** The log and scope an analysis runs over. */
export interface AnalysisTarget {
  /** Log id, version and what Teams added to it: the same key, the same log. */
  readonly key: string;
  readonly log: EventLog;
  /** Per case: 1 = visible; null = every case. */
  readonly scope: Uint8Array | null;
  /** Names the scope's content ('all' for everything). */
  readonly scopeKey: string;
}

type Runner<K extends AnalysisName> = (target: AnalysisTarget, args: AnalysisArgs[K]) => AnalysisResults[K];

const RUNNERS: { [K in AnalysisName]: Runner<K> } = {
  map: (target, { spec, filterKey, activities, paths }) => {
    // All activities kept: the full map of the view, pruned; it is kept because the path slider
    // is what users move most.
    if (activities >= 100) return prunePaths(fullMap(target, spec, filterKey), paths);
    return simplifyMap(target.log, select(target, spec), { activities, paths });
  },
  summary: (target, { spec }) => summarizeLog(target.log, select(target, spec)),
  bottlenecks: (target, { spec, options }) => rankBottlenecks(target.log, select(target, spec), options),
  kpis: (target, { spec, request }) => kpis(target, spec, request),
  conformanceSummary: (target, { spec, policy }) => {
    const result = conformance(target, spec, policy);
    return {
      asOf: result.asOf,
      reportingCurrency: result.reportingCurrency,
      violations: result.table.length,
      overdueCases: result.overdueCases,
      conformingOverdueCases: result.conformingOverdueCases,
      adherence: result.adherence,
      byRule: result.byRule,
      byCollector: result.byCollector,
      byTeam: result.byTeam,
      warnings: result.warnings,
    };
  },
  rootCauses: (target, { spec, policy, options }) =>
    findRootCauses(target.log, {
      ...options,
      cases: select(target, spec).cases,
      policy: policy.policy,
      conformance: wholeLogConformance(target.log, policy, target.log.lastDataUpdate),
    }),
  // The payment-date model learns from every closed invoice of the log (aggregates only, as its
  // reasons say); the list holds only invoices in scope.
  worklist: (target, { spec, policy }) => buildWorklist(target.log, { policy: policy.policy, cases: select(target, spec).cases }),
  variants: (target, { spec }) => {
    const { cases, variants } = discoverVariants(target.log, select(target, spec));
    return { cases, variants };
  },
};

export function runAnalysis<K extends AnalysisName>(name: K, target: AnalysisTarget, args: AnalysisArgs[K]): AnalysisResults[K] {
  const runner = RUNNERS[name] as Runner<K> | undefined;
  if (!runner) throw new Error(`no analysis named "${String(name)}"`);
  return runner(target, args);
}

/** Filters AND scope: the only way a selection is made. */
export function select(target: AnalysisTarget, spec: FilterSpec): Selection {
  const selection = applyFilters(target.log, spec);
  if (target.scope !== null) andInto(selection.cases, target.scope);
  return selection;
}

/** The full policy check of the selection (violations with their per-case columns). */
export function conformance(target: AnalysisTarget, spec: FilterSpec, policy: VersionedPolicy): ConformanceResult {
  return checkConformance(target.log, policy.policy, { cases: select(target, spec).cases });
}

const FULL_MAPS = 64;
const fullMaps = new WeakMap<EventLog, Map<string, Dfg>>();

function fullMap(target: AnalysisTarget, spec: FilterSpec, filterKey: string): Dfg {
  let perLog = fullMaps.get(target.log);
  if (!perLog) fullMaps.set(target.log, (perLog = new Map()));
  const key = `${target.scopeKey}|${filterKey}`;
  let dfg = perLog.get(key);
  if (dfg) {
    perLog.delete(key);
  } else {
    dfg = discoverDfg(target.log, select(target, spec));
    if (perLog.size >= FULL_MAPS) perLog.delete(perLog.keys().next().value!);
  }
  perLog.set(key, dfg);
  return dfg;
}

function kpis(target: AnalysisTarget, spec: FilterSpec, request: KpiRequest): KpiReport | KpiGroupReport {
  const log = target.log;
  const cases = select(target, spec).cases;
  const period = request.period;
  const cutoff = period !== undefined && period !== 'all' && period.end !== undefined ? period.end : log.lastDataUpdate;
  const options = {
    cases,
    period,
    currency: request.reportingCurrency ? { reporting: request.reportingCurrency } : undefined,
    policy: request.policy.policy,
    // Violations are per invoice, so one check of the whole log serves every view of it.
    conformance: wholeLogConformance(log, request.policy, cutoff),
  };
  try {
    const report = request.groupBy
      ? kpisBy(log, request.groupBy === 'month' ? { month: 'posting' } : { attribute: request.groupBy }, options)
      : computeKpis(log, options);
    return { ...report, excludedCurrencies: excludedWithin(log, caseConversion(log, options.currency).factor, cases) };
  } catch (error) {
    if (error instanceof RangeError || error instanceof CurrencyError) throw new InvalidAnalysis(error.message);
    throw error;
  }
}

const wholeLogChecks = new WeakMap<EventLog, Map<string, ConformanceResult>>();

function wholeLogConformance(log: EventLog, policy: VersionedPolicy, asOf: number): ConformanceResult {
  let perLog = wholeLogChecks.get(log);
  if (!perLog) wholeLogChecks.set(log, (perLog = new Map()));
  const key = `${policy.version}@${asOf}`;
  let result = perLog.get(key);
  if (!result) {
    result = checkConformance(log, policy.policy, { asOf });
    if (perLog.size >= 4) perLog.delete(perLog.keys().next().value!);
    perLog.set(key, result);
  }
  return result;
}

/**
 * Invoices left out of amounts for want of a rate, among the selected cases only. The engine
 * lists them for the whole log, which would tell a collector how many invoices (and how much)
 * other people hold in those currencies.
 */
function excludedWithin(log: EventLog, factor: Float64Array, cases: Uint8Array): ExcludedCurrency[] {
  const currency = log.caseAttributes.get(Column.InvoiceCurrency);
  const amount = log.caseAttributes.get(Column.InvoiceAmount);
  const byCurrency = new Map<string | null, { cases: number; amount: number }>();
  for (let c = 0; c < cases.length; c++) {
    if (cases[c] === 0 || factor[c] === factor[c]) continue;
    const raw = currency ? valueAt(currency, c) : null;
    const code = typeof raw === 'string' && raw.trim() !== '' ? raw.trim().toUpperCase() : null;
    const entry = byCurrency.get(code) ?? { cases: 0, amount: 0 };
    entry.cases++;
    const a = amount ? valueAt(amount, c) : null;
    if (typeof a === 'number' && a === a) entry.amount += a;
    byCurrency.set(code, entry);
  }
  return [...byCurrency].map(([code, e]) => ({ currency: code, cases: e.cases, amount: e.amount }));
}

/** target &= mask, four bytes at a time: this runs on every analysis request. */
function andInto(target: Uint8Array, mask: Uint8Array): void {
  const n = target.length;
  const aligned = target.byteOffset % 4 === 0 && mask.byteOffset % 4 === 0;
  const words = aligned ? n >>> 2 : 0;
  if (words > 0) {
    const t = new Uint32Array(target.buffer, target.byteOffset, words);
    const m = new Uint32Array(mask.buffer, mask.byteOffset, words);
    for (let i = 0; i < words; i++) t[i] &= m[i];
  }
  for (let c = words << 2; c < n; c++) target[c] &= mask[c];
}
