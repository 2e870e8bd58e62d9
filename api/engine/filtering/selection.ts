import type { EventLog } from '../log/event-log.ts';
import { PerLogCache } from '../log/per-log-cache.ts';
import { orOfBytes } from './bytes.ts';

/**
 * The cases a view looks at: one byte per case index, 1 = selected. Filters produce selections
 * over the log instead of copying it; every analysis takes one (undefined = all cases).
 */
export type CaseSelection = Uint8Array;

/**
 * What an analysis looks at: some cases, and within them some events. Hiding derived events
 * and the activity slider remove events, not cases: the remaining events of a case form its
 * sequence, so neighbours of a hidden event directly follow each other.
 *
 * A case none of whose events is shown is outside the view: it has no variant, no duration
 * and does not count as a case anywhere (so DFG edge counts always sum to events − cases).
 */
export interface Selection {
  /** Per case index: 1 = selected. Length = number of cases. */
  readonly cases: CaseSelection;
  /** Drop calculated and inferred events (log.derived ≠ 0) from every sequence. */
  readonly hideDerived: boolean;
  /** Per activity code: 1 = shown. Absent or null = every activity (the activity slider sets it). */
  readonly activities?: Uint8Array | null;
}

/** What analyses accept: a full selection, a bare case bitmap, or nothing (every case, every event). */
export type SelectionInput = Selection | CaseSelection | null | undefined;

export function selectAll(log: EventLog): CaseSelection {
  return new Uint8Array(log.caseIds.length).fill(1);
}

export function selectedCount(selection: CaseSelection): number {
  let n = 0;
  for (let i = 0; i < selection.length; i++) n += selection[i];
  return n;
}

export class SelectionError extends Error {}

/** The full form of any accepted selection, checked against the log's shape. */
export function toSelection(log: EventLog, input?: SelectionInput): Selection {
  let selection: Selection;
  if (input === undefined || input === null) selection = { cases: selectAll(log), hideDerived: false, activities: null };
  else if (input instanceof Uint8Array) selection = { cases: input, hideDerived: false, activities: null };
  else selection = input;
  if (selection.cases.length !== log.caseIds.length) {
    throw new SelectionError(`selection covers ${selection.cases.length} cases, the log has ${log.caseIds.length}`);
  }
  const shown = selection.activities;
  if (shown && shown.length !== log.activities.length) {
    throw new SelectionError(`activity mask covers ${shown.length} activities, the log has ${log.activities.length}`);
  }
  // Kernels add the bytes up (branch-free counting), so any other truthy byte becomes 1.
  if (!isZeroOne(selection.cases)) selection = { ...selection, cases: selection.cases.map((b) => (b === 0 ? 0 : 1)) };
  if (shown && !isZeroOne(shown)) selection = { ...selection, activities: shown.map((b) => (b === 0 ? 0 : 1)) };
  return selection;
}

function isZeroOne(bytes: Uint8Array): boolean {
  return orOfBytes(bytes) <= 1;
}

/**
 * A key naming which events a selection shows ('' = all of them). Per-log caches of
 * event-level results (variants, case spans) are keyed by it.
 */
export function eventViewKey(log: EventLog, selection: Selection): string {
  let key = '';
  if (selection.hideDerived && hasDerived(log)) key = 'h';
  const shown = selection.activities;
  if (shown) {
    let all = true;
    for (let a = 0; a < shown.length; a++) if (shown[a] === 0) all = false;
    if (!all) key += '|' + shown.join('');
  }
  return key;
}

const hasDerivedCache = new WeakMap<EventLog, boolean>();

function hasDerived(log: EventLog): boolean {
  let has = hasDerivedCache.get(log);
  if (has === undefined) {
    has = log.derived.some((d) => d !== 0);
    hasDerivedCache.set(log, has);
  }
  return has;
}

/** Up to 8 masks, but no more than 32 MB of them (a byte per event: 6 MB each at 6×10^6 events). */
const visibleCache = new PerLogCache<Uint8Array>(8, { bytes: 32 * 1024 * 1024, sizeOf: (mask) => mask.length, minEntries: 2 });

/**
 * Per event: 1 = shown by the selection; null when every event is shown (the common case,
 * which hot loops then skip checking). Cached per log and event view: building it costs a
 * pass over all events and the same views come back as the user toggles.
 */
export function visibleEvents(log: EventLog, selection: Selection): Uint8Array | null {
  const key = eventViewKey(log, selection);
  if (key === '') return null;
  return visibleCache.get(log, key, () => {
    const n = log.activity.length;
    const mask = new Uint8Array(n);
    const hide = selection.hideDerived ? log.derived : null;
    const shown = selection.activities ?? null;
    const act = log.activity;
    for (let e = 0; e < n; e++) {
      mask[e] = (hide === null || hide[e] === 0) && (shown === null || shown[act[e]] !== 0) ? 1 : 0;
    }
    return mask;
  });
}
