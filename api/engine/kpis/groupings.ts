import { monthIndex, monthKey } from '../domain/calendar.ts';
import { columnLength, isMissing, valueAt, type AttributeColumn, type Codes } from '../log/columns.ts';
import type { EventLog } from '../log/event-log.ts';
import type { CaseSelection } from '../filtering/selection.ts';
import { balanceModel } from './open-balance.ts';

/** How to split cases: by a case attribute (team, collector, segment, company…) or by posting month. */
export type Grouping = { readonly attribute: string } | { readonly month: 'posting' };

export interface CaseGroups {
  /** Per case: its group, -1 when the case is not selected. */
  readonly group: Int32Array;
  /** Per group: the attribute value or `YYYY-MM`; null = cases without a value. */
  readonly keys: readonly (string | null)[];
}

/** Every selected case in group 0 (keyed null). */
export function singleGroup(log: EventLog, cases?: CaseSelection): CaseGroups {
  const group = new Int32Array(log.caseIds.length);
  if (cases) for (let c = 0; c < group.length; c++) group[c] = cases[c] ? 0 : -1;
  return { group, keys: [null] };
}

export function groupCases(log: EventLog, grouping: Grouping, cases?: CaseSelection): CaseGroups {
  const nCases = log.caseIds.length;
  const raw = new Int32Array(nCases);
  let rawKeys: (string | null)[];
  if ('month' in grouping) {
    const posted = balanceModel(log).postedAt;
    const monthCode = new Map<number, number>();
    rawKeys = [];
    for (let c = 0; c < nCases; c++) {
      const m = monthIndex(posted[c]);
      let code = monthCode.get(m);
      if (code === undefined) {
        code = rawKeys.length;
        rawKeys.push(monthKey(m));
        monthCode.set(m, code);
      }
      raw[c] = code;
    }
  } else {
    const values = caseStrings(log, grouping.attribute);
    if (values) {
      raw.set(values.codes);
      rawKeys = values.dict.map((v, i) => (i === 0 ? null : v));
    } else {
      rawKeys = [null];
    }
  }
  return compact(raw, rawKeys, cases);
}

/** Keeps only groups with a selected case, in key order (null last). */
function compact(raw: Int32Array, rawKeys: (string | null)[], cases?: CaseSelection): CaseGroups {
  const used = new Uint8Array(rawKeys.length);
  for (let c = 0; c < raw.length; c++) if (!cases || cases[c]) used[raw[c]] = 1;
  const order = rawKeys
    .map((key, code) => ({ key, code }))
    .filter(({ code }) => used[code])
    .sort((a, b) => (a.key === null ? 1 : b.key === null ? -1 : a.key.localeCompare(b.key, undefined, { numeric: true })));
  const newCode = new Int32Array(rawKeys.length).fill(-1);
  order.forEach(({ code }, i) => (newCode[code] = i));
  const group = new Int32Array(raw.length);
  for (let c = 0; c < raw.length; c++) group[c] = !cases || cases[c] ? newCode[raw[c]] : -1;
  return { group, keys: order.map(({ key }) => key) };
}

export interface CaseStrings {
  /** Per case: index into dict, 0 = no value. */
  readonly codes: Codes;
  readonly dict: readonly string[];
}

/**
 * A case attribute as strings, one per case. An attribute only recorded per event (CollectorName
 * can be) takes the case's last value, the one that owns the invoice now. Null when absent.
 */
export function caseStrings(log: EventLog, name: string): CaseStrings | null {
  const caseColumn = log.caseAttributes.get(name);
  if (caseColumn) return caseColumn.kind === 'string' ? caseColumn : stringify(caseColumn, null);
  const eventColumn = log.eventAttributes.get(name);
  if (!eventColumn) return null;
  const rows = new Int32Array(log.caseIds.length).fill(-1);
  const off = log.caseOffsets;
  for (let c = 0; c < rows.length; c++) {
    for (let e = off[c + 1] - 1; e >= off[c]; e--) {
      if (!isMissing(eventColumn, e)) {
        rows[c] = e;
        break;
      }
    }
  }
  return stringify(eventColumn, rows);
}

/** Strings of a column's rows (`rows[i]` = source row of case i, or identity when null). */
function stringify(column: AttributeColumn, rows: Int32Array | null): CaseStrings {
  const n = rows ? rows.length : columnLength(column);
  const codes = new Uint32Array(n);
  const dict = [''];
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const r = rows ? rows[i] : i;
    if (r < 0) continue;
    const text = format(column, r);
    if (text === null) continue;
    let code = index.get(text);
    if (code === undefined) {
      code = dict.length;
      dict.push(text);
      index.set(text, code);
    }
    codes[i] = code;
  }
  return { codes, dict };
}

function format(column: AttributeColumn, row: number): string | null {
  if (column.sparse) {
    const v = valueAt(column, row) as number | null;
    return v === null ? null : column.kind === 'time' ? new Date(v).toISOString().slice(0, 10) : String(v);
  }
  switch (column.kind) {
    case 'string':
      return column.codes[row] === 0 ? null : column.dict[column.codes[row]];
    case 'boolean':
      return column.values[row] === 0 ? null : String(column.values[row] === 2);
    case 'time':
      return Number.isNaN(column.values[row]) ? null : new Date(column.values[row]).toISOString().slice(0, 10);
    default:
      return Number.isNaN(column.values[row]) ? null : String(column.values[row]);
  }
}
