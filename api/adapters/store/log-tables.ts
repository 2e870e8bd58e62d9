import {
  DOUBLE,
  DuckDBDataChunk,
  DuckDBVector,
  UINTEGER,
  UTINYINT,
  VARCHAR,
  type DuckDBAppender,
  type DuckDBConnection,
  type DuckDBType,
} from '@duckdb/node-api';
import { codeArray, compactColumn, NumberReader, type AttributeColumn, type AttributeKind } from '../../engine/log/columns.ts';
import type { EventLog } from '../../engine/log/event-log.ts';
import { quoteIdentifier as q, uniqueColumnNames } from './sql.ts';

/**
 * EventLog ⇄ tables. A stored log version is two physical tables that SQL can query as they
 * are (Power BI exports, benchmark baselines):
 *
 *   log_<n>_events: case_index, case_id, seq, activity_code, activity, time, end_time,
 *                   derived, derived_rule, then one column per event attribute
 *   log_<n>_cases:  case_index, case_id, event_count, then one column per case attribute
 *
 * plus catalogue rows (log_columns, log_activities, log_derivation_rules) keyed by <n> that
 * restore what the tables alone cannot: attribute names and kinds, the activity dictionary in
 * code order, the derivation rules.
 *
 * Saving appends typed arrays to temporary staging tables chunk by chunk (strings as
 * dictionary codes, so each distinct string crosses into DuckDB once) and then builds the
 * readable tables with one INSERT … SELECT each. Loading asks DuckDB for codes and numbers
 * only, so no per-row JS value is made except case ids.
 */

export type AttributeLevel = 'case' | 'event';

export interface StoredColumn {
  readonly level: AttributeLevel;
  readonly position: number;
  readonly name: string;
  readonly kind: AttributeKind;
  readonly columnName: string;
}

export interface LogTables {
  readonly events: string;
  readonly cases: string;
}

export function logTables(tableNo: number): LogTables {
  return { events: `log_${tableNo}_events`, cases: `log_${tableNo}_cases` };
}

const EVENT_FIXED = ['case_index', 'case_id', 'seq', 'activity_code', 'activity', 'time', 'end_time', 'derived', 'derived_rule'];
const CASE_FIXED = ['case_index', 'case_id', 'event_count'];

export class LogStoreError extends Error {}

/** Save stages at which a test can make a save fail. */
export type SaveStage = 'staged' | 'tables-written' | 'catalogued';
export type SaveHook = (stage: SaveStage) => void | Promise<void>;

/**
 * Refuses a log whose arrays disagree with each other, before anything is written: a bad
 * code would otherwise surface as a silent NULL or as garbage on the way back.
 */
