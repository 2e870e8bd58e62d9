import type { EventLog } from '../log/event-log.ts';
import { PerLogCache } from '../log/per-log-cache.ts';
import { parseFilterSpec, type Filter, type FilterSpec } from './filter-spec.ts';
import { dependsOnEventView, filterMask } from './filters.ts';
import { eventViewKey, selectAll, type Selection } from './selection.ts';

/**
 * Up to 64 masks, but no more than 16 MB of them: a mask is a byte per case, so at 700k
 * cases 64 of them (a slider dragged through 64 values) would hold 45 MB.
 */
const maskCache = new PerLogCache<Uint8Array>(64, { bytes: 16 * 1024 * 1024, sizeOf: (mask) => mask.length, minEntries: 1 });

/**
 * The selection a FilterSpec describes: the AND of its filters' case masks, with derived
 * events hidden or not. Each filter's mask is cached per log under the filter's own JSON, so
 * changing one filter recomputes only that one; the rest is a byte-wise AND.
 * Throws FilterSpecError for a malformed spec.
 */
export function applyFilters(log: EventLog, spec: FilterSpec): Selection {
  const checked = parseFilterSpec(spec);
  const hideDerived = checked.hideDerived === true;
  const view: Selection = { cases: selectAll(log), hideDerived, activities: null };
  const cases = view.cases;
  for (const filter of checked.filters ?? []) {
    const mask = cachedMask(log, filter, view);
    if (filter.negate === true) for (let c = 0; c < cases.length; c++) cases[c] &= mask[c] ^ 1;
    else for (let c = 0; c < cases.length; c++) cases[c] &= mask[c];
  }
  return view;
}

/** One filter's case mask (negate applied), from the cache when this log has seen the filter. */
export function caseMask(log: EventLog, filter: Filter, hideDerived = false): Uint8Array {
  const mask = cachedMask(log, filter, { cases: selectAll(log), hideDerived, activities: null });
  return filter.negate === true ? mask.map((m) => m ^ 1) : mask.slice();
}

function cachedMask(log: EventLog, filter: Filter, view: Selection): Uint8Array {
  const viewKey = dependsOnEventView(log, filter) ? eventViewKey(log, view) : '';
  const key = `${canonicalJson({ ...filter, negate: undefined })}${viewKey === '' ? '' : `@${viewKey}`}`;
  return maskCache.get(log, key, () => filterMask(log, filter, view));
}

/** JSON with object keys sorted, so {a, b} and {b, a} share a cache entry; undefined fields drop out. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
