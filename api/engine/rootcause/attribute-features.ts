import { Column } from '../domain/columns.ts';
import { caseConversion, type CurrencyOptions } from '../domain/currency.ts';
import { denseValues, type AttributeColumn, type BooleanColumn, type StringColumn } from '../log/columns.ts';
import type { EventLog } from '../log/event-log.ts';
import { bandOf, formatNumber, quartileBands } from './bands.ts';
import type { FeatureCounts } from './feature-counts.ts';

/** Columns that restate an outcome (the status as of the extract, days overdue) or the extract itself. */
export const OUTCOME_ENCODING_ATTRIBUTES: readonly string[] = [Column.InvoiceStatus, Column.DaysOverdue, Column.LastDataUpdate, Column.InvoiceNumber];

/** Numeric attributes with at most this many values are read as categories (a rating 1–4), not banded. */
const CATEGORICAL_NUMBERS = 4;

export interface AttributeSettings {
  readonly maxDistinct: number;
  readonly exclude: ReadonlySet<string>;
  readonly currency?: CurrencyOptions;
}

export interface AttributeFeatures {
  /** Per analysed attribute: each case's feature id (-1 = no value or no class). */
  readonly perCase: readonly Int32Array[];
  /** Per analysed attribute: the feature ids of its values, [first, first + size). */
  readonly ranges: readonly { readonly first: number; readonly size: number }[];
  readonly skipped: { attribute: string; reason: string }[];
}

/**
 * Registers and counts one feature per value of each usable case attribute, over the cases with
 * a class (cls ≠ 0). Keeps which feature each case has, for the test of one value explaining
 * another (rank.ts).
 */
export function countAttributeFeatures(log: EventLog, cls: Uint8Array, counts: FeatureCounts, settings: AttributeSettings): AttributeFeatures {
  const skipped: { attribute: string; reason: string }[] = [];
  const perCase: Int32Array[] = [];
  const ranges: { first: number; size: number }[] = [];
  for (const [name, column] of log.caseAttributes) {
    if (settings.exclude.has(name)) {
      skipped.push({ attribute: name, reason: 'excluded: it restates the outcome or the extract' });
      continue;
    }
    if (column.kind === 'time') {
      skipped.push({ attribute: name, reason: 'a date' });
      continue;
    }
    const ids = new Int32Array(cls.length).fill(-1);
    // An attribute registers its values in its own pass, so its ids are consecutive.
    const first = counts.features.length;
    const reason =
      column.kind === 'number' || column.sparse
        ? countNumber(log, name, denseValues(column), cls, counts, settings, ids)
        : countCategories(name, column, cls, counts, settings.maxDistinct, ids);
    if (reason) skipped.push({ attribute: name, reason });
    else {
      perCase.push(ids);
      ranges.push({ first, size: counts.features.length - first });
    }
  }
  return { perCase, ranges, skipped };
}

function countCategories(name: string, column: StringColumn | BooleanColumn, cls: Uint8Array, counts: FeatureCounts, maxDistinct: number, ids: Int32Array): string | null {
  const codes: ArrayLike<number> = column.kind === 'string' ? column.codes : (column.values as Uint8Array);
  const labels = column.kind === 'string' ? column.dict : ['', 'false', 'true'];
  const used = new Uint8Array(labels.length);
  let distinct = 0;
  for (let c = 0; c < cls.length; c++) {
    const code = codes[c];
    if (cls[c] === 0 || code === 0 || used[code]) continue;
    used[code] = 1;
    distinct++;
  }
  if (distinct > maxDistinct) return `${distinct} distinct values (an identifier or a name, too many to compare)`;
  if (distinct < 2) return 'one value only';
  const id = new Int32Array(labels.length).fill(-1);
  for (let c = 0; c < cls.length; c++) {
    const code = codes[c];
    if (cls[c] === 0 || code === 0) continue;
    let f = id[code];
    if (f < 0) f = id[code] = counts.add({ kind: 'attribute', attribute: name, value: labels[code], label: `${name} = ${labels[code]}`, activities: [] });
    counts.count(f, cls[c]);
    ids[c] = f;
  }
  return null;
}

/** Amounts are banded in the reporting currency: JPY and USD figures in one band would mean nothing. */
function countNumber(log: EventLog, name: string, raw: Float64Array, cls: Uint8Array, counts: FeatureCounts, settings: AttributeSettings, ids: Int32Array): string | null {
  let values = raw;
  let unit = '';
  if (name === Column.InvoiceAmount) {
    const conversion = caseConversion(log, settings.currency);
    const factor = conversion.factor;
    values = new Float64Array(raw.length);
    for (let c = 0; c < raw.length; c++) values[c] = raw[c] * factor[c];
    unit = conversion.reporting;
  }
  const present = new Float64Array(cls.length);
  let n = 0;
  const distinct = new Set<number>();
  for (let c = 0; c < cls.length; c++) {
    const v = values[c];
    if (cls[c] === 0 || v !== v) continue;
    present[n++] = v;
    if (distinct.size <= CATEGORICAL_NUMBERS) distinct.add(v);
  }
  if (distinct.size < 2) return 'one value only';
  if (distinct.size <= CATEGORICAL_NUMBERS) {
    const id = new Map<number, number>();
    for (let c = 0; c < cls.length; c++) {
      const v = values[c];
      if (cls[c] === 0 || v !== v) continue;
      let f = id.get(v);
      if (f === undefined) {
        f = counts.add({ kind: 'attribute', attribute: name, value: formatNumber(v), label: `${name} = ${formatNumber(v)}`, activities: [] });
        id.set(v, f);
      }
      counts.count(f, cls[c]);
      ids[c] = f;
    }
    return null;
  }
  const bands = quartileBands(present.subarray(0, n), unit);
  if (!bands) return 'too few values to band';
  const bandIds = bands.labels.map((label) => counts.add({ kind: 'attribute', attribute: name, value: label, label: `${name} ${label}`, activities: [] }));
  for (let c = 0; c < cls.length; c++) {
    const v = values[c];
    if (cls[c] === 0 || v !== v) continue;
    const f = bandIds[bandOf(bands, v)];
    counts.count(f, cls[c]);
    ids[c] = f;
  }
  return null;
}
