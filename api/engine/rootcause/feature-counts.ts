import type { CauseKind } from './types.ts';

/** One candidate cause: what it says, and which activities it is made of (path features). */
export interface FeatureInfo {
  readonly kind: CauseKind;
  readonly attribute: string;
  readonly value: string;
  readonly label: string;
  /** Activity codes the feature mentions; a feature mentioning an outcome's defining activity is dropped for it. */
  readonly activities: readonly number[];
}

/** Case classes (see outcomeClasses): one byte per case. */
export const CLASSES = 256;

/**
 * Per feature, how many cases of each class have it. Features are registered as they are first
 * met; counting per class rather than per outcome is one increment per case and feature.
 */
export class FeatureCounts {
  readonly features: FeatureInfo[] = [];
  private counts = new Uint32Array(64 * CLASSES);

  add(info: FeatureInfo): number {
    const id = this.features.length;
    this.features.push(info);
    if ((id + 1) * CLASSES > this.counts.length) {
      const grown = new Uint32Array(this.counts.length * 2);
      grown.set(this.counts);
      this.counts = grown;
    }
    return id;
  }

  /** The increment every pass makes: case of class `cls` has feature `id`. */
  count(id: number, cls: number): void {
    this.counts[id * CLASSES + cls]++;
  }

  /** Cases in outcome k's population with feature id, and of those with the outcome. */
  tally(id: number, k: number): { cases: number; hits: number } {
    const pop = 1 << k;
    const hit = 1 << (4 + k);
    let cases = 0;
    let hits = 0;
    const base = id * CLASSES;
    for (let cls = 1; cls < CLASSES; cls++) {
      const n = this.counts[base + cls];
      if (n === 0 || (cls & pop) === 0) continue;
      cases += n;
      if (cls & hit) hits += n;
    }
    return { cases, hits };
  }
}
