import type { CurrencyOptions } from '../domain/currency.ts';
import type { CaseSelection } from '../filtering/selection.ts';
import type { ConformanceResult } from '../conformance/types.ts';
import type { DunningPolicy } from '../conformance/policy-schema.ts';

/** What went wrong with an invoice (definitions: docs/ROOT-CAUSES.md). */
export type RootCauseOutcome = 'writtenOff' | 'paidLate' | 'disputed' | 'policyViolated';
export const ROOT_CAUSE_OUTCOMES: readonly RootCauseOutcome[] = ['writtenOff', 'paidLate', 'disputed', 'policyViolated'];

/** A case-attribute value, or a feature of the invoice's path. */
export type CauseKind = 'attribute' | 'path';

export interface RootCause {
  readonly kind: CauseKind;
  /** Case attribute name, or the kind of path feature: Activity, Repeated, Directly follows, Dunning level reached. */
  readonly attribute: string;
  /** The attribute value (a numeric band like "1,200 – 4,700 USD"), or the activity / pair / level. */
  readonly value: string;
  /** In words: "CompanyCode = US01", "Reminder Sent directly followed by Dunning Letter Issued". */
  readonly label: string;
  /** Outcome rate among invoices with the feature ÷ outcome rate of the population. */
  readonly lift: number;
  /** Share of the population with the feature. */
  readonly support: number;
  /** Invoices of the population with the feature. */
  readonly cases: number;
  /** …of which had the outcome. */
  readonly outcomeCases: number;
  /** outcomeCases ÷ cases. */
  readonly rate: number;
  /**
   * A stronger value of another attribute this one only stands in for (the label of it): once
   * that value is known, this one says nothing more about the outcome. Such values come after
   * the others. Attribute values only.
   */
  readonly explainedBy?: string;
}

export interface OutcomeRootCauses {
  readonly outcome: RootCauseOutcome;
  /** How the outcome and its population are read off the log. */
  readonly definition: string;
  /** Invoices whose outcome is decided (e.g. settled invoices with a due date, for paidLate). */
  readonly population: number;
  readonly outcomeCases: number;
  /** outcomeCases ÷ population; null when the population is empty. */
  readonly rate: number | null;
  /** Features on fewer invoices than this were left out. */
  readonly minCases: number;
  /** Over-represented case-attribute values, strongest first. */
  readonly attributes: readonly RootCause[];
  /** Over-represented path features, strongest first (the activities defining the outcome left out). */
  readonly paths: readonly RootCause[];
  /** Why the outcome cannot be read from this log, when it cannot. */
  readonly unavailable: string | null;
}

export interface RootCauseReport {
  readonly outcomes: Readonly<Partial<Record<RootCauseOutcome, OutcomeRootCauses>>>;
  /** Case attributes not analysed, and why (identifiers, too many values, outcome-encoding columns). */
  readonly skippedAttributes: readonly { readonly attribute: string; readonly reason: string }[];
}

export interface RootCauseOptions {
  /** Default: all four. policyViolated runs the policy check unless `conformance` is given. */
  readonly outcomes?: readonly RootCauseOutcome[];
  readonly cases?: CaseSelection;
  /** A feature needs at least max(minCases, minShare × population) invoices. Defaults 20 and 0.01. */
  readonly minCases?: number;
  readonly minShare?: number;
  /** String attributes with more distinct values than this are skipped (identifiers, names). Default 50. */
  readonly maxDistinct?: number;
  /** Attributes never analysed, on top of those encoding the outcome (InvoiceStatus, DaysOverdue). */
  readonly excludeAttributes?: readonly string[];
  /** Days after the due date a settlement still counts as on time. Default 0. */
  readonly graceDays?: number;
  /** Entries per list. Default 10. */
  readonly limit?: number;
  readonly policy?: DunningPolicy;
  readonly conformance?: ConformanceResult;
  /** InvoiceAmount is banded in the reporting currency. */
  readonly currency?: CurrencyOptions;
}