export function validateLog(log: EventLog): void {
  const nCases = log.caseIds.length;
  const nEvents = log.activity.length;
  const fail = (what: string): never => {
    throw new LogStoreError(`cannot store the log: ${what}`);
  };
  if (log.caseOffsets.length !== nCases + 1) fail('caseOffsets must have one entry per case plus one');
  if (log.caseOffsets[0] !== 0 || log.caseOffsets[nCases] !== nEvents) fail('caseOffsets must run from 0 to the event count');
  for (let c = 0; c < nCases; c++) if (log.caseOffsets[c + 1] < log.caseOffsets[c]) fail('caseOffsets must not decrease');
  for (const id of log.caseIds) if (typeof id !== 'string') fail('case ids must be strings');
  for (const a of log.activities) if (typeof a !== 'string') fail('activities must be strings');
  for (const r of log.derivationRules) if (typeof r !== 'string') fail('derivation rules must be strings');
  if (log.derivationRules.length > 255) fail('at most 255 derivation rules');
  if (log.time.length !== nEvents || log.derived.length !== nEvents) fail('time and derived need one entry per event');
  if (log.endTime && log.endTime.length !== nEvents) fail('endTime needs one entry per event');
  const nActivities = log.activities.length;
  for (let e = 0; e < nEvents; e++) {
    if (log.activity[e] >= nActivities) fail(`event ${e} has an unknown activity code`);
    if (!isStorableInstant(log.time[e])) fail(`event ${e} has no valid time`);
    if (log.derived[e] > log.derivationRules.length) fail(`event ${e} refers to an unknown derivation rule`);
  }
  if (log.endTime) {
    for (let e = 0; e < nEvents; e++) {
      const t = log.endTime[e];
      if (!Number.isNaN(t) && !isStorableInstant(t)) fail(`event ${e} has an invalid end time`);
    }
  }
  if (!Number.isNaN(log.lastDataUpdate) && !isStorableInstant(log.lastDataUpdate)) fail('lastDataUpdate is not a valid instant');
  const check = (level: AttributeLevel, rows: number, attributes: ReadonlyMap<string, AttributeColumn>) => {
    for (const [name, column] of attributes) {
      if (typeof name !== 'string') fail(`${level} attribute names must be strings`);
      const where = `${level} attribute "${name}"`;
      if (column.sparse) {
        if (column.length !== rows) fail(`${where} has the wrong length`);
        for (let k = 0; k < column.rows.length; k++) {
          if (column.rows[k] >= rows || (k > 0 && column.rows[k] <= column.rows[k - 1])) fail(`${where} has rows out of order or range`);
          if (column.kind === 'time' && !isStorableInstant(column.at[k])) fail(`${where} has an invalid instant`);
        }
        continue;
      }
      switch (column.kind) {
        case 'string': {
          if (column.codes.length !== rows) fail(`${where} has the wrong length`);
          const n = column.dict.length;
          for (let i = 1; i < n; i++) if (typeof column.dict[i] !== 'string') fail(`${where} has a non-string dictionary entry`);
          for (let r = 0; r < rows; r++) if (column.codes[r] >= n) fail(`${where} has a code outside its dictionary`);
          break;
        }
        case 'boolean':
          if (column.values.length !== rows) fail(`${where} has the wrong length`);
          for (let r = 0; r < rows; r++) if (column.values[r] > 2) fail(`${where} has a value other than 0, 1, 2`);
          break;
        case 'time':
          if (column.values.length !== rows) fail(`${where} has the wrong length`);
          for (let r = 0; r < rows; r++) {
            const t = column.values[r];
            if (!Number.isNaN(t) && !isStorableInstant(t)) fail(`${where} has an invalid instant`);
          }
          break;
        case 'number':
          if (column.values.length !== rows) fail(`${where} has the wrong length`);
          break;
        default:
          fail(`${where} has an unknown kind`);
      }
    }
  };
  check('event', nEvents, log.eventAttributes);
  check('case', nCases, log.caseAttributes);
}

/** The range of a JS Date, which DuckDB's TIMESTAMP covers. */
const MAX_INSTANT = 8.64e15;

function isStorableInstant(t: number): boolean {
  return Number.isFinite(t) && Math.abs(t) <= MAX_INSTANT;
}

function describeColumns(log: EventLog): StoredColumn[] {
  const columns: StoredColumn[] = [];
  const add = (level: AttributeLevel, attributes: ReadonlyMap<string, AttributeColumn>, reserved: string[]) => {
    const names = [...attributes.keys()];
    const physical = uniqueColumnNames(names, reserved);
    names.forEach((name, position) => {
      columns.push({ level, position, name, kind: attributes.get(name)!.kind, columnName: physical[position] });
    });
  };
  add('event', log.eventAttributes, EVENT_FIXED);
  add('case', log.caseAttributes, CASE_FIXED);
  return columns;
}

const SQL_TYPE: Record<AttributeKind, string> = { string: 'VARCHAR', number: 'DOUBLE', time: 'TIMESTAMP', boolean: 'BOOLEAN' };
const STAGE_TYPE: Record<AttributeKind, DuckDBType> = { string: UINTEGER, number: DOUBLE, time: DOUBLE, boolean: UTINYINT };
const STAGE_SQL_TYPE: Record<AttributeKind, string> = { string: 'UINTEGER', number: 'DOUBLE', time: 'DOUBLE', boolean: 'UTINYINT' };

/**
 * Epoch milliseconds (a staged DOUBLE, NaN = missing) to TIMESTAMP, microsecond precision.
 * Whole milliseconds are scaled in integers: `ms * 1000` in doubles is inexact past 2^53 µs
 * (about year 2255), and ERP sentinels such as 9999-12-31 are real data.
 */
