import type { Variant } from '../../api/types.ts';
import { activityLabel, type Translate } from '../../i18n/catalogue.ts';
import type { Formatters } from '../../i18n/format.ts';

export interface VariantRow {
  readonly rank: number;
  readonly title: string;
  readonly share: number;
  readonly shareText: string;
  readonly cases: string;
  readonly steps: string;
  readonly path: readonly string[];
  readonly meanDuration: string;
  readonly medianDuration: string;
  readonly activities: readonly string[];
}

export function variantRows(variants: readonly Variant[], t: Translate, fmt: Formatters): VariantRow[] {
  return variants.map((v) => ({
    rank: v.rank,
    title: t('variants.rank', { rank: v.rank + 1 }),
    share: v.share,
    shareText: fmt.percent(v.share),
    cases: fmt.integer(v.cases),
    steps: t('variants.steps', { count: v.activities.length }),
    path: v.activities.map((a) => activityLabel(t, a)),
    meanDuration: fmt.duration(v.duration.mean),
    medianDuration: fmt.duration(v.duration.median),
    activities: v.activities,
  }));
}
