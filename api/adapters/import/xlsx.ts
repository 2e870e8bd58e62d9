import { createReadStream } from 'node:fs';
import ExcelJS from 'exceljs';
import { LogBuilder } from '../../engine/log/builder.ts';
import { cellText, isEmptyCell, type CellValue } from './cell-values.ts';
import { EventRowWriter } from './event-rows.ts';
import { ImportError } from './import-error.ts';
import { openSource, rowWarnings } from './import-setup.ts';
import { duplicateWarnings } from './duplicates.ts';
import { CellBudget, importLimits } from './limits.ts';
import { planColumns } from './mapping.ts';
import type { ImportOptions, ImportResult } from './options.ts';
import { ProgressReporter } from './progress.ts';
import { checkZip } from './zip-guard.ts';

/** Rows between progress and cancellation checks. */
const CHECK_EVERY = 1024;

/** Spreadsheet column letters: 0 -> A, 25 -> Z, 26 -> AA. */
export function columnLetter(index: number): string {
  let n = index + 1;
  let letters = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    letters = String.fromCharCode(65 + r) + letters;
    n = (n - 1 - r) / 26;
  }
  return letters;
}

/**
 * An exceljs cell value as a plain cell: rich text and hyperlinks as their text, formulas as
 * their cached result, errors as their code (#N/A), so that the shared value rules apply.
 */
function plainCell(value: ExcelJS.CellValue): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') {
    const first = value.charCodeAt(0);
    const last = value.charCodeAt(value.length - 1);
    return first <= 32 || last <= 32 ? value.trim() : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return plainCell(value.richText.map((r) => r.text).join(''));
  if ('formula' in value || 'sharedFormula' in value) return plainCell((value as { result?: ExcelJS.CellValue }).result ?? null);
  if ('hyperlink' in value) return plainCell((value as { text?: ExcelJS.CellValue }).text ?? value.hyperlink);
  if ('error' in value) return String(value.error);
  return String(value);
}

/**
 * Reads an event log from the first worksheet of an .xlsx workbook, streaming its rows: the
 * first row with any value holds the headers; header mapping and value rules are the CSV
 * importer's. Excel dates are taken as UTC. Errors name the sheet, the Excel row number and
 * the column letter with its header, e.g. column "C (DueDate)".
 */
export async function importXlsx(path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const { file, size, time } = await openSource(path, options);
  const limits = importLimits(options.limits);
  // Before exceljs sees a byte: it would inflate a zip bomb whole.
  const zip = await checkZip(path, file, limits);
  const builder = new LogBuilder();
  const progress = new ProgressReporter(options.onProgress, size);
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  // Styles are needed to tell a date cell from a number cell.
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  let writer: EventRowWriter | undefined;
  let budget: CellBudget | undefined;
  let sawSheet = false;
  try {
    for await (const sheet of workbook) {
      sawSheet = true;
      const where = `${file}, sheet "${(sheet as unknown as { name?: string }).name ?? 'Sheet1'}"`;
      let width = 0;
      let cells: CellValue[] = [];
      let seen = 0;
      for await (const row of sheet) {
        const values = row.values as ExcelJS.CellValue[];
        if (!writer) {
          // Array.from, not map: row.values is sparse where cells are empty.
          const headers = Array.from({ length: Math.max(0, values.length - 1) }, (_, j) => cellText(plainCell(values[j + 1])));
          while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
          if (headers.length === 0) continue;
          const plan = planColumns(headers, options.mapping, { file: where, row: row.number, columnName: columnLetter, maxColumns: limits.maxColumns });
          width = headers.length;
          cells = new Array<CellValue>(width).fill(null);
          // Rows may fill far columns sparsely, which a dense column turns into rows × columns.
          budget = new CellBudget(where, limits);
          const columns = budget;
          writer = new EventRowWriter(builder, plan, where, time, (name, rowNumber) =>
            columns.addColumn(name, builder.eventCount, zip.uncompressedBytes, { row: rowNumber }),
          );
          continue;
        }
        let empty = true;
        for (let j = 0; j < width; j++) {
          const cell = plainCell(values[j + 1]);
          cells[j] = cell;
          if (empty && !isEmptyCell(cell)) empty = false;
        }
        for (let j = width + 1; j < values.length; j++) {
          const extra = plainCell(values[j]);
          if (!isEmptyCell(extra)) {
            throw new ImportError({
              file: where,
              row: row.number,
              column: columnLetter(j - 1),
              value: cellText(extra),
              expected: `no values right of the last header (column ${columnLetter(width - 1)}); give column ${columnLetter(j - 1)} a header`,
            });
          }
        }
        // Sheets keep formatted rows with nothing in them; they are no data.
        if (!empty) writer.add(cells, row.number);
        if (++seen % CHECK_EVERY === 0) {
          options.signal?.throwIfAborted();
          progress.update(input.bytesRead, builder.eventCount);
        }
      }
      // The first worksheet is the event log; the others may hold anything.
      break;
    }
  } catch (error) {
    if (error instanceof ImportError || (error as Error).name === 'AbortError' || options.signal?.aborted) throw error;
    throw new ImportError({ file, value: (error as Error).message, expected: 'an Excel workbook (.xlsx) whose first worksheet holds the events' });
  } finally {
    input.destroy();
  }
  if (!sawSheet) throw new ImportError({ file, expected: 'an Excel workbook (.xlsx) with at least one worksheet' });
  if (!writer) throw new ImportError({ file, row: 1, expected: 'a header row naming the columns (InvoiceNumber, ActivityName, EventTime, ...) in the first worksheet' });
  budget?.check(builder.eventCount, zip.uncompressedBytes);
  const log = builder.build();
  progress.finish(log.activity.length);
  return { log, format: 'xlsx', rows: writer.rows, warnings: [...rowWarnings(writer), ...duplicateWarnings(log)] };
}
