import { rename, rm } from 'node:fs/promises';
import ExcelJS from 'exceljs';
import { isTimeColumn } from './csv-writer.ts';
import type { EventRecord } from './event-record.ts';

export interface XlsxWriteOptions {
  /** Columns in order. */
  readonly columns: readonly string[];
  /** Default 'Events'. */
  readonly sheetName?: string;
}

const DATE_TIME = 'yyyy-mm-dd hh:mm:ss';
const DATE = 'yyyy-mm-dd';

/** Columns whose instants are points in the day, so never shown as a bare date. */
const ALWAYS_DATE_TIME = new Set(['EventTime', 'LastDataUpdate']);

/**
 * Streams records to a one-sheet .xlsx workbook: a bold, frozen header row, instants as Excel
 * dates (UTC) so Excel can sort and filter them, numbers as numbers. Written to a temporary
 * file and renamed at the end, like writeCsv, so a failure leaves no half-written workbook.
 */
export async function writeXlsx(records: Iterable<EventRecord>, path: string, options: XlsxWriteOptions): Promise<number> {
  const { columns } = options;
  const tmp = `${path}.partial`;
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: true });
  const sheet = workbook.addWorksheet(options.sheetName ?? 'Events', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((name) => ({ key: name, width: Math.max(12, name.length + 2) }));
  let count = 0;
  try {
    const header = sheet.addRow([...columns]);
    header.font = { bold: true };
    header.commit();
    for (const record of records) {
      const row = sheet.addRow(columns.map((name) => cellValue(name, record[name])));
      columns.forEach((name, i) => {
        const value = record[name];
        if (typeof value === 'number' && isTimeColumn(name)) {
          row.getCell(i + 1).numFmt = ALWAYS_DATE_TIME.has(name) || value % 86_400_000 !== 0 ? DATE_TIME : DATE;
        }
      });
      row.commit();
      count++;
    }
    sheet.commit();
    await workbook.commit();
    await rename(tmp, path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
  return count;
}

function cellValue(column: string, value: EventRecord[string]): ExcelJS.CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' && isTimeColumn(column)) return new Date(value);
  return value;
}
