import { caseConversion } from '../domain/currency.ts';
import type { EventLog } from '../log/event-log.ts';
import { checkConformance } from '../conformance/check.ts';
import type { ConformanceResult } from '../conformance/types.ts';
import { adherenceKpis } from './adherence.ts';
import { caseFacts } from './case-facts.ts';
import { collectionKpis } from './collection.ts';
import { durationKpis } from './durations.ts';
import { groupCases, singleGroup, type CaseGroups, type Grouping } from './groupings.ts';
import { balanceModel } from './open-balance.ts';
import { paymentKpis } from './payment.ts';
import { rememberViolations } from './policy-outcome.ts';
import { resolvePeriod } from './period.ts';
import { receivableKpis } from './receivables.ts';
import { unavailableKpis } from './requirements.ts';
import type { KpiContextInfo, KpiGroupReport, KpiName, KpiOptions, KpiReport, Kpis } from './types.ts';

/** Every KPI over the selected cases (formulas: docs/KPIS.md). */
export function computeKpis(log: EventLog, options: KpiOptions = {}): KpiReport {
  const { info, perGroup } = run(log, singleGroup(log, options.cases), options);
  return { ...perGroup[0], ...info };
}

/** Every KPI per group: a case attribute's values, or posting months. */
export function kpisBy(log: EventLog, grouping: Grouping, options: KpiOptions = {}): KpiGroupReport {
  const groups = groupCases(log, grouping, options.cases);
  const { info, perGroup } = run(log, groups, options);
  return { ...info, groups: groups.keys.map((key, g) => ({ key, kpis: perGroup[g] })) };
}

function run(log: EventLog, groups: CaseGroups, options: KpiOptions): { info: KpiContextInfo; perGroup: Kpis[] } {
  const period = resolvePeriod(log, options.period);
  const conversion = caseConversion(log, options.currency);
  const ctx = { log, facts: caseFacts(log), balance: balanceModel(log), factor: conversion.factor, period, groups };
  const unavailable = unavailableKpis(log);
  const conformance = adherenceSource(log, options, period.end);

  const receivables = receivableKpis(ctx);
  const payment = paymentKpis(ctx);
  const durations = durationKpis(ctx);
  const collection = collectionKpis(ctx);
  const adherence = adherenceKpis(ctx, conformance);
  const caseCounts = new Uint32Array(groups.keys.length);
  for (let c = 0; c < groups.group.length; c++) if (groups.group[c] >= 0) caseCounts[groups.group[c]]++;

  const perGroup = groups.keys.map((_, g): Kpis => {
    const r = receivables[g];
    const col = collection[g];
    const kpis: Kpis = {
      ...r,
      ...payment[g],
      ...durations[g],
      ...col,
      ...adherence[g],
      amounts: r.amounts && col.amounts ? { ...r.amounts, ...col.amounts } : null,
      counts: {
        cases: caseCounts[g],
        ...r.counts,
        ...payment[g].counts,
        ...durations[g].counts,
        ...col.counts,
        ...adherence[g].counts,
      },
    };
    return withUnavailable(kpis, unavailable);
  });
  return {
    info: { period, reportingCurrency: conversion.reporting, excludedCurrencies: conversion.excluded, unavailable },
    perGroup,
  };
}

/** The policy check behind dunning adherence: given, skipped (false), or run with the options' policy. */
function adherenceSource(log: EventLog, options: KpiOptions, cutoff: number): ConformanceResult | null {
  if (options.conformance === false) return null;
  if (options.conformance) return options.conformance;
  const checkOptions = { cases: options.cases, asOf: cutoff, allowlist: options.allowlist, currency: options.currency };
  const result = checkConformance(log, options.policy, checkOptions);
  rememberViolations(log, options.policy, checkOptions, result);
  return result;
}

function withUnavailable(kpis: Kpis, unavailable: Partial<Record<KpiName, string>>): Kpis {
  const names = Object.keys(unavailable) as KpiName[];
  if (names.length === 0) return kpis;
  const copy: Record<string, unknown> = { ...kpis };
  for (const name of names) copy[name] = null;
  return copy as unknown as Kpis;
}