export function msToTimestamp(expr: string): string {
  return `CASE WHEN isnan(${expr}) THEN NULL ELSE make_timestamp(CAST(trunc(${expr}) AS BIGINT) * 1000 + CAST(round((${expr} - trunc(${expr})) * 1000) AS BIGINT)) END`;
}

/** TIMESTAMP back to epoch milliseconds, exact for whole milliseconds; NULL as NaN (the engine's "missing"). */
export function timestampToMs(expr: string): string {
  const us = `epoch_us(${expr})`;
  return `coalesce((${us} // 1000)::DOUBLE + (${us} - (${us} // 1000) * 1000)::DOUBLE / 1000, 'NaN'::DOUBLE)`;
}

interface StageColumn {
  readonly name: string;
  readonly type: DuckDBType;
  readonly sqlType: string;
  readonly fill: (vector: DuckDBVector, from: number, count: number) => void;
}

function typedFill(source: ArrayLike<number>): StageColumn['fill'] {
  return (vector, from, count) => {
    for (let i = 0; i < count; i++) vector.setItem(i, source[from + i]);
  };
}

function stageColumnFor(name: string, column: AttributeColumn): StageColumn {
  if (column.sparse) {
    const reader = new NumberReader(column);
    const fill: StageColumn['fill'] = (vector, from, count) => {
      for (let i = 0; i < count; i++) vector.setItem(i, reader.get(from + i));
    };
    return { name, type: STAGE_TYPE[column.kind], sqlType: STAGE_SQL_TYPE[column.kind], fill };
  }
  const source = column.kind === 'string' ? column.codes : column.values;
  return { name, type: STAGE_TYPE[column.kind], sqlType: STAGE_SQL_TYPE[column.kind], fill: typedFill(source) };
}

const YIELD_EVERY_CHUNKS = 32;

/** Appends `rows` rows to a temporary table, one data chunk per vector size. */
async function appendStaged(connection: DuckDBConnection, table: string, columns: readonly StageColumn[], rows: number): Promise<void> {
  await connection.run(`CREATE TEMP TABLE ${q(table)} (${columns.map((c) => `${q(c.name)} ${c.sqlType}`).join(', ')})`);
  const appender = await connection.createAppender(table, 'main', 'temp');
  let failed = false;
  try {
    const size = DuckDBVector.standardSize();
    const types = columns.map((c) => c.type);
    for (let from = 0; from < rows; from += size) {
      const count = Math.min(size, rows - from);
      const chunk = DuckDBDataChunk.create(types, count);
      for (let j = 0; j < columns.length; j++) {
        const vector = chunk.getColumnVector(j);
        columns[j].fill(vector, from, count);
        vector.flush();
      }
      appender.appendDataChunk(chunk);
      // Appending is synchronous; give the event loop a turn now and then so the API keeps
      // answering while a large log is imported.
      if ((from / size) % YIELD_EVERY_CHUNKS === YIELD_EVERY_CHUNKS - 1) await new Promise((r) => setImmediate(r));
    }
    appender.flushSync();
  } catch (error) {
    failed = true;
    throw error;
  } finally {
    try {
      if (failed) appender.clear();
      appender.closeSync();
    } catch (closeError) {
      // The original failure is the one worth reporting; the transaction is rolled back anyway.
      if (!failed) throw closeError;
    }
  }
}

/**
 * Writes the tables and catalogue rows of log version `tableNo`. Must run inside the caller's
 * transaction: on failure it leaves the rollback to the caller.
 */
