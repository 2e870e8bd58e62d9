import { DAY_MS, dayIndex } from '../domain/calendar.ts';
import { caseIndexOf, type EventLog } from '../log/event-log.ts';
import type { DunningPolicy } from '../conformance/policy-schema.ts';
import { caseFacts } from '../kpis/case-facts.ts';
import { prepareLog } from '../prepare.ts';
import { stateContext } from './case-state.ts';
import { openStates, predictPayDates, trainModel } from './predict.ts';
import { truncateLog } from './truncate.ts';

export interface BacktestOptions {
  /** Cut-offs, in days before the log's lastDataUpdate. Default 120, 90, 60, 30. */
  readonly daysBefore?: readonly number[];
  readonly policy?: DunningPolicy;
  readonly minGroup?: number;
}

export interface BacktestCutoff {
  readonly daysBefore: number;
  /** Epoch ms. */
  readonly cutoff: number;
  /** Invoices open at the cut-off… */
  readonly open: number;
  /** …with a prediction… */
  readonly predicted: number;
  /** …of which settled by the end of the log: the ones a prediction can be checked on… */
  readonly settled: number;
  /** …of which on a day inside the predicted interval. */
  readonly inside: number;
  /** inside ÷ settled (the interval is meant to hold 80 %). */
  readonly coverage: number | null;
  /** Mean |actual − predicted date| in days, over the settled ones. */
  readonly maeDays: number | null;
  /** Predicted invoices written off by the end of the log, or still open then (not checkable). */
  readonly writtenOff: number;
  readonly stillOpen: number;
}

export interface BacktestResult {
  /** What the interval (10th to 90th percentile) aims to cover. */
  readonly nominalCoverage: number;
  readonly cutoffs: readonly BacktestCutoff[];
  /** All cut-offs together. */
  readonly overall: { readonly settled: number; readonly inside: number; readonly coverage: number | null; readonly maeDays: number | null };
}

export const DEFAULT_BACKTEST_DAYS: readonly number[] = [120, 90, 60, 30];

/**
 * How good the predicted payment dates were: the log is cut at earlier instants as if extracted
 * then (derived events made again from what was known), the model learns from what was closed by
 * then and predicts the invoices open then, and each prediction is checked against the invoice's
 * actual settlement in the full log. Accepts a raw or a prepared log.
 */
export function backtestPayDates(log: EventLog, options: BacktestOptions = {}): BacktestResult {
  const full = log.derived.some((d) => d !== 0) ? log : prepareLog(log).log;
  const facts = caseFacts(full);
  const end = full.lastDataUpdate;
  const cutoffs: BacktestCutoff[] = [];
  let settledAll = 0;
  let insideAll = 0;
  let errorAll = 0;
  for (const daysBefore of options.daysBefore ?? DEFAULT_BACKTEST_DAYS) {
    const cutoff = end - daysBefore * DAY_MS;
    const past = prepareLog(truncateLog(full, cutoff)).log;
    const ctx = stateContext(past, options.policy);
    const model = trainModel(ctx, options.minGroup);
    const open = openStates(ctx);
    let predicted = 0;
    let settled = 0;
    let inside = 0;
    let error = 0;
    let writtenOff = 0;
    let stillOpen = 0;
    const predictions = predictPayDates(ctx, model, open);
    for (let i = 0; i < open.length; i++) {
      const s = open[i];
      const { prediction } = predictions[i];
      if (!prediction) continue;
      predicted++;
      const c = caseIndexOf(full, past.caseIds[s.c]);
      const actual = facts.settledAt[c];
      if (!(actual <= end)) {
        if (facts.writtenOffAt[c] <= end) writtenOff++;
        else stillOpen++;
        continue;
      }
      settled++;
      const day = dayIndex(actual);
      if (day >= dayIndex(prediction.from) && day <= dayIndex(prediction.to)) inside++;
      error += Math.abs(actual - prediction.date) / DAY_MS;
    }
    settledAll += settled;
    insideAll += inside;
    errorAll += error;
    cutoffs.push({
      daysBefore,
      cutoff,
      open: open.length,
      predicted,
      settled,
      inside,
      coverage: settled > 0 ? inside / settled : null,
      maeDays: settled > 0 ? error / settled : null,
      writtenOff,
      stillOpen,
    });
  }
  return {
    nominalCoverage: 0.8,
    cutoffs,
    overall: {
      settled: settledAll,
      inside: insideAll,
      coverage: settledAll > 0 ? insideAll / settledAll : null,
      maeDays: settledAll > 0 ? errorAll / settledAll : null,
    },
  };
}
