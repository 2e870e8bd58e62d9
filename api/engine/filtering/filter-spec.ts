import { parseIsoInstant } from '../log/instants.ts';

/**
 * Filters as plain JSON, so a view can travel in a URL or an API body and come back the same.
 *
 * ```json
 * {
 *   "hideDerived": true,
 *   "filters": [
 *     { "kind": "timeRange", "mode": "started", "from": "2023-01-01", "to": "2023-04-01" },
 *     { "kind": "attribute", "attribute": "CustomerSegment", "values": ["Enterprise", "SMB"] },
 *     { "kind": "range", "attribute": "InvoiceAmount", "min": 1000, "max": 50000 },
 *     { "kind": "variant", "variants": [["Invoice Created", "Invoice Posted", "Invoice Settled"]] },
 *     { "kind": "activity", "activities": ["Dispute Registered"], "negate": true },
 *     { "kind": "follows", "from": "Dispute Registered", "to": "Dispute Resolved", "overDays": 30 },
 *     { "kind": "outcome", "outcomes": ["writtenOff"] }
 *   ]
 * }
 * ```
 *
 * Filters combine with AND. Every filter takes `"negate": true`, which selects exactly the cases
 * it would not (so "does not contain" is a negated "activity" filter). Times are epoch ms or
 * ISO-8601 text (a date alone is midnight UTC; a date-time without offset is UTC).
 *
 * Filters look at what the view shows: with hideDerived, derived events do not count for time
 * ranges, variants, activities, follows or event attributes, matching the map and variant list
 * the user filters from. The outcome filter is the exception: settlement is an inferred
 * (derived) event, and hiding derived events from the map must not turn settled invoices open.
 */
export interface FilterSpec {
  /** AND-combined; absent or empty = every case. */
  readonly filters?: readonly Filter[];
  /** Drop derived (calculated and inferred) events from every sequence; default false. */
  readonly hideDerived?: boolean;
}

export type Filter = TimeRangeFilter | AttributeFilter | RangeFilter | VariantFilter | ActivityFilter | FollowsFilter | OutcomeFilter;

/** Epoch milliseconds, or ISO-8601 text. */
export type TimeValue = number | string;

interface Negatable {
  /** Select the cases this filter would not select. */
  readonly negate?: boolean;
}

/**
 * Cases by when they ran, over [from, to): from inclusive, to exclusive (so consecutive ranges
 * split cases without overlap); a missing bound is open. A case runs from its first shown event
 * to the latest completion of its shown events.
 * - started: the case starts in the range; ended: it ends in the range;
 * - active: it overlaps the range at all (start < to and end ≥ from);
 * - contained: it starts and ends in the range.
 */
export interface TimeRangeFilter extends Negatable {
  readonly kind: 'timeRange';
  readonly mode: 'started' | 'ended' | 'active' | 'contained';
  readonly from?: TimeValue;
  readonly to?: TimeValue;
}

/**
 * Cases whose attribute equals one of the values (null matches a missing value). Any case
 * attribute: CustomerSegment, CollectorName, CreditTeam, CompanyCode, PaymentTerms,
 * InvoiceCurrency, InvoiceStatus, ... For an event-level attribute, a case matches when one of
 * its shown events has the value. Values compare as the column stores them: numbers and
 * booleans by value, times as epoch ms or ISO text, strings exactly.
 */
export interface AttributeFilter extends Negatable {
  readonly kind: 'attribute';
  readonly attribute: string;
  readonly values: readonly (string | number | boolean | null)[];
}

/**
 * Cases whose numeric or time attribute lies in [min, max], both inclusive (amounts "between
 * 1,000 and 5,000"); a missing bound is open; missing values never match. Event-level: any
 * shown event in range.
 */
export interface RangeFilter extends Negatable {
  readonly kind: 'range';
  readonly attribute: string;
  readonly min?: number | string;
  readonly max?: number | string;
}

/** Cases following exactly one of these activity sequences (as the variant list shows them). */
export interface VariantFilter extends Negatable {
  readonly kind: 'variant';
  readonly variants: readonly (readonly string[])[];
}

/** Cases containing any (default) or all of the activities; negate for "does not contain". */
export interface ActivityFilter extends Negatable {
  readonly kind: 'activity';
  readonly activities: readonly string[];
  readonly match?: 'any' | 'all';
}

/**
 * Cases where `to` follows `from`: directly (the next shown event) or eventually (the next `to`
 * after a `from`). With withinDays / overDays, some such pair must have its gap — time of `to`
 * minus completion of `from`, at least 0, as the map's waiting times — at most withinDays
 * and/or more than overDays days.
 */
export interface FollowsFilter extends Negatable {
  readonly kind: 'follows';
  readonly from: string;
  readonly to: string;
  /** Default false: eventually. */
  readonly directly?: boolean;
  readonly withinDays?: number;
  readonly overDays?: number;
}

