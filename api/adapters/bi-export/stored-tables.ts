import { exportTable, type ExportColumn, type ExportFormat } from '../../contracts/export-schema.ts';
import { Activity } from '../../engine/index.ts';
import { logTables, quoteIdentifier as q, type SqlValue, type Store } from '../store/index.ts';
import { copyTarget, exportSelectList, SQL_TYPE } from './copy-target.ts';

/** The log was re-imported between looking it up and reading it: ask again. */
export class LogVersionChanged extends Error {
  constructor(readonly logId: string) {
    super(`Log "${logId}" was replaced by a new version while it was being exported; ask again.`);
    this.name = 'LogVersionChanged';
  }
}

export interface StoredExport {
  readonly logId: string;
  readonly version: number;
  /** The invoices to include; null = every invoice of the log. */
  readonly caseIds: readonly string[] | null;
}

interface Catalogue {
  readonly tableNo: number;
  /** Attribute name → stored column, per level. */
  readonly caseColumns: ReadonlyMap<string, string>;
  readonly eventColumns: ReadonlyMap<string, string>;
}

/**
 * cases and events straight from the stored log tables: DuckDB copies them to the file, so an
 * export of millions of events never passes through JavaScript. Attributes the log lacks come
 * out as empty columns, keeping the schema whatever was imported.
 */
export async function copyStoredTable(store: Store, table: 'cases' | 'events', input: StoredExport, format: ExportFormat, path: string): Promise<void> {
  const catalogue = await readCatalogue(store, input);
  const params: SqlValue[] = [];
  const visible = input.caseIds === null ? '' : `WHERE case_id IN (SELECT unnest(from_json(${param(params, JSON.stringify(input.caseIds))}, '["VARCHAR"]')))`;
  const select = table === 'cases' ? casesSelect(catalogue, params) : eventsSelect(catalogue);
  try {
    const columns = exportSelectList(exportTable(table).columns, format);
    await store.query(`COPY (SELECT ${columns} FROM (${select}) ${visible} ORDER BY case_order) ${copyTarget(path, format)}`, params);
  } catch (error) {
    // A re-import drops the old version's tables: the copy then finds them gone.
    if (/does not exist/i.test(String((error as Error).message))) throw new LogVersionChanged(input.logId);
    throw error;
  }
}

async function readCatalogue(store: Store, input: StoredExport): Promise<Catalogue> {
  const rows = await store.query(
    `SELECT l.table_no, l.version, c.level, c.name, c.column_name
     FROM logs l LEFT JOIN log_columns c ON c.table_no = l.table_no WHERE l.id = $1`,
    [input.logId],
  );
  if (rows.length === 0 || Number(rows[0].version) !== input.version) throw new LogVersionChanged(input.logId);
  const caseColumns = new Map<string, string>();
  const eventColumns = new Map<string, string>();
  for (const row of rows) {
    if (row.name === null) continue;
    (row.level === 'case' ? caseColumns : eventColumns).set(String(row.name), String(row.column_name));
  }
  return { tableNo: Number(rows[0].table_no), caseColumns, eventColumns };
}

function casesSelect(catalogue: Catalogue, params: SqlValue[]): string {
  const tables = logTables(catalogue.tableNo);
  const settled = param(params, Activity.InvoiceSettled);
  const writtenOff = param(params, Activity.InvoiceWrittenOff);
  const computed: Record<string, string> = {
    InvoiceNumber: 'c.case_id',
    EventCount: 'c.event_count',
    FirstEventAt: 'e.first_at',
    LastEventAt: 'e.last_at',
    SettledAt: 'e.settled_at',
    WrittenOffAt: 'e.written_off_at',
    Outcome: `CASE WHEN e.settled_at IS NOT NULL AND (e.written_off_at IS NULL OR e.settled_at <= e.written_off_at) THEN 'settled'
                   WHEN e.written_off_at IS NOT NULL THEN 'writtenOff' ELSE 'open' END`,
  };
  // An attribute recorded only on events describes the invoice by its latest value, as the engine reads it.
  const lastValues = [...catalogue.eventColumns].filter(([name]) => !catalogue.caseColumns.has(name) && isCaseColumn(name));
  const columns = exportTable('cases').columns.map((column) => {
    const expression =
      computed[column.name] ??
      (catalogue.caseColumns.has(column.name)
        ? `c.${q(catalogue.caseColumns.get(column.name)!)}`
        : lastValues.some(([name]) => name === column.name)
          ? `e.${q(`last_${column.name}`)}`
          : 'NULL');
    return typed(column, expression);
  });
  return `SELECT c.case_id, c.case_index AS case_order, ${columns.join(', ')}
    FROM ${q(tables.cases)} c
    JOIN (SELECT case_index, min("time") AS first_at, max(coalesce(end_time, "time")) AS last_at,
                 min("time") FILTER (WHERE activity = ${settled}) AS settled_at,
                 min("time") FILTER (WHERE activity = ${writtenOff}) AS written_off_at
                 ${lastValues.map(([name, stored]) => `, arg_max(${q(stored)}, seq) FILTER (WHERE ${q(stored)} IS NOT NULL) AS ${q(`last_${name}`)}`).join('')}
          FROM ${q(tables.events)} GROUP BY case_index) e ON e.case_index = c.case_index`;
}

function eventsSelect(catalogue: Catalogue): string {
  const tables = logTables(catalogue.tableNo);
  const computed: Record<string, string> = {
    InvoiceNumber: 'case_id',
    Sequence: 'seq',
    EventIndex: 'row_number() OVER (ORDER BY case_index, seq) - 1',
    Activity: 'activity',
    EventTime: '"time"',
    EndTime: 'end_time',
    IsDerived: 'derived > 0',
    DerivationRule: 'derived_rule',
  };
  const columns = exportTable('events').columns.map((column) => {
    const stored = catalogue.eventColumns.get(column.name);
    return typed(column, computed[column.name] ?? (stored ? q(stored) : 'NULL'));
  });
  // The row number runs over the whole log before the scope filter, so indices match the engine's.
  return `SELECT case_id, case_index::BIGINT * 4294967296 + seq AS case_order, ${columns.join(', ')} FROM ${q(tables.events)}`;
}

const CASE_ATTRIBUTES = new Set(exportTable('cases').columns.map((c) => c.name));
const isCaseColumn = (name: string) => CASE_ATTRIBUTES.has(name);

/** TRY_CAST: a log may hold text where the export promises a number; that cell is empty, not an error. */
function typed(column: ExportColumn, expression: string): string {
  return `TRY_CAST(${expression} AS ${SQL_TYPE[column.type]}) AS ${q(column.name)}`;
}

function param(params: SqlValue[], value: SqlValue): string {
  params.push(value);
  return `$${params.length}`;
}
