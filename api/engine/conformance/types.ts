import type { CurrencyOptions, ExcludedCurrency } from '../domain/currency.ts';
import type { CaseSelection } from '../filtering/selection.ts';
import type { Allowlist } from './allowlist.ts';
import type { RuleKind } from './policy-schema.ts';
import type { ViolationTable } from './violation-table.ts';

export type ViolationKind = 'missing' | 'late' | 'too-early' | 'forbidden' | 'out-of-order';
export const VIOLATION_KINDS: readonly ViolationKind[] = ['missing', 'late', 'too-early', 'forbidden', 'out-of-order'];

export interface Violation {
  readonly ruleId: string;
  readonly kind: ViolationKind;
  readonly caseIndex: number;
  readonly caseId: string;
  /**
   * Event index in the log: the offending event (late step, early/forbidden letter, write-off
   * without its preconditions); for a missing step, the anchor that required it.
   */
  readonly event: number | null;
  /** When the step was due (missing, late: the end of the last allowed day) or first allowed (too-early); epoch ms. */
  readonly dueAt: number | null;
  /**
   * Open balance at stake, in the reporting currency: at dueAt for missing/late, just before the
   * offending event otherwise. Null when the invoice's amount or currency is unknown.
   */
  readonly exposure: number | null;
  /** What exactly was wrong, in words ("level 3 after level 1"). */
  readonly detail?: string;
}

export interface AllowedViolation extends Violation {
  /** Index of the allowlist entry that accepted it. */
  readonly allowlistEntry: number;
}

export interface RuleSummary {
  readonly ruleId: string;
  readonly ruleKind: RuleKind;
  readonly description: string | null;
  readonly violations: number;
  /** Invoices with at least one violation of the rule. */
  readonly cases: number;
  readonly byKind: Readonly<Record<ViolationKind, number>>;
  /** Σ exposure of its violations. */
  readonly exposure: number;
  /** Deviations the allowlist accepted. */
  readonly allowed: number;
}

/** Per collector or team. */
export interface OwnerSummary {
  /** Null = invoices with no collector / team. */
  readonly key: string | null;
  readonly overdueCases: number;
  /** Overdue invoices with at least one violation. */
  readonly violatingCases: number;
  /** Every violation on the owner's invoices. */
  readonly violations: number;
  /** violatingCases ÷ overdueCases. */
  readonly rate: number | null;
}

export interface ConformanceOptions {
  readonly cases?: CaseSelection;
  /** Default the log's lastDataUpdate: a step due after it is not (yet) a violation. */
  readonly asOf?: number;
  readonly allowlist?: Allowlist;
  readonly currency?: CurrencyOptions;
}

export interface ConformanceResult {
  readonly asOf: number;
  readonly reportingCurrency: string;
  /** In case order, then rule order. Made into objects on first access; hot paths read `table`. */
  readonly violations: readonly Violation[];
  /** The same violations as columns. */
  readonly table: ViolationTable;
  /** The violations of one invoice (case index). */
  violationsOfCase(c: number): Violation[];
  readonly allowed: readonly AllowedViolation[];
  /** Per case: number of (not allowlisted) violations. */
  readonly caseViolations: Uint32Array;
  /** Per case: when it fell overdue, NaN if it did not (by asOf). Shared with a per-log cache: do not modify. */
  readonly overdueSince: Float64Array;
  readonly overdueCases: number;
  /** Overdue invoices without any violation. */
  readonly conformingOverdueCases: number;
  /** conformingOverdueCases ÷ overdueCases (a fraction; ×100 for %). */
  readonly adherence: number | null;
  readonly byRule: readonly RuleSummary[];
  readonly byCollector: readonly OwnerSummary[];
  readonly byTeam: readonly OwnerSummary[];
  readonly excludedCurrencies: readonly ExcludedCurrency[];
  /** Conditions on attributes the log lacks, allowlist entries that match nothing… */
  readonly warnings: readonly string[];
}