/**
 * settled: has 'Invoice Settled'; writtenOff: has 'Invoice Written Off'; open: neither. A case
 * matches when it has any of the outcomes listed.
 */
export interface OutcomeFilter extends Negatable {
  readonly kind: 'outcome';
  readonly outcomes: readonly Outcome[];
}

export type Outcome = 'settled' | 'writtenOff' | 'open';

export class FilterSpecError extends Error {}

const TIME_MODES = ['started', 'ended', 'active', 'contained'];
const OUTCOMES = ['settled', 'writtenOff', 'open'];

/** Checks untrusted JSON (an API body, a URL parameter) and returns it typed, or throws FilterSpecError. */
export function parseFilterSpec(input: unknown): FilterSpec {
  if (input === undefined || input === null) return {};
  const spec = record(input, 'filter spec');
  if (spec.hideDerived !== undefined && typeof spec.hideDerived !== 'boolean') fail('hideDerived must be true or false');
  if (spec.filters !== undefined && !Array.isArray(spec.filters)) fail('filters must be a list');
  const filters = ((spec.filters as unknown[] | undefined) ?? []).map((f, i) => checkFilter(f, `filters[${i}]`));
  return { filters, hideDerived: spec.hideDerived === true };
}

function checkFilter(input: unknown, at: string): Filter {
  const f = record(input, at);
  if (f.negate !== undefined && typeof f.negate !== 'boolean') fail(`${at}.negate must be true or false`);
  switch (f.kind) {
    case 'timeRange':
      if (!TIME_MODES.includes(f.mode as string)) fail(`${at}.mode must be one of ${TIME_MODES.join(', ')}`);
      if (f.from !== undefined) parseInstant(f.from, `${at}.from`);
      if (f.to !== undefined) parseInstant(f.to, `${at}.to`);
      break;
    case 'attribute':
      text(f.attribute, `${at}.attribute`);
      if (!Array.isArray(f.values) || !f.values.every((v) => v === null || ['string', 'number', 'boolean'].includes(typeof v))) {
        fail(`${at}.values must be a list of strings, numbers, booleans or null`);
      }
      break;
    case 'range':
      text(f.attribute, `${at}.attribute`);
      for (const bound of ['min', 'max'] as const) {
        const v = f[bound];
        if (v !== undefined && typeof v !== 'number' && typeof v !== 'string') fail(`${at}.${bound} must be a number or a time`);
      }
      break;
    case 'variant':
      if (!Array.isArray(f.variants) || !f.variants.every((v) => Array.isArray(v) && v.every((a) => typeof a === 'string'))) {
        fail(`${at}.variants must be a list of activity-name lists`);
      }
      break;
    case 'activity':
      if (!Array.isArray(f.activities) || !f.activities.every((a) => typeof a === 'string')) fail(`${at}.activities must be a list of names`);
      if (f.match !== undefined && f.match !== 'any' && f.match !== 'all') fail(`${at}.match must be "any" or "all"`);
      break;
    case 'follows':
      text(f.from, `${at}.from`);
      text(f.to, `${at}.to`);
      if (f.directly !== undefined && typeof f.directly !== 'boolean') fail(`${at}.directly must be true or false`);
      for (const days of ['withinDays', 'overDays'] as const) {
        const v = f[days];
        if (v !== undefined && !(typeof v === 'number' && Number.isFinite(v) && v >= 0)) fail(`${at}.${days} must be a number ≥ 0`);
      }
      break;
    case 'outcome':
      if (!Array.isArray(f.outcomes) || !f.outcomes.every((o) => OUTCOMES.includes(o as string))) {
        fail(`${at}.outcomes must be a list of ${OUTCOMES.join(', ')}`);
      }
      break;
    default:
      fail(`${at}.kind must be one of timeRange, attribute, range, variant, activity, follows, outcome`);
  }
  return f as unknown as Filter;
}

/** Epoch ms of a TimeValue; throws FilterSpecError for anything else. */
export function parseInstant(value: unknown, at = 'time'): number {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) fail(`${at} must be a finite number of epoch milliseconds`);
    return value;
  }
  if (typeof value !== 'string') return fail(`${at} must be epoch milliseconds or ISO-8601 text`);
  const ms = parseIsoInstant(value);
  if (Number.isNaN(ms)) fail(`${at}: "${value}" is not an ISO-8601 date or date-time`);
  return ms;
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(`${at} must be an object`);
  return value as Record<string, unknown>;
}

function text(value: unknown, at: string): void {
  if (typeof value !== 'string' || value === '') fail(`${at} must be a non-empty name`);
}

function fail(message: string): never {
  throw new FilterSpecError(message);
}