export async function writeLogTables(
  connection: DuckDBConnection,
  tableNo: number,
  log: EventLog,
  hook?: SaveHook,
): Promise<StoredColumn[]> {
  const nCases = log.caseIds.length;
  const nEvents = log.activity.length;
  const tables = logTables(tableNo);
  const columns = describeColumns(log);
  const stageEvents = `stage_${tableNo}_events`;
  const stageCases = `stage_${tableNo}_cases`;
  const stageDict = `stage_${tableNo}_dict`;

  // Per event: its case and its position in the case, from the CSR offsets.
  const caseIndex = new Uint32Array(nEvents);
  const seq = new Uint32Array(nEvents);
  const eventCount = new Uint32Array(nCases);
  for (let c = 0; c < nCases; c++) {
    const from = log.caseOffsets[c];
    const to = log.caseOffsets[c + 1];
    eventCount[c] = to - from;
    for (let e = from; e < to; e++) {
      caseIndex[e] = c;
      seq[e] = e - from;
    }
  }

  // Every string column's dictionary goes to one staging table, told apart by `dictOf`.
  const dictCol: number[] = [];
  const dictCode: number[] = [];
  const dictValue: string[] = [];
  const dictOf = new Map<StoredColumn, number>();
  for (const column of columns) {
    const data = (column.level === 'event' ? log.eventAttributes : log.caseAttributes).get(column.name)!;
    if (data.kind !== 'string') continue;
    const k = dictOf.size;
    dictOf.set(column, k);
    for (let code = 1; code < data.dict.length; code++) {
      dictCol.push(k);
      dictCode.push(code);
      dictValue.push(data.dict[code]);
    }
  }

  const attrStage = (level: AttributeLevel) =>
    columns
      .filter((c) => c.level === level)
      .map((c) => stageColumnFor(`a${c.position}`, (level === 'event' ? log.eventAttributes : log.caseAttributes).get(c.name)!));

  const eventStage: StageColumn[] = [
    { name: 'case_index', type: UINTEGER, sqlType: 'UINTEGER', fill: typedFill(caseIndex) },
    { name: 'seq', type: UINTEGER, sqlType: 'UINTEGER', fill: typedFill(seq) },
    { name: 'activity_code', type: UINTEGER, sqlType: 'UINTEGER', fill: typedFill(log.activity) },
    { name: 'time', type: DOUBLE, sqlType: 'DOUBLE', fill: typedFill(log.time) },
    ...(log.endTime ? [{ name: 'end_time', type: DOUBLE, sqlType: 'DOUBLE', fill: typedFill(log.endTime) }] : []),
    { name: 'derived', type: UTINYINT, sqlType: 'UTINYINT', fill: typedFill(log.derived) },
    ...attrStage('event'),
  ];
  const caseStage: StageColumn[] = [
    { name: 'case_index', type: UINTEGER, sqlType: 'UINTEGER', fill: (v, from, count) => { for (let i = 0; i < count; i++) v.setItem(i, from + i); } },
    { name: 'case_id', type: VARCHAR, sqlType: 'VARCHAR', fill: (v, from, count) => { for (let i = 0; i < count; i++) v.setItem(i, log.caseIds[from + i]); } },
    { name: 'event_count', type: UINTEGER, sqlType: 'UINTEGER', fill: typedFill(eventCount) },
    ...attrStage('case'),
  ];
  const dictStage: StageColumn[] = [
    { name: 'col', type: UINTEGER, sqlType: 'UINTEGER', fill: typedFill(dictCol) },
    { name: 'code', type: UINTEGER, sqlType: 'UINTEGER', fill: typedFill(dictCode) },
    { name: 'value', type: VARCHAR, sqlType: 'VARCHAR', fill: (v, from, count) => { for (let i = 0; i < count; i++) v.setItem(i, dictValue[from + i]); } },
  ];

  try {
    await appendStaged(connection, stageEvents, eventStage, nEvents);
    await appendStaged(connection, stageCases, caseStage, nCases);
    await appendStaged(connection, stageDict, dictStage, dictValue.length);
    await writeCatalogueRows(connection, tableNo, log, columns);
    await hook?.('staged');

    // Cases first: the events take their case ids from it.
    const caseAttrs = columns.filter((c) => c.level === 'case');
    await connection.run(
      `CREATE TABLE ${q(tables.cases)} (case_index UINTEGER NOT NULL, case_id VARCHAR NOT NULL, event_count UINTEGER NOT NULL${caseAttrs
        .map((c) => `, ${q(c.columnName)} ${SQL_TYPE[c.kind]}`)
        .join('')})`,
    );
    const caseJoins: string[] = [];
    const caseSelect = caseAttrs.map((c) => stagedToFinal(c, 's', dictOf.get(c), stageDict, caseJoins));
    await connection.run(
      `INSERT INTO ${q(tables.cases)} SELECT s.case_index, s.case_id, s.event_count${caseSelect.map((x) => `, ${x}`).join('')}
       FROM temp.main.${q(stageCases)} s ${caseJoins.join(' ')} ORDER BY s.case_index`,
    );

    const eventAttrs = columns.filter((c) => c.level === 'event');
    await connection.run(
      `CREATE TABLE ${q(tables.events)} (case_index UINTEGER NOT NULL, case_id VARCHAR NOT NULL, seq UINTEGER NOT NULL,
        activity_code UINTEGER NOT NULL, activity VARCHAR NOT NULL, "time" TIMESTAMP NOT NULL, end_time TIMESTAMP,
        derived UTINYINT NOT NULL, derived_rule VARCHAR${eventAttrs.map((c) => `, ${q(c.columnName)} ${SQL_TYPE[c.kind]}`).join('')})`,
    );
    const eventJoins: string[] = [];
    const eventSelect = eventAttrs.map((c) => stagedToFinal(c, 's', dictOf.get(c), stageDict, eventJoins));
    await connection.run(
      `INSERT INTO ${q(tables.events)}
       SELECT s.case_index, c.case_id, s.seq, s.activity_code, a.activity, ${msToTimestamp('s."time"')},
         ${log.endTime ? msToTimestamp('s.end_time') : 'NULL'}, s.derived, r.rule${eventSelect.map((x) => `, ${x}`).join('')}
       FROM temp.main.${q(stageEvents)} s
       JOIN ${q(tables.cases)} c ON c.case_index = s.case_index
       JOIN log_activities a ON a.table_no = $1 AND a.code = s.activity_code
       LEFT JOIN log_derivation_rules r ON r.table_no = $1 AND r.rule_index + 1 = s.derived
       ${eventJoins.join(' ')}
       ORDER BY s.case_index, s.seq`,
      [tableNo],
    );
    await hook?.('tables-written');
  } finally {
    for (const table of [stageEvents, stageCases, stageDict]) {
      await connection.run(`DROP TABLE IF EXISTS temp.main.${q(table)}`).catch(() => undefined);
    }
  }
  return columns;
}

