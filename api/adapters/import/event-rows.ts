import type { ColumnBuilder } from '../../engine/log/column-builder.ts';
import type { LogBuilder } from '../../engine/log/builder.ts';
import { ImportError } from './import-error.ts';
import { canonical, own } from './kept-strings.ts';
import type { ColumnPlan } from './mapping.ts';
import { cellNumber, cellText, cellTime, EXPECTED_NUMBER, isEmptyCell, type CellValue, type TimeReading } from './cell-values.ts';

export const STRING = 0;
export const NUMBER = 1;
const TIME = 2;

/**
 * One source column's converter. It remembers the last cell and its value because the rows of
 * one invoice repeat its case columns: comparing two short strings is cheaper than parsing a
 * date or copying a name again.
 */
export interface Slot {
  readonly index: number;
  readonly kind: number;
  column: ColumnBuilder | null;
  last: CellValue;
  lastValue: string | number;
  /**
   * Text columns: the kept instance of each distinct value while there are few (activities,
   * segments, currencies), so a value is copied once rather than whenever it changes; dropped
   * for columns of many values (case ids, notes), where it would only cost memory.
   */
  kept: Map<string, string> | null;
}

const MAX_KEPT = 4096;

export const EXPECTED_CASE = 'an invoice number (the case id) in every row';
export const EXPECTED_ACTIVITY = 'an activity name such as Invoice Posted in every row';

function slot(index: number, kind: number): Slot {
  // NaN equals nothing, not even an empty first cell.
  return { index, kind, column: null, last: Number.NaN, lastValue: '', kept: kind === STRING ? new Map() : null };
}

/** Turns source rows (cells in source column order) into events of a LogBuilder. */
export class EventRowWriter {
  /** Events written. */
  rows = 0;
  /** Rows with no value in any column (spreadsheet leftovers such as ",,,,"), skipped. */
  emptyRows = 0;
  protected readonly caseSlot: Slot;
  protected readonly activitySlot: Slot;
  protected readonly timeSlot: Slot;
  protected readonly lastUpdateSlot: Slot | null;
  protected readonly attributes: Slot[];
  protected readonly names: readonly string[];
  private lastDataUpdate = Number.NEGATIVE_INFINITY;

  /** `onNewColumn` hears of each attribute column when its first value arrives (memory budgets). */
  constructor(
    protected readonly builder: LogBuilder,
    protected readonly plan: ColumnPlan,
    protected readonly file: string,
    protected readonly time: TimeReading,
    private readonly onNewColumn?: (name: string, row: number) => void,
  ) {
    this.caseSlot = slot(plan.caseColumn, STRING);
    this.activitySlot = slot(plan.activityColumn, STRING);
    this.timeSlot = slot(plan.timeColumn, TIME);
    this.lastUpdateSlot = plan.lastDataUpdateColumn < 0 ? null : slot(plan.lastDataUpdateColumn, TIME);
    this.attributes = plan.attributeColumns.map((i) => slot(i, plan.types[i] === 'number' ? NUMBER : plan.types[i] === 'time' ? TIME : STRING));
    this.names = plan.targets;
  }

