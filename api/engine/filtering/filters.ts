import { Activity } from '../domain/activities.ts';
import { codeOf, NumberReader, type AttributeColumn } from '../log/columns.ts';
import { activityCode, type EventLog } from '../log/event-log.ts';
import { MS_PER_DAY } from '../statistics/distribution.ts';
import { caseSpans } from '../statistics/durations.ts';
import { findVariant, variantIndex } from '../statistics/variants.ts';
import {
  parseInstant,
  type ActivityFilter,
  type AttributeFilter,
  type Filter,
  type FollowsFilter,
  type OutcomeFilter,
  type RangeFilter,
  type TimeRangeFilter,
  type VariantFilter,
} from './filter-spec.ts';
import { visibleEvents, type Selection } from './selection.ts';

/** Whether a filter's result depends on which events are shown (see FilterSpec). */
export function dependsOnEventView(log: EventLog, filter: Filter): boolean {
  if (filter.kind === 'outcome') return false;
  if (filter.kind === 'attribute' || filter.kind === 'range') return !log.caseAttributes.has(filter.attribute);
  return true;
}

/**
 * The cases a filter selects, ignoring `negate`: per case index 1 = selected. `view` gives
 * the shown events (its case selection is not used: a filter mask covers every case, so it can
 * be cached and ANDed with the others).
 */
export function filterMask(log: EventLog, filter: Filter, view: Selection): Uint8Array {
  switch (filter.kind) {
    case 'timeRange':
      return timeRangeMask(log, filter, view);
    case 'attribute':
    case 'range':
      return attributeMask(log, filter, view);
    case 'variant':
      return variantMask(log, filter, view);
    case 'activity':
      return activityMask(log, filter, view);
    case 'follows':
      return followsMask(log, filter, view);
    case 'outcome':
      return outcomeMask(log, filter);
  }
}

function timeRangeMask(log: EventLog, f: TimeRangeFilter, view: Selection): Uint8Array {
  const from = f.from === undefined ? Number.NEGATIVE_INFINITY : parseInstant(f.from);
  const to = f.to === undefined ? Number.POSITIVE_INFINITY : parseInstant(f.to);
  const { start, end } = caseSpans(log, view);
  const mask = new Uint8Array(log.caseIds.length);
  for (let c = 0; c < mask.length; c++) {
    const s = start[c];
    const e = end[c];
    if (s !== s) continue; // no shown event
    let hit: boolean;
    switch (f.mode) {
      case 'started':
        hit = s >= from && s < to;
        break;
      case 'ended':
        hit = e >= from && e < to;
        break;
      case 'active':
        hit = s < to && e >= from;
        break;
      case 'contained':
        hit = s >= from && e < to;
        break;
    }
    mask[c] = hit ? 1 : 0;
  }
  return mask;
}

/**
 * Per dictionary code or value, whether a row matches: one typed lookup per row instead of
 * comparing values, so a filter over 500k invoices costs a pass over one column.
 */
type RowTest = (row: number) => boolean;

function attributeMask(log: EventLog, f: AttributeFilter | RangeFilter, view: Selection): Uint8Array {
  const nCases = log.caseIds.length;
  const mask = new Uint8Array(nCases);
  const caseColumn = log.caseAttributes.get(f.attribute);
  const eventColumn = caseColumn ? undefined : log.eventAttributes.get(f.attribute);
  const column = caseColumn ?? eventColumn;
  if (!column) {
    // Absent everywhere: every value is missing, which only `null` matches.
    if (f.kind === 'attribute' && f.values.includes(null)) mask.fill(1);
    return mask;
  }
  if (caseColumn && f.kind === 'range' && (caseColumn.kind === 'number' || caseColumn.kind === 'time') && !caseColumn.sparse) {
    // The amount slider's case: one comparison per invoice, no call per invoice.
    const { min, max } = rangeBounds(caseColumn, f);
    const values = caseColumn.values;
    for (let c = 0; c < nCases; c++) {
      const x = values[c];
      mask[c] = x >= min && x <= max ? 1 : 0; // NaN (missing) fails both
    }
    return mask;
  }
  const test = f.kind === 'attribute' ? equalsTest(column, f.values) : rangeTest(column, f);
  if (caseColumn) {
    for (let c = 0; c < nCases; c++) mask[c] = test(c) ? 1 : 0;
    return mask;
  }
  const visible = visibleEvents(log, view);
  const off = log.caseOffsets;
  for (let c = 0; c < nCases; c++) {
    for (let e = off[c], to = off[c + 1]; e < to; e++) {
      if (visible !== null && visible[e] === 0) continue;
      if (test(e)) {
        mask[c] = 1;
        break;
      }
    }
  }
  return mask;
}

