import type { CurrencyOptions } from '../domain/currency.ts';
import type { CaseSelection } from '../filtering/selection.ts';
import type { DunningPolicy } from '../conformance/policy-schema.ts';

/** What the policy asks next of an open invoice (see next-step.ts for the order of precedence). */
export interface NextStep {
  /** In words: "Reminder Sent by 2024-06-12", "Dunning Letter Issued (level 2) from 2024-07-03". */
  readonly action: string;
  /** The activity that would record it; Payment Received when the customer is the one to act. */
  readonly activity: string | null;
  /** The dunning level, for a letter or a requirement at a level. */
  readonly level: string | null;
  /** The policy rule that asks for it (or sets its earliest date). */
  readonly ruleId: string | null;
  /** Not before this instant (a minimum gap between letters); epoch ms. */
  readonly from: number | null;
  /** Late from this instant on (the end of the last allowed day); epoch ms. */
  readonly dueAt: number | null;
  /** The deadline has already passed: the policy is being breached now. */
  readonly overdue: boolean;
}

/** The predicted payment date: the median of similar settled invoices, and an 80 % interval. */
export interface PayDatePrediction {
  /** Epoch ms: as of + median remaining days. */
  readonly date: number;
  /** Epoch ms: as of + 10th and 90th percentile of remaining days. */
  readonly from: number;
  readonly to: number;
  readonly medianDays: number;
  readonly p10Days: number;
  readonly p90Days: number;
  /** Settled invoices it is learnt from. */
  readonly basis: number;
  /** Share of closed invoices in the same state written off instead of paid. */
  readonly writeOffShare: number;
  /** "Based on 412 settled SMB invoices at dunning level 2 with a broken promise, …: median 23 days". */
  readonly reason: string;
}

export interface WorklistItem {
  readonly caseIndex: number;
  readonly caseId: string;
  readonly customer: string | null;
  readonly segment: string | null;
  readonly collector: string | null;
  /** Open balance at the cut-off, in the invoice currency (null: no InvoiceAmount). */
  readonly openBalance: number | null;
  readonly currency: string | null;
  /** The same in the reporting currency (null: amount or currency unknown). */
  readonly openBalanceReporting: number | null;
  /** Epoch ms (UTC midnight), null without a DueDate. */
  readonly dueDate: number | null;
  /** Cut-off day − due day: > 0 past due, ≤ 0 not yet due; null without a DueDate. */
  readonly daysOverdue: number | null;
  /** Highest dunning level reached, null when no letter went out. */
  readonly dunningLevel: string | null;
  /** The open promise to pay: its PromiseDate, null when none is pending. */
  readonly promiseDate: number | null;
  readonly brokenPromises: number;
  readonly dispute: 'none' | 'open' | 'resolved';
  readonly nextStep: NextStep;
  /** Risk-weighted open balance (docs/WORKLIST.md): open balance × overdue weight × risk factor; null without an amount. */
  readonly priority: number | null;
  readonly prediction: PayDatePrediction | null;
}

export interface Worklist {
  /** The log's lastDataUpdate. */
  readonly asOf: number;
  readonly reportingCurrency: string;
  /** Open invoices, highest priority first (those without an amount last, most overdue first). */
  readonly items: readonly WorklistItem[];
  /** Closed invoices the payment dates are learnt from, and their observations. */
  readonly model: { readonly closedInvoices: number; readonly observations: number };
}

export interface WorklistOptions {
  readonly policy?: DunningPolicy;
  readonly currency?: CurrencyOptions;
  /** Which open invoices to list (the model learns from every closed invoice regardless). */
  readonly cases?: CaseSelection;
  /** Settled invoices a state needs before the model stops backing off. Default 30. */
  readonly minGroup?: number;
}

/** What the next step and the item are made from: an open invoice's state at the cut-off. */
export interface OpenState {
  readonly c: number;
  readonly level: number;
  /** When the latest letter at the current level went out (NaN none). */
  readonly lastLetterAt: number;
  readonly disputeOpen: boolean;
  readonly disputeSeen: boolean;
  readonly promiseDate: number;
  readonly promiseBrokenAt: number;
  readonly brokenPromises: number;
  readonly lastActionAt: number;
  readonly daysOverdue: number | null;
  /** UTC midnight of the due date (NaN none). */
  readonly dueDayStart: number;
}