  /** Adds the event of one data row. `row` and `line` only locate errors. */
  add(cells: ArrayLike<CellValue>, row: number, line?: number): void {
    const caseCell = cells[this.caseSlot.index];
    if (isEmptyCell(caseCell)) {
      if (allEmpty(cells, this.plan.headers.length)) {
        this.emptyRows++;
        return;
      }
      throw this.error(this.caseSlot, caseCell, row, line, EXPECTED_CASE);
    }
    const caseId = this.text(this.caseSlot, caseCell);
    const activityCell = cells[this.activitySlot.index];
    if (isEmptyCell(activityCell)) throw this.error(this.activitySlot, activityCell, row, line, EXPECTED_ACTIVITY);
    const activity = this.text(this.activitySlot, activityCell);
    const time = this.timeOf(this.timeSlot, cells[this.timeSlot.index], row, line);

    const builder = this.builder;
    const e = builder.addEvent(caseId, activity, time);
    const attributes = this.attributes;
    for (let k = 0; k < attributes.length; k++) {
      const s = attributes[k];
      const cell = cells[s.index];
      if (cell === '' || cell === null || cell === undefined) continue;
      if (s.kind === STRING) {
        const text = this.text(s, cell);
        if (text.length === 0) continue;
        (s.column ??= this.newColumn(s, 'string', row)).setString(e, text);
      } else if (s.kind === NUMBER) {
        (s.column ??= this.newColumn(s, 'number', row)).set(e, this.numberOf(s, cell, row, line));
      } else {
        (s.column ??= this.newColumn(s, 'time', row)).set(e, this.timeOf(s, cell, row, line));
      }
    }
    const update = this.lastUpdateSlot;
    if (update) {
      const cell = cells[update.index];
      if (!isEmptyCell(cell)) {
        this.noteDataUpdate(this.timeOf(update, cell, row, line));
      }
    }
    this.rows++;
  }

  protected newColumn(s: Slot, kind: 'string' | 'number' | 'time', row: number): ColumnBuilder {
    this.onNewColumn?.(this.names[s.index], row);
    return this.builder.eventColumn(this.names[s.index], kind);
  }

  private text(s: Slot, cell: CellValue): string {
    if (cell === s.last) return s.lastValue as string;
    // The log keeps case ids and attribute values: they must not pin the chunk they came from.
    const raw = typeof cell === 'string' ? cell : cellText(cell);
    const text = s.kept === null ? own(raw) : this.keep(s, raw);
    s.last = cell;
    s.lastValue = text;
    return text;
  }

  /** The instance of `text` to store: the column's kept one while it has few values (`text` itself otherwise). */
  protected keep(s: Slot, text: string): string {
    if (s.kept === null) return text;
    const kept = canonical(s.kept, text);
    if (s.kept.size > MAX_KEPT) s.kept = null;
    return kept;
  }

  private numberOf(s: Slot, cell: CellValue, row: number, line: number | undefined): number {
    if (cell === s.last) return s.lastValue as number;
    const n = this.numberFrom(s, cell, row, line);
    s.last = cell;
    s.lastValue = n;
    return n;
  }

  protected numberFrom(s: Slot, cell: CellValue, row: number, line: number | undefined): number {
    const n = cellNumber(cell);
    if (Number.isNaN(n)) throw this.error(s, cell, row, line, EXPECTED_NUMBER);
    return n;
  }

  private timeOf(s: Slot, cell: CellValue, row: number, line: number | undefined): number {
    if (cell === s.last) return s.lastValue as number;
    const t = this.timeFrom(s, cell, row, line);
    s.last = cell;
    s.lastValue = t;
    return t;
  }

  protected timeFrom(s: Slot, cell: CellValue, row: number, line: number | undefined): number {
    const t = isEmptyCell(cell) ? Number.NaN : cellTime(cell, this.time);
    if (Number.isNaN(t)) throw this.error(s, cell, row, line, this.time.expected);
    return t;
  }

  /** Keeps the latest LastDataUpdate, the log's "as of". */
  protected noteDataUpdate(t: number): void {
    if (t > this.lastDataUpdate) {
      this.lastDataUpdate = t;
      this.builder.lastDataUpdate = t;
    }
  }

  protected error(s: Slot, cell: CellValue, row: number, line: number | undefined, expected: string): ImportError {
    return new ImportError({ file: this.file, row, line, column: this.plan.labels[s.index], field: this.names[s.index], value: cellText(cell), expected });
  }
}

function allEmpty(cells: ArrayLike<CellValue>, count: number): boolean {
  for (let i = 0; i < count; i++) if (!isEmptyCell(cells[i])) return false;
  return true;
}