/** The SELECT expression turning staged column `a<position>` into the stored value. */
function stagedToFinal(column: StoredColumn, alias: string, dict: number | undefined, stageDict: string, joins: string[]): string {
  const staged = `${alias}.${q(`a${column.position}`)}`;
  switch (column.kind) {
    case 'string': {
      const d = `d${dict}`;
      // Code 0 ("missing") has no dictionary row, so the left join leaves it NULL.
      joins.push(`LEFT JOIN temp.main.${q(stageDict)} ${d} ON ${d}.col = ${dict} AND ${d}.code = ${staged}`);
      return `${d}.value`;
    }
    case 'number':
      return `CASE WHEN isnan(${staged}) THEN NULL ELSE ${staged} END`;
    case 'time':
      return msToTimestamp(staged);
    case 'boolean':
      return `CASE ${staged} WHEN 2 THEN true WHEN 1 THEN false ELSE NULL END`;
  }
}

async function writeCatalogueRows(connection: DuckDBConnection, tableNo: number, log: EventLog, columns: readonly StoredColumn[]): Promise<void> {
  const appender = async (table: string, rows: number, row: (a: DuckDBAppender, i: number) => void) => {
    if (rows === 0) return;
    const a = await connection.createAppender(table);
    try {
      for (let i = 0; i < rows; i++) {
        row(a, i);
        a.endRow();
      }
      a.flushSync();
    } finally {
      a.closeSync();
    }
  };
  await appender('log_activities', log.activities.length, (a, i) => {
    a.appendInteger(tableNo);
    a.appendInteger(i);
    a.appendVarchar(log.activities[i]);
  });
  await appender('log_derivation_rules', log.derivationRules.length, (a, i) => {
    a.appendInteger(tableNo);
    a.appendInteger(i);
    a.appendVarchar(log.derivationRules[i]);
  });
  await appender('log_columns', columns.length, (a, i) => {
    const c = columns[i];
    a.appendInteger(tableNo);
    a.appendVarchar(c.level);
    a.appendInteger(c.position);
    a.appendVarchar(c.name);
    a.appendVarchar(c.kind);
    a.appendVarchar(c.columnName);
  });
}

