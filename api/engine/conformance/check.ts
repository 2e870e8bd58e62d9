import { Activity } from '../domain/activities.ts';
import { businessCalendar } from '../domain/calendar.ts';
import { Column } from '../domain/columns.ts';
import { caseConversion } from '../domain/currency.ts';
import type { EventLog } from '../log/event-log.ts';
import { activityMask, casePresence, presenceBits } from '../kpis/activity-codes.ts';
import { caseFacts, overdueSince as overdueSinceOf } from '../kpis/case-facts.ts';
import { balanceModel } from '../kpis/open-balance.ts';
import { RuleTally, ownerSummaries } from './aggregates.ts';
import { compileAllowlist } from './allowlist.ts';
import { cachedMatcher } from './case-match.ts';
import { compileRule } from './compile.ts';
import { DEFAULT_POLICY } from './default-policy.ts';
import { eventLevels } from './levels.ts';
import { DEFAULT_DUNNING_LEVELS, levelKey, type DunningPolicy } from './policy-schema.ts';
import type { Emit, EvalEnv } from './rules/env.ts';
import type { AllowedViolation, ConformanceOptions, ConformanceResult, Violation } from './types.ts';
import { ViolationTable, violationObject } from './violation-table.ts';

/**
 * Checks every selected invoice against the policy (already validated: see parsePolicy).
 * Rule by rule, each rule variant scans the events of its cases.
 */
export function checkConformance(log: EventLog, policy: DunningPolicy = DEFAULT_POLICY, options: ConformanceOptions = {}): ConformanceResult {
  const cutoff = options.asOf ?? log.lastDataUpdate;
  const cases = options.cases;
  const warnings = new Set<string>();
  const warn = (message: string) => void warnings.add(message);
  const matcher = cachedMatcher(log, warn);
  const conversion = caseConversion(log, options.currency);
  const detailTexts = [''];
  const env = evalEnv(log, policy, cutoff, detailTexts);
  const rules = policy.rules;
  const ruleIds = rules.map((r) => r.id);
  const allowlist = compileAllowlist(log, options.allowlist ?? [], ruleIds, matcher, warn);

  const table = new ViolationTable(ruleIds, log.caseIds, detailTexts);
  const allowed: AllowedViolation[] = [];
  const caseViolations = new Uint32Array(log.caseIds.length);
  const tally = new RuleTally(rules.length);
  const perCase = conversion.factor;
  let rule = 0;
  const emit: Emit = (kind, c, event, dueAt, exposure, detail) => {
    const inReporting = exposure * perCase[c];
    if (allowlist.any) {
      const entry = allowlist.entryOf(rule, c);
      if (entry >= 0) {
        const violation = violationObject(ruleIds, log.caseIds, detailTexts, rule, kind, c, event, dueAt, inReporting, detail);
        allowed.push({ ...violation, allowlistEntry: entry });
        tally.allowed[rule]++;
        return;
      }
    }
    table.push(rule, kind, c, event, dueAt, inReporting, detail);
    tally.add(rule, kind, c, inReporting);
    caseViolations[c]++;
  };

  const nCases = log.caseIds.length;
  const selected = selectedCases(nCases, cases);
  const scratch = { candidates: new Uint32Array(selected.length), keys: new Uint32Array(selected.length) };
  for (rule = 0; rule < rules.length; rule++) {
    for (const run of compileRule(rules[rule], selected, env, emit, matcher, scratch)) run.evaluate(run.cases);
  }
  table.finish(nCases);

  const overdueSince = overdueSinceOf(env.facts, cutoff);
  let overdueCases = 0;
  let conforming = 0;
  for (let c = 0; c < nCases; c++) {
    if ((cases && !cases[c]) || overdueSince[c] !== overdueSince[c]) continue;
    overdueCases++;
    if (caseViolations[c] === 0) conforming++;
  }

  let materialized: Violation[] | null = null;

  return {
    asOf: cutoff,
    reportingCurrency: conversion.reporting,
    get violations() {
      materialized ??= table.toArray();
      return materialized;
    },
    table,
    violationsOfCase: (c) => table.toArray(...table.rangeOfCase(c)),
    allowed,
    caseViolations,
    overdueSince,
    overdueCases,
    conformingOverdueCases: conforming,
    adherence: overdueCases > 0 ? conforming / overdueCases : null,
    byRule: tally.summaries(rules),
    byCollector: ownerSummaries(log, Column.CollectorName, overdueSince, caseViolations, cases),
    byTeam: ownerSummaries(log, Column.CreditTeam, overdueSince, caseViolations, cases),
    excludedCurrencies: conversion.excluded,
    warnings: [...warnings],
  };
}

function selectedCases(nCases: number, cases?: Uint8Array): Uint32Array {
  if (!cases) {
    const all = new Uint32Array(nCases);
    for (let c = 0; c < nCases; c++) all[c] = c;
    return all;
  }
  let n = 0;
  for (let c = 0; c < nCases; c++) if (cases[c]) n++;
  const list = new Uint32Array(n);
  for (let c = 0, i = 0; c < nCases; c++) if (cases[c]) list[i++] = c;
  return list;
}

function evalEnv(log: EventLog, policy: DunningPolicy, cutoff: number, detailTexts: string[]): EvalEnv {
  const levelNames = policy.dunningLevels ?? DEFAULT_DUNNING_LEVELS;
  const ordinalOfKey = new Map(levelNames.map((name, i) => [levelKey(name), i + 1]));
  const levelOrdinal = (name: string) => (levelKey(name) === 'final' ? levelNames.length : (ordinalOfKey.get(levelKey(name)) ?? 0));
  const detailIds = new Map<string, number>();
  return {
    log,
    facts: caseFacts(log),
    balance: balanceModel(log),
    cutoff,
    calendar: businessCalendar(policy.calendar ?? {}),
    level: eventLevels(log, levelNames),
    dunningCode: log.activities.indexOf(policy.dunningActivity ?? Activity.DunningLetterIssued),
    levelNames,
    levelOrdinal,
    code: (name) => log.activities.indexOf(name),
    mask: (names) => activityMask(log, names),
    presence: casePresence(log),
    bits: (names) => presenceBits(names.map((name) => log.activities.indexOf(name))),
    detail: (text) => {
      let id = detailIds.get(text);
      if (id === undefined) {
        id = detailTexts.length;
        detailTexts.push(text);
        detailIds.set(text, id);
      }
      return id;
    },
  };
}
