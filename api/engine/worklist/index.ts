import { Column } from '../domain/columns.ts';
import { caseConversion } from '../domain/currency.ts';
import type { EventLog } from '../log/event-log.ts';
import { DEFAULT_POLICY } from '../conformance/default-policy.ts';
import { caseStrings } from '../kpis/groupings.ts';
import { balanceModel, openBalanceAt } from '../kpis/open-balance.ts';
import { stateContext } from './case-state.ts';
import { nextSteps } from './next-step.ts';
import { openStates, predictPayDates, trainModel } from './predict.ts';
import { priorityScore } from './priority.ts';
import type { Worklist, WorklistItem, WorklistOptions } from './types.ts';

export * from './types.ts';
export { backtestPayDates, type BacktestOptions, type BacktestResult, type BacktestCutoff } from './backtest.ts';
export { truncateLog } from './truncate.ts';
export { overdueWeight, priorityScore, NOT_DUE_WEIGHT, MAX_OVERDUE_WEIGHT, RISK_SCALE } from './priority.ts';
export { AGE_GRID_DAYS } from './snapshots.ts';
export { BACK_OFF, DEFAULT_MIN_GROUP } from './pay-date-model.ts';

/**
 * The open invoices as of the log's cut-off, each with what a collector needs: days overdue,
 * dunning level, the next step the policy asks and its deadline, the open promise, the dispute,
 * a priority score and a predicted payment date with an 80 % interval and its reason. Formulas:
 * docs/WORKLIST.md.
 */
export function buildWorklist(log: EventLog, options: WorklistOptions = {}): Worklist {
  const policy = options.policy ?? DEFAULT_POLICY;
  const ctx = stateContext(log, policy);
  const asOf = log.lastDataUpdate;
  const open = openStates(ctx, options.cases);
  const model = trainModel(ctx, options.minGroup);
  const steps = nextSteps(log, policy, ctx, open);
  const conversion = caseConversion(log, options.currency);
  const balance = balanceModel(log);
  const customers = caseStrings(log, Column.CustomerName) ?? caseStrings(log, Column.CustomerId);
  const collectors = caseStrings(log, Column.CollectorName);
  const currencies = caseStrings(log, Column.InvoiceCurrency);
  const text = (strings: ReturnType<typeof caseStrings>, c: number) => (strings && strings.codes[c] !== 0 ? strings.dict[strings.codes[c]] : null);

  // The risk of a state without enough history falls back on the log's own write-off share.
  const overallRisk = overallWriteOffShare(ctx.facts.settledAt, ctx.facts.writtenOffAt, asOf);
  const predictions = predictPayDates(ctx, model, open);
  const items: WorklistItem[] = open.map((s, i) => {
    const c = s.c;
    const { prediction, writeOffShare } = predictions[i];
    const amount = balance.amount ? openBalanceAt(balance, c, asOf) : Number.NaN;
    const reporting = amount * conversion.factor[c];
    const openBalanceReporting = reporting === reporting ? reporting : null;
    return {
      caseIndex: c,
      caseId: log.caseIds[c],
      customer: text(customers, c),
      segment: text(ctx.segment, c),
      collector: text(collectors, c),
      openBalance: amount === amount ? amount : null,
      currency: text(currencies, c) ?? (conversion.assumedForMissing ?? null),
      openBalanceReporting,
      dueDate: s.dueDayStart === s.dueDayStart ? s.dueDayStart : null,
      daysOverdue: s.daysOverdue,
      dunningLevel: s.level > 0 ? ctx.levelNames[s.level - 1] : null,
      promiseDate: s.promiseDate === s.promiseDate ? s.promiseDate : null,
      brokenPromises: s.brokenPromises,
      dispute: s.disputeOpen ? 'open' : s.disputeSeen ? 'resolved' : 'none',
      nextStep: steps[i],
      priority: priorityScore(openBalanceReporting, s.daysOverdue, writeOffShare ?? overallRisk),
      prediction,
    };
  });
  return {
    asOf,
    reportingCurrency: conversion.reporting,
    items: byPriority(items),
    model: { closedInvoices: model.invoices, observations: model.observations },
  };
}

/**
 * Highest priority first, then most overdue, then case order. The keys are read into typed arrays
 * once, so the comparator does not read them off some 60,000 large item objects (5 × 10^6 events).
 */
function byPriority(items: WorklistItem[]): WorklistItem[] {
  const n = items.length;
  const priority = new Float64Array(n);
  const overdue = new Float64Array(n);
  const caseIndex = new Float64Array(n);
  const order: number[] = new Array(n);
  for (let i = 0; i < n; i++) {
    priority[i] = items[i].priority ?? -1;
    overdue[i] = items[i].daysOverdue ?? 0;
    caseIndex[i] = items[i].caseIndex;
    order[i] = i;
  }
  order.sort((a, b) => priority[b] - priority[a] || overdue[b] - overdue[a] || caseIndex[a] - caseIndex[b]);
  return order.map((i) => items[i]);
}

function overallWriteOffShare(settledAt: Float64Array, writtenOffAt: Float64Array, asOf: number): number {
  let closed = 0;
  let writtenOff = 0;
  for (let c = 0; c < settledAt.length; c++) {
    const wo = writtenOffAt[c] <= asOf && !(settledAt[c] <= writtenOffAt[c]);
    if (wo) writtenOff++;
    if (wo || settledAt[c] <= asOf) closed++;
  }
  return closed > 0 ? writtenOff / closed : 0;
}
