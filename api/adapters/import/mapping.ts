import { Column, type ValueType } from '../../engine/domain/columns.ts';
import { ImportError } from './import-error.ts';
import type { ColumnMapping } from './options.ts';
import { TEMPLATE_COLUMN_TYPES } from './template-columns.ts';

/** What each source column feeds, worked out once from the header row. */
export interface ColumnPlan {
  /** Header text per source column, trimmed ('Column C' style when blank). */
  readonly headers: readonly string[];
  /** Template column or attribute name per source column. */
  readonly targets: readonly string[];
  /** Value type per source column (unknown columns are strings). */
  readonly types: readonly ValueType[];
  /** Per source column, as errors name it: '3 (DueDate)', 'C (DueDate)'. */
  readonly labels: readonly string[];
  readonly caseColumn: number;
  readonly activityColumn: number;
  readonly timeColumn: number;
  /** -1 when the source has none. */
  readonly lastDataUpdateColumn: number;
  /** Source columns kept as attributes: all but the three required and LastDataUpdate. */
  readonly attributeColumns: readonly number[];
}

export interface HeaderSource {
  readonly file: string;
  /** Where the header row is, for errors. */
  readonly row?: number;
  readonly line?: number;
  /** How the source names column i: its 1-based position in CSV, its letter in a sheet. */
  readonly columnName: (index: number) => string;
  /** More header cells than this is an error (ImportLimits.maxColumns). */
  readonly maxColumns?: number;
}

const TEMPLATE_BY_KEY = new Map([...TEMPLATE_COLUMN_TYPES.keys()].map((name) => [name.toLowerCase(), name]));

const REQUIRED_ROLE: Readonly<Record<string, string>> = {
  [Column.InvoiceNumber]: 'the invoice number, i.e. the case id; mapping "case"',
  [Column.ActivityName]: 'what happened; mapping "activity"',
  [Column.EventTime]: 'when it happened; mapping "time"',
};

function key(name: string): string {
  return name.trim().toLowerCase();
}

/** A template name in its canonical spelling, or the name as given. */
function canonical(name: string): string {
  return TEMPLATE_BY_KEY.get(key(name)) ?? name.trim();
}

/**
 * Maps header cells onto template columns: the user's mapping first, then a case-insensitive
 * match on the template names; anything else is kept under its own name. Throws ImportError
 * for duplicate headers, a mapping that names a missing header, two columns feeding one
 * template column, and a missing required column.
 */
export function planColumns(headerCells: readonly string[], mapping: ColumnMapping | undefined, source: HeaderSource): ColumnPlan {
  if (source.maxColumns !== undefined && headerCells.length > source.maxColumns) {
    throw new ImportError({
      file: source.file,
      row: source.row,
      line: source.line,
      expected: `at most ${source.maxColumns} columns; the header row has ${headerCells.length}`,
    });
  }
  const headers = headerCells.map((h, i) => h.trim() || `Column ${source.columnName(i)}`);
  const labels = headers.map((h, i) => `${source.columnName(i)} (${h})`);
  const fail = (details: { column?: string; field?: string; value?: string; expected: string }): ImportError =>
    new ImportError({ file: source.file, row: source.row, line: source.line, ...details });
  const found = headers.map((h) => `"${h}"`).join(', ');

  const byKey = new Map<string, number>();
  headers.forEach((h, i) => {
    const seen = byKey.get(key(h));
    if (seen !== undefined) {
      throw fail({ column: labels[i], value: h, expected: `each column name once, but column ${labels[seen]} has the same name` });
    }
    byKey.set(key(h), i);
  });

  const explicit = new Map<number, string>();
  const mapped: [string | undefined, string][] = [
    [mapping?.case, Column.InvoiceNumber],
    [mapping?.activity, Column.ActivityName],
    [mapping?.time, Column.EventTime],
    ...Object.entries(mapping?.columns ?? {}),
  ];
  for (const [from, to] of mapped) {
    if (from === undefined) continue;
    const i = byKey.get(key(from));
    if (i === undefined) {
      throw fail({ field: canonical(to), value: from, expected: `a column named "${from}", as the column mapping says; the header row has ${found}` });
    }
    const target = canonical(to);
    const previous = explicit.get(i);
    if (previous !== undefined && previous !== target) {
      throw fail({ column: labels[i], field: target, expected: `one template column per source column, but the mapping also sends it to ${previous}` });
    }
    explicit.set(i, target);
  }

  const targets = headers.map((h, i) => explicit.get(i) ?? canonical(h));
  const targetColumn = new Map<string, number>();
  targets.forEach((t, i) => {
    const other = targetColumn.get(t);
    if (other !== undefined) {
      throw fail({
        column: labels[i],
        field: t,
        expected: `one column for ${t}, but column ${labels[other]} already provides it; rename one of them or map it to another name`,
      });
    }
    targetColumn.set(t, i);
  });

  for (const required of [Column.InvoiceNumber, Column.ActivityName, Column.EventTime]) {
    if (!targetColumn.has(required)) {
      throw fail({
        field: required,
        expected: `a column named ${required} (${REQUIRED_ROLE[required]}); the header row has ${found}. If your file calls it something else, give a column mapping`,
      });
    }
  }

  const special = new Set<string>([Column.InvoiceNumber, Column.ActivityName, Column.EventTime, Column.LastDataUpdate]);
  return {
    headers,
    targets,
    types: targets.map((t) => TEMPLATE_COLUMN_TYPES.get(t) ?? 'string'),
    labels,
    caseColumn: targetColumn.get(Column.InvoiceNumber)!,
    activityColumn: targetColumn.get(Column.ActivityName)!,
    timeColumn: targetColumn.get(Column.EventTime)!,
    lastDataUpdateColumn: targetColumn.get(Column.LastDataUpdate) ?? -1,
    attributeColumns: targets.flatMap((t, i) => (special.has(t) ? [] : [i])),
  };
}