/** Removes a stored log version's tables and catalogue rows (inside the caller's transaction). */
export async function dropLogTables(connection: DuckDBConnection, tableNo: number): Promise<void> {
  const tables = logTables(tableNo);
  await connection.run(`DROP TABLE IF EXISTS ${q(tables.events)}`);
  await connection.run(`DROP TABLE IF EXISTS ${q(tables.cases)}`);
  for (const table of ['log_columns', 'log_activities', 'log_derivation_rules']) {
    await connection.run(`DELETE FROM ${table} WHERE table_no = $1`, [tableNo]);
  }
}

export interface StoredLogShape {
  readonly tableNo: number;
  readonly cases: number;
  readonly events: number;
  readonly hasEndTime: boolean;
  /** Epoch ms, NaN when none was stored. */
  readonly lastDataUpdate: number;
}

/** Reads a stored log version back into an EventLog. Run it inside a transaction for a consistent snapshot. */
export async function readLogTables(connection: DuckDBConnection, shape: StoredLogShape): Promise<EventLog> {
  const { tableNo } = shape;
  const tables = logTables(tableNo);

  const columns = (
    await connection.runAndReadAll(
      'SELECT level, position, name, kind, column_name FROM log_columns WHERE table_no = $1 ORDER BY level DESC, position',
      [tableNo],
    )
  )
    .getRowsJS()
    .map(([level, position, name, kind, columnName]) => ({
      level: level as AttributeLevel,
      position: Number(position),
      name: String(name),
      kind: kind as AttributeKind,
      columnName: String(columnName),
    }));
  const activities = (
    await connection.runAndReadAll('SELECT activity FROM log_activities WHERE table_no = $1 ORDER BY code', [tableNo])
  )
    .getRowsJS()
    .map((r) => String(r[0]));
  const derivationRules = (
    await connection.runAndReadAll('SELECT rule FROM log_derivation_rules WHERE table_no = $1 ORDER BY rule_index', [tableNo])
  )
    .getRowsJS()
    .map((r) => String(r[0]));

  const eventColumns = columns.filter((c) => c.level === 'event');
  const caseColumns = columns.filter((c) => c.level === 'case');

  const caseIds: string[] = new Array(shape.cases);
  const eventCounts = new Uint32Array(shape.cases);
  const caseAttributes = await readAttributes(connection, tables.cases, caseColumns, shape.cases, 't.case_index', [
    { sql: 't.case_id', sink: (v, row) => (caseIds[row] = v as string) },
    { sql: 't.event_count', target: eventCounts },
  ]);
  const caseOffsets = new Uint32Array(shape.cases + 1);
  for (let c = 0; c < shape.cases; c++) caseOffsets[c + 1] = caseOffsets[c] + eventCounts[c];
  if (caseOffsets[shape.cases] !== shape.events) throw new LogStoreError(`stored log ${tableNo} is inconsistent: case event counts do not add up`);

  const activity = new Uint32Array(shape.events);
  const time = new Float64Array(shape.events);
  const endTime = shape.hasEndTime ? new Float64Array(shape.events) : null;
  const derived = new Uint8Array(shape.events);
  const fixed: FixedColumn[] = [
    { sql: 't.activity_code', target: activity },
    { sql: timestampToMs('t."time"'), target: time },
    { sql: 't.derived', target: derived },
  ];
  if (endTime) fixed.push({ sql: timestampToMs('t.end_time'), target: endTime });
  const eventAttributes = await readAttributes(connection, tables.events, eventColumns, shape.events, 't.case_index, t.seq', fixed);

  // Event numbers and instants few events carry are kept sparse, as the builder keeps them.
  for (const [name, column] of eventAttributes) eventAttributes.set(name, compactColumn(column));

  return {
    caseIds,
    activities,
    caseOffsets,
    activity,
    time,
    endTime,
    derived,
    derivationRules,
    eventAttributes,
    caseAttributes,
    lastDataUpdate: shape.lastDataUpdate,
  };
}

/** A fixed column read either into a typed array or, for strings, through a callback. */
type FixedColumn =
  | { readonly sql: string; readonly target: Uint32Array | Float64Array | Uint8Array }
  | { readonly sql: string; readonly sink: (value: unknown, row: number) => void };

/**
 * Streams `table` (aliased `t`; fixed columns and `orderBy` refer to it) and fills typed
 * arrays: the fixed columns given, plus
 * every attribute. String attributes come back as codes into a dictionary DuckDB sorts, so the
 * only strings made in JS are the distinct values.
 */
