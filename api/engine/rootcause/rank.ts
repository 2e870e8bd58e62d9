import type { FeatureCounts } from './feature-counts.ts';
import type { CauseKind, RootCause } from './types.ts';

export interface RankSettings {
  /** Outcome index into the class bits. */
  readonly k: number;
  readonly population: number;
  readonly outcomeCases: number;
  readonly minCases: number;
  /** Per activity code: 1 when a feature mentioning it restates the outcome. */
  readonly defining: Uint8Array;
}

export interface Candidate {
  readonly id: number;
  readonly cause: RootCause;
}

/**
 * The features of one kind over-represented among the outcome's invoices: lift > 1, on at least
 * minCases invoices, not on every invoice of the population; by lift, then by invoices (a broad
 * cause before a narrow one of equal strength), then by label so the order is stable.
 */
export function rankFeatures(counts: FeatureCounts, kind: CauseKind, s: RankSettings): Candidate[] {
  if (s.population === 0 || s.outcomeCases === 0) return [];
  const base = s.outcomeCases / s.population;
  const found: Candidate[] = [];
  counts.features.forEach((info, id) => {
    if (info.kind !== kind || info.activities.some((a) => s.defining[a])) return;
    const { cases, hits } = counts.tally(id, s.k);
    if (cases < s.minCases || cases >= s.population || hits === 0) return;
    const rate = hits / cases;
    const lift = rate / base;
    if (!(lift > 1)) return;
    found.push({ id, cause: { kind, attribute: info.attribute, value: info.value, label: info.label, lift, support: cases / s.population, cases, outcomeCases: hits, rate } });
  });
  found.sort((a, b) => b.cause.lift - a.cause.lift || b.cause.cases - a.cause.cases || (a.cause.label < b.cause.label ? -1 : a.cause.label > b.cause.label ? 1 : 0));
  return found;
}
