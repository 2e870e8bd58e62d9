import type { Bottleneck } from '../../api/types.ts';
import { activityLabel, type Translate } from '../../i18n/catalogue.ts';
import type { Formatters } from '../../i18n/format.ts';

export interface BottleneckRow {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly fromName: string;
  readonly toName: string;
  readonly cases: string;
  readonly meanWait: string;
  readonly medianWait: string;
  readonly totalWait: string;
  readonly exposure: string;
  readonly exposureShare: number;
}

/**
 * Exposure is in the invoices' own amounts (the engine does not convert currencies for it), so
 * it is shown as a plain compact figure rather than with one currency's symbol.
 */
export function bottleneckRows(items: readonly Bottleneck[], t: Translate, fmt: Formatters): BottleneckRow[] {
  const max = Math.max(0, ...items.map((b) => b.exposure));
  return items.map((b) => ({
    key: `${b.from}\u2192${b.to}`,
    from: activityLabel(t, b.from),
    to: activityLabel(t, b.to),
    fromName: b.from,
    toName: b.to,
    cases: fmt.integer(b.cases),
    meanWait: fmt.duration(b.meanWait),
    medianWait: fmt.duration(b.medianWait),
    totalWait: fmt.duration(b.totalWait),
    exposure: fmt.compact(b.exposure),
    exposureShare: max > 0 ? b.exposure / max : 0,
  }));
}
