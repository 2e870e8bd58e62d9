import { canonicalJson, decodeFilter } from '../contracts/filter-encoding.ts';
import { filterSpecSchema } from '../contracts/filter-spec.ts';
import { FilterSpecError, parseFilterSpec, type FilterSpec } from '../engine/index.ts';

export interface DecodedFilter {
  readonly spec: FilterSpec;
  /** Canonical JSON: the same view gives the same key, whatever the key order in the URL. */
  readonly key: string;
}

/** `?filter=` → a checked FilterSpec, or FilterSpecError / FilterEncodingError (400). */
export function decodeFilterParam(param: string | undefined): DecodedFilter {
  if (param === undefined || param === '') return { spec: {}, key: '{}' };
  const json = decodeFilter(param);
  const shaped = filterSpecSchema.safeParse(json);
  if (!shaped.success) {
    const issue = shaped.error.issues[0];
    throw new FilterSpecError(`${issue.path.join('.') || 'filter'}: ${issue.message}`);
  }
  // The engine's own check too: it also knows which ISO times parse.
  const spec = parseFilterSpec(shaped.data);
  return { spec, key: canonicalJson(spec) };
}