async function readAttributes(
  connection: DuckDBConnection,
  table: string,
  columns: readonly StoredColumn[],
  rows: number,
  orderBy: string,
  fixed: readonly FixedColumn[],
): Promise<Map<string, AttributeColumn>> {
  const t = q(table);
  const ctes: string[] = [];
  const joins: string[] = [];
  const selects: string[] = fixed.map((f) => f.sql);
  const targets: (Uint32Array | Float64Array | Uint8Array | ((value: unknown, row: number) => void))[] = fixed.map((f) =>
    'target' in f ? f.target : f.sink,
  );
  const attributes = new Map<string, AttributeColumn>();
  const dicts: { column: StoredColumn; codes: Uint32Array; cte: string }[] = [];

  for (const column of columns) {
    const col = `t.${q(column.columnName)}`;
    switch (column.kind) {
      case 'string': {
        const cte = `d${dicts.length}`;
        const codes = new Uint32Array(rows);
        ctes.push(
          `${cte} AS (SELECT v, (row_number() OVER (ORDER BY v))::UINTEGER AS code FROM (SELECT DISTINCT ${q(column.columnName)} AS v FROM ${t} WHERE ${q(column.columnName)} IS NOT NULL))`,
        );
        joins.push(`LEFT JOIN ${cte} ON ${cte}.v = ${col}`);
        selects.push(`coalesce(${cte}.code, 0::UINTEGER)`);
        targets.push(codes);
        dicts.push({ column, codes, cte });
        break;
      }
      case 'number': {
        const values = new Float64Array(rows);
        selects.push(`coalesce(${col}, 'NaN'::DOUBLE)`);
        targets.push(values);
        attributes.set(column.name, { kind: 'number', values });
        break;
      }
      case 'time': {
        const values = new Float64Array(rows);
        selects.push(timestampToMs(col));
        targets.push(values);
        attributes.set(column.name, { kind: 'time', values });
        break;
      }
      case 'boolean': {
        const values = new Uint8Array(rows);
        selects.push(`(CASE WHEN ${col} IS NULL THEN 0 WHEN ${col} THEN 2 ELSE 1 END)::UTINYINT`);
        targets.push(values);
        attributes.set(column.name, { kind: 'boolean', values });
        break;
      }
      default:
        throw new LogStoreError(`stored attribute "${column.name}" has an unknown kind`);
    }
  }

  const sql = `${ctes.length ? `WITH ${ctes.join(', ')} ` : ''}SELECT ${selects.join(', ')} FROM ${t} t ${joins.join(' ')} ORDER BY ${orderBy}`;

  const result = await connection.stream(sql);
  let row = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const count = chunk.rowCount;
    if (row + count > rows) throw new LogStoreError(`stored table ${table} has more rows than its catalogue entry`);
    for (let j = 0; j < targets.length; j++) {
      const vector = chunk.getColumnVector(j);
      const target = targets[j];
      if (typeof target === 'function') {
        for (let i = 0; i < count; i++) target(vector.getItem(i), row + i);
      } else {
        for (let i = 0; i < count; i++) target[row + i] = vector.getItem(i) as number;
      }
    }
    row += count;
  }
  if (row !== rows) throw new LogStoreError(`stored table ${table} has ${row} rows, its catalogue entry ${rows}`);

  for (const { column, codes, cte } of dicts) {
    const reader = await connection.runAndReadAll(
      `SELECT DISTINCT ${q(column.columnName)} AS v FROM ${t} WHERE ${q(column.columnName)} IS NOT NULL ORDER BY v`,
    );
    const dict = [''];
    for (const [v] of reader.getRows()) dict.push(v as string);
    for (let r = 0; r < rows; r++) {
      if (codes[r] >= dict.length) throw new LogStoreError(`dictionary ${cte} of stored table ${table} does not match its codes`);
    }
    // Read as 32-bit codes (the dictionary's size is known only now), kept as narrow as it allows.
    const narrow = codeArray(dict.length, rows);
    narrow.set(codes);
    attributes.set(column.name, { kind: 'string', dict, codes: narrow });
  }

  // Keep the stored attribute order (the Map order the engine built).
  const ordered = new Map<string, AttributeColumn>();
  for (const column of columns) ordered.set(column.name, attributes.get(column.name)!);
  return ordered;
}
