import { parseIsoInstant } from '../../engine/index.ts';
import { fieldName, getField } from './fields.ts';
import type { ConditionSpec, EntitySpec, ValueSpec } from './mapping-schema.ts';
import type { StagedData } from './staging.ts';

/**
 * Reads mapped values out of staged rows: plain fields, fields of rows found through an
 * entity's lookups ("trans.DueDate"), constants, value maps, conditions. The same rules apply to
 * rows from OData and rows projected from exported tables, which is what makes both sources
 * give the same events.
 */

export type Row = StagedData;

/** F&O writes "no date" as 1900-01-01; anything before 1901 is treated as empty. */
const EMPTY_BEFORE = Date.UTC(1901, 0, 1);
const DAY = 86_400_000;

/** An instant from an OData or exported value; NaN when absent or unreadable. */
export function instantOf(value: unknown): number {
  if (typeof value !== 'string' || value.trim() === '') return Number.NaN;
  const t = parseIsoInstant(value);
  return t < EMPTY_BEFORE ? Number.NaN : t;
}

/** A key value for matching: F&O compares strings without regard to case, and RecIds may come as text or numbers. */
export function matchKey(value: unknown): string {
  if (value === null || value === undefined) return '';
  return String(value).trim().toUpperCase();
}

export function isPresent(value: unknown): boolean {
  return value !== null && value !== undefined && !(typeof value === 'string' && value.trim() === '');
}

/**
 * A staged row as the mapping sees it: date-only fields reduced to their date. OData sends
 * 2024-03-15T12:00:00Z and an export 2024-03-15 00:00:00 for the same date.
 */
export function normaliseRow(row: Row, dateFields: readonly string[]): Row {
  if (dateFields.length === 0) return row;
  const out: Row = { ...row };
  for (const field of dateFields) {
    const own = fieldName(out, field) ?? field;
    const t = instantOf(out[own]);
    out[own] = Number.isNaN(t) ? null : new Date(Math.floor(t / DAY) * DAY).toISOString().slice(0, 10);
  }
  return out;
}

export interface EntityRows {
  readonly spec: EntitySpec;
  readonly rows: readonly Row[];
}

export class RowContext {
  private readonly indexes = new Map<string, Map<string, Row>>();
  private readonly memo = new WeakMap<Row, Map<string, Row | null>>();

  constructor(private readonly entities: ReadonlyMap<string, EntityRows>) {}

  /** The row's legal entity, upper case ("USMF"); '' for entities without one. */
  company(spec: EntitySpec, row: Row, field?: string): string {
    const name = field ?? spec.company;
    return name ? matchKey(this.field(spec, row, name)) : '';
  }

  /** A field of the row, or of the row a lookup finds ("lookup.Field"). */
  field(spec: EntitySpec, row: Row, ref: string): unknown {
    const dot = ref.indexOf('.');
    if (dot > 0) {
      const lookupName = ref.slice(0, dot);
      if (spec.lookups?.[lookupName]) {
        const found = this.lookup(spec, row, lookupName);
        return found ? getField(found, ref.slice(dot + 1)) : undefined;
      }
    }
    return getField(row, ref);
  }

  value(spec: EntitySpec, row: Row, value: ValueSpec): unknown {
    if (typeof value === 'string') return this.field(spec, row, value);
    if ('const' in value) return value.const;
    const raw = this.field(spec, row, value.field);
    if (value.map) return isPresent(raw) ? value.map[String(raw).trim()] : undefined;
    if (value.negate) {
      const n = typeof raw === 'number' ? raw : Number(raw);
      return isPresent(raw) && Number.isFinite(n) ? -n : undefined;
    }
    return raw;
  }

  when(spec: EntitySpec, row: Row, conditions: readonly ConditionSpec[] | undefined): boolean {
    for (const c of conditions ?? []) {
      const v = this.field(spec, row, c.field);
      if (c.present !== undefined && isPresent(v) !== c.present) return false;
      if (c.in && !c.in.some((allowed) => isPresent(v) && String(allowed) === String(v).trim())) return false;
      if (c.below !== undefined || c.above !== undefined) {
        const n = typeof v === 'number' ? v : Number(v);
        if (!isPresent(v) || !Number.isFinite(n)) return false;
        if (c.below !== undefined && !(n < c.below)) return false;
        if (c.above !== undefined && !(n > c.above)) return false;
      }
    }
    return true;
  }

  private lookup(spec: EntitySpec, row: Row, lookupName: string): Row | null {
    let cache = this.memo.get(row);
    if (!cache) this.memo.set(row, (cache = new Map()));
    if (cache.has(lookupName)) return cache.get(lookupName)!;
    cache.set(lookupName, null); // guards against a lookup reached again while resolving itself
    const lookup = spec.lookups![lookupName];
    const target = this.entities.get(lookup.entity);
    let found: Row | null = null;
    if (target) {
      const targets = Object.keys(lookup.on);
      const useCompany = Boolean(target.spec.company && (lookup.company ?? spec.company));
      const parts = targets.map((t) => matchKey(this.field(spec, row, lookup.on[t])));
      if (parts.every((p) => p !== '')) {
        const company = useCompany ? this.company(spec, row, lookup.company) : '';
        found = this.index(target, targets, useCompany).get(JSON.stringify([company, ...parts])) ?? null;
      }
    }
    cache.set(lookupName, found);
    return found;
  }

  /** Rows of an entity by the given fields (first row wins on duplicates), built once. */
  private index(target: EntityRows, fields: readonly string[], useCompany: boolean): Map<string, Row> {
    const id = JSON.stringify([target.spec.name, useCompany, ...fields]);
    let index = this.indexes.get(id);
    if (!index) {
      index = new Map();
      for (const row of target.rows) {
        const company = useCompany ? matchKey(getField(row, target.spec.company!)) : '';
        const key = JSON.stringify([company, ...fields.map((f) => matchKey(getField(row, f)))]);
        if (!index.has(key)) index.set(key, row);
      }
      this.indexes.set(id, index);
    }
    return index;
  }
}
