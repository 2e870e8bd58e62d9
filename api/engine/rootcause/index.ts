import { Activity } from '../domain/activities.ts';
import type { EventLog } from '../log/event-log.ts';
import { checkConformance } from '../conformance/check.ts';
import { eventLevels } from '../conformance/levels.ts';
import { caseFacts, overdueSince } from '../kpis/case-facts.ts';
import { rememberedViolations, rememberViolations } from '../kpis/policy-outcome.ts';
import { DEFAULT_DUNNING_LEVELS } from '../conformance/policy-schema.ts';
import { OUTCOME_ENCODING_ATTRIBUTES, countAttributeFeatures } from './attribute-features.ts';
import { FeatureCounts } from './feature-counts.ts';
import { DEFINING_ACTIVITIES, OUTCOME_DEFINITIONS, outcomeClasses, type PolicyOutcome } from './outcomes.ts';
import { countPathFeatures } from './path-features.ts';
import { COMPARED, withExplanations } from './explained.ts';
import { PairCounts } from './pair-counts.ts';
import { rankFeatures } from './rank.ts';
import { ROOT_CAUSE_OUTCOMES, type OutcomeRootCauses, type RootCauseOptions, type RootCauseOutcome, type RootCauseReport } from './types.ts';

export * from './types.ts';
export { OUTCOME_DEFINITIONS, DEFINING_ACTIVITIES } from './outcomes.ts';
export { OUTCOME_ENCODING_ATTRIBUTES } from './attribute-features.ts';

export const DEFAULT_MIN_CASES = 20;
export const DEFAULT_MIN_SHARE = 0.01;
export const DEFAULT_MAX_DISTINCT = 50;
export const DEFAULT_CAUSE_LIMIT = 10;

/**
 * For each outcome, the case-attribute values and the path features most over-represented among
 * the invoices that had it (lift, support, invoices), ranked separately so that an obvious
 * consequence on the path (a written-off invoice went through the last dunning level) does not
 * push a cause out of view. One pass over cases and one over events serve all outcomes.
 * Method and thresholds: docs/ROOT-CAUSES.md.
 */
/**
 * Which invoices broke the policy: the check of every invoice by the log's cut-off is the one the
 * KPIs' adherence runs too, so it is remembered per log and policy (kpis/policy-outcome.ts).
 */
function policyOutcome(log: EventLog, options: RootCauseOptions): PolicyOutcome {
  const asOf = log.lastDataUpdate;
  if (options.cases === undefined) {
    const violated = rememberedViolations(log, options.policy, asOf);
    if (violated) return { overdueSince: overdueSince(caseFacts(log), asOf), caseViolations: violated };
  }
  const checkOptions = { cases: options.cases };
  const result = checkConformance(log, options.policy, checkOptions);
  rememberViolations(log, options.policy, checkOptions, result);
  return result;
}

export function findRootCauses(log: EventLog, options: RootCauseOptions = {}): RootCauseReport {
  const outcomes = options.outcomes ?? ROOT_CAUSE_OUTCOMES;
  const wantsPolicy = outcomes.includes('policyViolated');
  const conformance = options.conformance ?? (wantsPolicy ? policyOutcome(log, options) : null);
  const { cls, unavailable } = outcomeClasses(log, outcomes, { cases: options.cases, graceDays: options.graceDays ?? 0, conformance });

  const counts = new FeatureCounts();
  const attributeFeatures = countAttributeFeatures(log, cls, counts, {
    maxDistinct: options.maxDistinct ?? DEFAULT_MAX_DISTINCT,
    exclude: new Set([...OUTCOME_ENCODING_ATTRIBUTES, ...(options.excludeAttributes ?? [])]),
    currency: options.currency,
  });
  const levelNames = options.policy?.dunningLevels ?? DEFAULT_DUNNING_LEVELS;
  countPathFeatures(log, cls, counts, {
    level: eventLevels(log, levelNames),
    dunningCode: log.activities.indexOf(options.policy?.dunningActivity ?? Activity.DunningLetterIssued),
    levelNames,
  });

  const ranked = outcomes.map((outcome, k) => {
    let population = 0;
    let outcomeCases = 0;
    for (let c = 0; c < cls.length; c++) {
      if (cls[c] & (1 << k)) population++;
      if (cls[c] & (1 << (4 + k))) outcomeCases++;
    }
    const minCases = Math.max(options.minCases ?? DEFAULT_MIN_CASES, Math.ceil((options.minShare ?? DEFAULT_MIN_SHARE) * population));
    const defining = new Uint8Array(log.activities.length);
    for (const name of DEFINING_ACTIVITIES[outcome]) {
      const code = log.activities.indexOf(name);
      if (code >= 0) defining[code] = 1;
    }
    const settings = { k, population, outcomeCases, minCases, defining };
    return { settings, attributes: rankFeatures(counts, 'attribute', settings) };
  });
  // The pairs are counted once for all outcomes, over the values any of them compares.
  const compared = new Set<number>();
  for (const { attributes } of ranked) for (const c of attributes.slice(0, COMPARED)) compared.add(c.id);
  const pairs = new PairCounts(attributeFeatures.perCase, attributeFeatures.ranges, cls, compared);
  const result: Partial<Record<RootCauseOutcome, OutcomeRootCauses>> = {};
  outcomes.forEach((outcome, k) => {
    const { settings, attributes: candidates } = ranked[k];
    const { population, outcomeCases, minCases } = settings;
    const limit = options.limit ?? DEFAULT_CAUSE_LIMIT;
    const attributes = withExplanations(candidates, pairs, k, settings);
    result[outcome] = {
      outcome,
      definition: OUTCOME_DEFINITIONS[outcome],
      population,
      outcomeCases,
      rate: population > 0 ? outcomeCases / population : null,
      minCases,
      attributes: attributes.slice(0, limit),
      paths: rankFeatures(counts, 'path', settings)
        .slice(0, limit)
        .map((c) => c.cause),
      unavailable: unavailable[k],
    };
  });
  return { outcomes: result, skippedAttributes: attributeFeatures.skipped };
}