function equalsTest(column: AttributeColumn, values: AttributeFilter['values']): RowTest {
  switch (column.kind) {
    case 'string': {
      const hit = new Uint8Array(column.dict.length);
      for (const v of values) {
        const code = v === null ? 0 : codeOf(column, String(v));
        if (v === null || code !== 0) hit[code] = 1;
      }
      const codes = column.codes;
      return (row) => hit[codes[row]] === 1;
    }
    case 'boolean': {
      const hit = new Uint8Array(3);
      for (const v of values) {
        if (v === null) hit[0] = 1;
        else if (v === true || v === 'true') hit[2] = 1;
        else if (v === false || v === 'false') hit[1] = 1;
      }
      const codes = column.values;
      return (row) => hit[codes[row]] === 1;
    }
    default: {
      const matchMissing = values.includes(null);
      const wanted = Float64Array.from(values.filter((v) => v !== null).map((v) => (column.kind === 'time' ? tryInstant(v) : toNumber(v))));
      const data = new NumberReader(column);
      return (row) => {
        const x = data.get(row);
        if (x !== x) return matchMissing;
        for (let i = 0; i < wanted.length; i++) if (wanted[i] === x) return true;
        return false;
      };
    }
  }
}

/** A range filter's bounds in the column's terms (instants for a time column); open ends are infinite. */
function rangeBounds(column: AttributeColumn, f: RangeFilter): { min: number; max: number } {
  const bound = (v: number | string | undefined, open: number) =>
    v === undefined ? open : column.kind === 'time' ? parseInstant(v) : toNumber(v);
  return { min: bound(f.min, Number.NEGATIVE_INFINITY), max: bound(f.max, Number.POSITIVE_INFINITY) };
}

function rangeTest(column: AttributeColumn, f: RangeFilter): RowTest {
  const { min, max } = rangeBounds(column, f);
  switch (column.kind) {
    case 'string': {
      // A column that mixed types became text; its numeric entries still compare as numbers.
      const hit = Uint8Array.from(column.dict, (text, code) => {
        const x = code === 0 ? Number.NaN : toNumber(text);
        return x >= min && x <= max ? 1 : 0;
      });
      const codes = column.codes;
      return (row) => hit[codes[row]] === 1;
    }
    case 'boolean':
      return () => false;
    default: {
      if (column.sparse) {
        const sparse = new NumberReader(column);
        return (row) => {
          const x = sparse.get(row);
          return x >= min && x <= max;
        };
      }
      const data = column.values;
      return (row) => {
        const x = data[row];
        return x >= min && x <= max; // NaN (missing) fails both
      };
    }
  }
}

function tryInstant(v: string | number | boolean): number {
  if (typeof v === 'boolean') return Number.NaN;
  return parseInstant(v);
}

/** A number from a filter value or numeric text; NaN (matching nothing) otherwise, '' included. */
function toNumber(v: string | number | boolean): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean' || v.trim() === '') return Number.NaN;
  return Number(v);
}

function variantMask(log: EventLog, f: VariantFilter, view: Selection): Uint8Array {
  const index = variantIndex(log, view);
  const wanted = new Uint8Array(index.count);
  for (const names of f.variants) {
    const codes = names.map((name) => activityCode(log, name));
    if (codes.some((code) => code < 0)) continue;
    const v = findVariant(index, codes);
    if (v >= 0) wanted[v] = 1;
  }
  const mask = new Uint8Array(log.caseIds.length);
  const caseVariant = index.caseVariant;
  for (let c = 0; c < mask.length; c++) {
    const v = caseVariant[c];
    if (v >= 0) mask[c] = wanted[v];
  }
  return mask;
}

