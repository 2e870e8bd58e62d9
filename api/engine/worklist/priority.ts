/**
 * The priority score: risk-weighted open balance, in the reporting currency.
 *
 *   priority = open balance × overdue weight × risk factor
 *   overdue weight = 0.25 not yet due; 1 + days overdue ÷ 30 past due, at most 5 (120+ days)
 *   risk factor    = 1 + 9 × write-off share of closed invoices in the same state and age
 *
 * A current invoice counts a quarter: nothing is asked of the collector yet. Each month overdue
 * adds the weight of a fresh overdue invoice, because collectability falls with age. An invoice
 * in a state where half the similar ones were written off counts 5.5 times as much.
 */
export const NOT_DUE_WEIGHT = 0.25;
export const MAX_OVERDUE_WEIGHT = 5;
export const RISK_SCALE = 9;

export function overdueWeight(daysOverdue: number | null): number {
  if (daysOverdue === null) return 1;
  if (daysOverdue <= 0) return NOT_DUE_WEIGHT;
  return Math.min(MAX_OVERDUE_WEIGHT, 1 + daysOverdue / 30);
}

export function priorityScore(balance: number | null, daysOverdue: number | null, writeOffShare: number): number | null {
  if (balance === null) return null;
  return balance * overdueWeight(daysOverdue) * (1 + RISK_SCALE * writeOffShare);
}
