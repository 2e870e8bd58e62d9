import type { Filter, FilterSpec } from '../api/types.ts';

/** Case attributes the panel offers as pick lists (template columns of the domain reference). */
export const PANEL_ATTRIBUTES = ['CustomerSegment', 'CompanyCode', 'CollectorName', 'PaymentTerms', 'InvoiceCurrency', 'InvoiceStatus'] as const;
export type PanelAttribute = (typeof PANEL_ATTRIBUTES)[number];

export type TimeMode = 'started' | 'ended' | 'active' | 'contained';
export type Outcome = 'settled' | 'writtenOff' | 'open';

/** The panel's editable form of a FilterSpec. Filters it cannot edit are carried along untouched. */
export interface FilterForm {
  readonly timeMode: TimeMode;
  /** yyyy-mm-dd, '' = open. */
  readonly timeFrom: string;
  readonly timeTo: string;
  readonly attributes: Readonly<Record<PanelAttribute, readonly string[]>>;
  readonly amountMin: string;
  readonly amountMax: string;
  readonly contains: readonly string[];
  readonly notContains: readonly string[];
  readonly outcomes: readonly Outcome[];
  readonly hideDerived: boolean;
  readonly other: readonly Filter[];
}

export const EMPTY_FORM: FilterForm = {
  timeMode: 'started',
  timeFrom: '',
  timeTo: '',
  attributes: { CustomerSegment: [], CompanyCode: [], CollectorName: [], PaymentTerms: [], InvoiceCurrency: [], InvoiceStatus: [] },
  amountMin: '',
  amountMax: '',
  contains: [],
  notContains: [],
  outcomes: [],
  hideDerived: false,
  other: [],
};

const isPanelAttribute = (name: string): name is PanelAttribute => (PANEL_ATTRIBUTES as readonly string[]).includes(name);

export function formFromSpec(spec: FilterSpec): FilterForm {
  let form: FilterForm = { ...EMPTY_FORM, attributes: { ...EMPTY_FORM.attributes }, hideDerived: spec.hideDerived === true };
  const other: Filter[] = [];
  let timeTaken = false;
  for (const f of spec.filters ?? []) {
    if (f.kind === 'timeRange' && !f.negate && !timeTaken) {
      timeTaken = true;
      form = { ...form, timeMode: f.mode, timeFrom: dayOf(f.from), timeTo: shiftDay(dayOf(f.to), -1) };
    } else if (f.kind === 'attribute' && !f.negate && isPanelAttribute(f.attribute) && form.attributes[f.attribute].length === 0 && f.values.every((v) => typeof v === 'string')) {
      form = { ...form, attributes: { ...form.attributes, [f.attribute]: f.values as string[] } };
    } else if (f.kind === 'range' && !f.negate && f.attribute === 'InvoiceAmount' && form.amountMin === '' && form.amountMax === '') {
      form = { ...form, amountMin: f.min === undefined ? '' : String(f.min), amountMax: f.max === undefined ? '' : String(f.max) };
    } else if (f.kind === 'activity' && (f.match ?? 'any') === 'any' && !f.negate && form.contains.length === 0) {
      form = { ...form, contains: f.activities };
    } else if (f.kind === 'activity' && (f.match ?? 'any') === 'any' && f.negate && form.notContains.length === 0) {
      form = { ...form, notContains: f.activities };
    } else if (f.kind === 'outcome' && !f.negate && form.outcomes.length === 0) {
      form = { ...form, outcomes: f.outcomes };
    } else other.push(f);
  }
  return { ...form, other };
}

export function specFromForm(form: FilterForm): FilterSpec {
  const filters: Filter[] = [];
  if (form.timeFrom || form.timeTo) {
    filters.push({ kind: 'timeRange', mode: form.timeMode, ...(form.timeFrom ? { from: form.timeFrom } : {}), ...(form.timeTo ? { to: shiftDay(form.timeTo, 1) } : {}) });
  }
  for (const name of PANEL_ATTRIBUTES) if (form.attributes[name].length > 0) filters.push({ kind: 'attribute', attribute: name, values: [...form.attributes[name]] });
  const min = parseAmount(form.amountMin);
  const max = parseAmount(form.amountMax);
  if (min !== null || max !== null) filters.push({ kind: 'range', attribute: 'InvoiceAmount', ...(min !== null ? { min } : {}), ...(max !== null ? { max } : {}) });
  if (form.contains.length > 0) filters.push({ kind: 'activity', activities: [...form.contains] });
  if (form.notContains.length > 0) filters.push({ kind: 'activity', activities: [...form.notContains], negate: true });
  if (form.outcomes.length > 0) filters.push({ kind: 'outcome', outcomes: [...form.outcomes] });
  filters.push(...form.other);
  return { ...(filters.length > 0 ? { filters } : {}), ...(form.hideDerived ? { hideDerived: true } : {}) };
}

/**
 * The panel shows inclusive "to" days, the API's time range excludes its end: the day after the
 * picked one is sent, and taken back when a link is read.
 */
function shiftDay(day: string, by: number): string {
  const ms = Date.parse(`${day}T00:00:00Z`);
  return day === '' || Number.isNaN(ms) ? day : new Date(ms + by * 86_400_000).toISOString().slice(0, 10);
}

function dayOf(value: string | number | undefined): string {
  if (value === undefined) return '';
  const ms = typeof value === 'number' ? value : Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
  return Number.isNaN(ms) ? '' : new Date(ms).toISOString().slice(0, 10);
}

/** The amount inputs are type="number": their value is always "1234.5", whatever the locale shows. */
function parseAmount(text: string): number | null {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isFinite(n) ? n : null;
}