function activityMask(log: EventLog, f: ActivityFilter, view: Selection): Uint8Array {
  const nCases = log.caseIds.length;
  const mask = new Uint8Array(nCases);
  const all = f.match === 'all';
  const wanted = new Set<number>();
  for (const name of f.activities) {
    const code = activityCode(log, name);
    if (code >= 0) wanted.add(code);
    else if (all) return mask; // a case cannot contain an activity the log never has
  }
  if (wanted.size === 0) return mask;
  // Per code: its place among the wanted activities, -1 = not asked for.
  const slot = new Int32Array(log.activities.length).fill(-1);
  let k = 0;
  for (const code of wanted) slot[code] = k++;
  const need = wanted.size;
  const seen = new Int32Array(need).fill(-1);
  const visible = visibleEvents(log, view);
  const off = log.caseOffsets;
  const act = log.activity;
  for (let c = 0; c < nCases; c++) {
    let found = 0;
    for (let e = off[c], to = off[c + 1]; e < to; e++) {
      if (visible !== null && visible[e] === 0) continue;
      const s = slot[act[e]];
      if (s < 0 || seen[s] === c) continue;
      seen[s] = c;
      if (!all || ++found === need) {
        mask[c] = 1;
        break;
      }
    }
  }
  return mask;
}

function followsMask(log: EventLog, f: FollowsFilter, view: Selection): Uint8Array {
  const nCases = log.caseIds.length;
  const mask = new Uint8Array(nCases);
  const a = activityCode(log, f.from);
  const b = activityCode(log, f.to);
  if (a < 0 || b < 0) return mask;
  const within = f.withinDays === undefined ? Number.POSITIVE_INFINITY : f.withinDays * MS_PER_DAY;
  const over = f.overDays === undefined ? Number.NEGATIVE_INFINITY : f.overDays * MS_PER_DAY;
  const gapOk = (gap: number) => gap <= within && gap > over;
  const visible = visibleEvents(log, view);
  const off = log.caseOffsets;
  const act = log.activity;
  const time = log.time;
  const end = log.endTime;
  const completion = (e: number) => {
    const d = end !== null ? end[e] : Number.NaN;
    return d === d ? d : time[e];
  };
  // Completions of the `from` events still waiting for their next `to` (eventually mode).
  let open = new Float64Array(16);
  for (let c = 0; c < nCases; c++) {
    let prev = -1;
    let nOpen = 0;
    for (let e = off[c], to = off[c + 1]; e < to && mask[c] === 0; e++) {
      if (visible !== null && visible[e] === 0) continue;
      const code = act[e];
      if (code === b) {
        if (f.directly) {
          if (prev >= 0 && act[prev] === a && gapOk(Math.max(0, time[e] - completion(prev)))) mask[c] = 1;
        } else {
          for (let i = 0; i < nOpen; i++) {
            if (gapOk(Math.max(0, time[e] - open[i]))) {
              mask[c] = 1;
              break;
            }
          }
          nOpen = 0; // each `from` pairs with its next `to` only
        }
      }
      if (code === a && !f.directly) {
        if (nOpen === open.length) {
          const grown = new Float64Array(open.length * 2);
          grown.set(open);
          open = grown;
        }
        open[nOpen++] = completion(e);
      }
      prev = e;
    }
  }
  return mask;
}

function outcomeMask(log: EventLog, f: OutcomeFilter): Uint8Array {
  const nCases = log.caseIds.length;
  const mask = new Uint8Array(nCases);
  const settled = activityCode(log, Activity.InvoiceSettled);
  const writtenOff = activityCode(log, Activity.InvoiceWrittenOff);
  const wantSettled = f.outcomes.includes('settled');
  const wantWrittenOff = f.outcomes.includes('writtenOff');
  const wantOpen = f.outcomes.includes('open');
  const off = log.caseOffsets;
  const act = log.activity;
  for (let c = 0; c < nCases; c++) {
    let isSettled = false;
    let isWrittenOff = false;
    for (let e = off[c], to = off[c + 1]; e < to; e++) {
      const code = act[e];
      if (code === settled) isSettled = true;
      else if (code === writtenOff) isWrittenOff = true;
    }
    const hit = (wantSettled && isSettled) || (wantWrittenOff && isWrittenOff) || (wantOpen && !isSettled && !isWrittenOff);
    mask[c] = hit ? 1 : 0;
  }
  return mask;
}
