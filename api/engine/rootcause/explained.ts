import type { PairCounts } from './pair-counts.ts';
import type { Candidate } from './rank.ts';
import type { RootCause } from './types.ts';

/** Only the strongest values are compared pairwise; below them nobody reads on. */
export const COMPARED = 32;
/** "No more than expected": within 10 %, or within two standard deviations of a binomial count. */
const TOLERANCE = 0.1;
const Z = 2;

/**
 * Attribute values that only stand in for a stronger value of another attribute. A is explained
 * by B when, once B is known, A tells nothing more: among invoices with B, those also with A have
 * the outcome no more often than B's invoices overall, and among invoices without B, those with A
 * no more often than the invoices without B. (A collector whose portfolio is mostly in the entity
 * with the problem; the low-amount band of the segment that fails.) When A and B explain each
 * other, the one ranked lower is the explained one. Explained values move after the others.
 */
export function withExplanations(
  candidates: readonly Candidate[],
  pairs: PairCounts,
  k: number,
  totals: { population: number; outcomeCases: number },
): RootCause[] {
  const M = Math.min(COMPARED, candidates.length);
  if (M < 2) return candidates.map((c) => c.cause);
  const cause = (i: number) => candidates[i].cause;
  /** Whether i adds nothing once j is known. */
  const addsNothing = (i: number, j: number): boolean => {
    const a = cause(i);
    const b = cause(j);
    const { cases: inCases, hits: inHits } = pairs.together(candidates[i].id, candidates[j].id, k);
    const outCases = a.cases - inCases;
    const outHits = a.outcomeCases - inHits;
    const outRate = (totals.outcomeCases - b.outcomeCases) / (totals.population - b.cases);
    return noMoreThanExpected(inHits, inCases, b.rate) && noMoreThanExpected(outHits, outCases, outRate);
  };
  const explainedBy = new Int32Array(M).fill(-1);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < M; j++) {
      if (i === j || cause(i).attribute === cause(j).attribute) continue;
      if (addsNothing(i, j) && (j < i || !addsNothing(j, i))) {
        explainedBy[i] = j;
        break;
      }
    }
  }
  const kept: RootCause[] = [];
  const explained: RootCause[] = [];
  candidates.forEach((c, i) => {
    if (i < M && explainedBy[i] >= 0) explained.push({ ...c.cause, explainedBy: cause(explainedBy[i]).label });
    else kept.push(c.cause);
  });
  return [...kept, ...explained];
}

function noMoreThanExpected(hits: number, cases: number, rate: number): boolean {
  if (cases === 0) return true;
  const expected = cases * rate;
  return hits <= Math.max(expected * (1 + TOLERANCE), expected + Z * Math.sqrt(expected * (1 - rate)));
}
