import { instantOf } from './row-context.ts';

const DAY = 86_400_000;

/** An OData DateTimeOffset literal (unquoted in $filter). */
export function odataInstant(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

/** The $filter that reads what changed since a watermark, lookback days earlier for back-dated rows. */
export function changedSince(field: string, watermark: string, lookbackDays = 0): string {
  return `${field} gt ${odataInstant(instantOf(watermark) - lookbackDays * DAY)}`;
}

/**
 * The watermark a page, read in ascending order of the field, allows. When more pages follow,
 * rows sharing the page's last value may continue on the next page, so the watermark stops below
 * that value: resuming with `gt` then loses none of them. The last page allows its last value.
 */
export function pageWatermark(values: readonly unknown[], morePages: boolean, previous: string | undefined): string | undefined {
  const times = values.map(instantOf).filter((t) => !Number.isNaN(t));
  let best = previous === undefined ? Number.NEGATIVE_INFINITY : instantOf(previous);
  if (times.length) {
    const last = Math.max(...times);
    const allowed = morePages ? Math.max(Number.NEGATIVE_INFINITY, ...times.filter((t) => t < last)) : last;
    if (allowed > best) best = allowed;
  }
  return best === Number.NEGATIVE_INFINITY || Number.isNaN(best) ? previous : new Date(best).toISOString();
}
