import {
  balanceModel,
  caseConversion,
  checkConformance,
  Column,
  NumberReader,
  valueAt,
  type BalanceModel,
  type ConformanceResult,
  type CurrencyOptions,
  type DunningPolicy,
  type EventLog,
} from '../../api/engine/index.ts';
import { SNOOZE_ACTIVITY, SNOOZED_UNTIL } from '../actions/events.ts';
import { buildWorklist, type Worklist, type WorklistItem } from './worklist.ts';

/**
 * What every digest and reply of one log version needs, computed once: the worklist, the
 * policy check, balances and per-collector case lists. Cached per log object (a new recorded
 * event makes a new log) and policy, so a chat command does not redo a whole-log analysis.
 */
export interface Analysis {
  readonly log: EventLog;
  readonly logId: string;
  readonly policy: DunningPolicy;
  readonly asOf: number;
  readonly reportingCurrency: string;
  /** Per case: invoice currency → reporting currency, NaN when unknown. */
  readonly factor: Float64Array;
  readonly balance: BalanceModel;
  readonly worklist: Worklist;
  readonly worklistItem: ReadonlyMap<number, WorklistItem>;
  readonly conformance: ConformanceResult;
  /** Per case: the day a snooze ends (UTC midnight), NaN when never snoozed. */
  readonly snoozedUntil: Float64Array;
  /** Case indices per collector, by normalised name. */
  casesOf(person: string): readonly number[];
  /** A case attribute as text, null when missing. */
  text(column: string, c: number): string | null;
  /** A case attribute as a number (times as epoch ms), null when missing. */
  number(column: string, c: number): number | null;
}

export const personKey = (name: string) => name.normalize('NFC').trim().toLowerCase();

const cache = new WeakMap<EventLog, Map<DunningPolicy, Map<string, Analysis>>>();

export function analyse(log: EventLog, logId: string, policy: DunningPolicy, currency: CurrencyOptions = {}): Analysis {
  let perPolicy = cache.get(log);
  if (!perPolicy) cache.set(log, (perPolicy = new Map()));
  let perCurrency = perPolicy.get(policy);
  if (!perCurrency) perPolicy.set(policy, (perCurrency = new Map()));
  const key = `${logId}|${currency.reporting ?? ''}`;
  let analysis = perCurrency.get(key);
  if (!analysis) {
    analysis = compute(log, logId, policy, currency);
    perCurrency.set(key, analysis);
  }
  return analysis;
}

function compute(log: EventLog, logId: string, policy: DunningPolicy, currency: CurrencyOptions): Analysis {
  const conversion = caseConversion(log, currency);
  const worklist = buildWorklist(log, { policy, currency });
  const conformance = checkConformance(log, policy, { currency });
  const byCollector = new Map<string, number[]>();
  const collectors = log.caseAttributes.get(Column.CollectorName);
  if (collectors?.kind === 'string') {
    const keys = collectors.dict.map((name, code) => (code === 0 ? '' : personKey(name)));
    for (let c = 0; c < log.caseIds.length; c++) {
      const code = collectors.codes[c];
      if (code === 0) continue;
      const list = byCollector.get(keys[code]) ?? [];
      list.push(c);
      byCollector.set(keys[code], list);
    }
  }
  return {
    log,
    logId,
    policy,
    asOf: log.lastDataUpdate,
    reportingCurrency: conversion.reporting,
    factor: conversion.factor,
    balance: balanceModel(log),
    worklist,
    worklistItem: new Map(worklist.items.map((item) => [item.caseIndex, item])),
    conformance,
    snoozedUntil: snoozes(log),
    casesOf: (person) => byCollector.get(personKey(person)) ?? [],
    text: (column, c) => {
      const col = log.caseAttributes.get(column);
      if (!col) return null;
      const value = valueAt(col, c);
      return value === null ? null : String(value);
    },
    number: (column, c) => {
      const col = log.caseAttributes.get(column);
      if (!col || (col.kind !== 'number' && col.kind !== 'time')) return null;
      return valueAt(col, c) as number | null;
    },
  };
}

/** The latest snooze of each invoice wins: snoozing again for one day shortens a longer one. */
function snoozes(log: EventLog): Float64Array {
  const until = new Float64Array(log.caseIds.length).fill(Number.NaN);
  const code = log.activities.indexOf(SNOOZE_ACTIVITY);
  const column = log.eventAttributes.get(SNOOZED_UNTIL);
  if (code < 0 || !column || (column.kind !== 'time' && column.kind !== 'number')) return until;
  const values = new NumberReader(column);
  for (let c = 0; c < log.caseIds.length; c++) {
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
      if (log.activity[e] !== code) continue;
      const v = values.get(e);
      if (v === v) until[c] = v;
    }
  }
  return until;
}
