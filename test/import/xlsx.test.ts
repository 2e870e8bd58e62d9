import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { columnLetter, importXlsx } from '../../api/adapters/import/xlsx.ts';
import { importFile } from '../../api/adapters/import/index.ts';
import { caseEvents, caseValue, eventValues, importError, tempDir, utc } from './log-view.ts';

const files = tempDir('xlsx-import-');

type Row = ExcelJS.CellValue[];

/** A workbook whose first sheet holds `rows` (row 1 first); a second sheet that must be ignored. */
async function workbook(name: string, rows: Row[], sheetName = 'Events'): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet(sheetName);
  for (const row of rows) sheet.addRow(row);
  sheet.getColumn(3).numFmt = 'yyyy-mm-dd hh:mm';
  const other = book.addWorksheet('Notes');
  other.addRow(['not', 'an', 'event', 'log']);
  const path = files.path(name);
  await book.xlsx.writeFile(path);
  return path;
}

const HEADER: Row = ['InvoiceNumber', 'ActivityName', 'EventTime', 'DueDate', 'InvoiceAmount', 'CompanyCode', 'Note', 'Region'];

describe('importXlsx', () => {
  it('reads the first sheet: dates as UTC, numbers, rich text, formulas and links as their text or result', async () => {
    const path = await workbook('good.xlsx', [
      HEADER,
      ['INV-1', 'Invoice Posted', new Date(Date.UTC(2023, 2, 1, 9, 30)), new Date(Date.UTC(2023, 2, 31)), 5400.5, 1000, 'plain', 'North'],
      [
        'INV-1',
        { richText: [{ text: 'Payment ' }, { font: { bold: true }, text: 'Received' }] },
        new Date(Date.UTC(2023, 3, 2, 10)),
        new Date(Date.UTC(2023, 2, 31)),
        { formula: '5000.5+400', result: 5400.5 },
        1000,
        { text: 'see ticket', hyperlink: 'https://example.com/t/1' },
        'North',
      ],
      // An invoice number typed as a number, and a time written as ISO text.
      [100045678, 'Invoice Posted', '2023-03-05T08:00:00+01:00', '2023-04-04', '99.90', 'US01', null, 'South'],
      [null, null, null, null, null, null, null, null],
    ]);
    const { log, format, rows, warnings } = await importXlsx(path);
    expect(format).toBe('xlsx');
    expect(rows).toBe(3);
    expect(warnings).toEqual([]);
    expect(log.caseIds).toEqual(['INV-1', '100045678']);
    expect(caseEvents(log, 'INV-1').map((e) => [e.activity, e.time])).toEqual([
      ['Invoice Posted', '2023-03-01T09:30:00.000Z'],
      ['Payment Received', '2023-04-02T10:00:00.000Z'],
    ]);
    expect(caseEvents(log, '100045678')[0].time).toBe('2023-03-05T07:00:00.000Z');
    expect(caseValue(log, 'DueDate', 'INV-1')).toBe(utc('2023-03-31T00:00:00Z'));
    expect(caseValue(log, 'DueDate', '100045678')).toBe(utc('2023-04-04T00:00:00Z'));
    expect(caseValue(log, 'InvoiceAmount', 'INV-1')).toBe(5400.5);
    expect(caseValue(log, 'InvoiceAmount', '100045678')).toBe(99.9);
    // CompanyCode is a text column of the template: a number typed into it is kept as text.
    expect(caseValue(log, 'CompanyCode', 'INV-1')).toBe('1000');
    expect(eventValues(log, 'Note', 'INV-1')).toEqual(['plain', 'see ticket']);
    expect(caseValue(log, 'Region', '100045678')).toBe('South');
  });

  it('applies the column mapping and case-insensitive header names like the CSV importer', async () => {
    const path = await workbook('mapped.xlsx', [
      ['Invoice', 'Step', 'When', null, 'customerSEGMENT'],
      ['A-1', 'Invoice Posted', new Date(Date.UTC(2023, 0, 2)), 'kept under "Column D"', 'SMB'],
    ]);
    const { log } = await importFile(path, { mapping: { case: 'Invoice', activity: 'Step', time: 'When' } });
    expect(caseEvents(log, 'A-1')).toMatchObject([{ activity: 'Invoice Posted', time: '2023-01-02T00:00:00.000Z' }]);
    expect(caseValue(log, 'CustomerSegment', 'A-1')).toBe('SMB');
    expect(caseValue(log, 'Column D', 'A-1')).toBe('kept under "Column D"');
  });

  it('names sheet, Excel row and column letter with header for a bad date', async () => {
    const path = await workbook('bad-date.xlsx', [
      ['InvoiceNumber', 'ActivityName', 'DueDate', 'EventTime'],
      ['INV-1', 'Invoice Posted', new Date(Date.UTC(2023, 2, 31)), new Date(Date.UTC(2023, 2, 1))],
      ['INV-1', 'Reminder Sent', 'end of March', new Date(Date.UTC(2023, 3, 3))],
    ]);
    const error = await importError(importXlsx(path));
    expect(error.details).toMatchObject({ row: 3, column: 'C (DueDate)', field: 'DueDate', value: 'end of March' });
    expect(error.message).toContain('bad-date.xlsx, sheet "Events", row 3, column C (DueDate)');
  });

  it('refuses a missing required column, values right of the last header, and a file that is not a workbook', async () => {
    const missing = await importError(importXlsx(await workbook('missing.xlsx', [['InvoiceNumber', 'ActivityName'], ['INV-1', 'A']])));
    expect(missing.details).toMatchObject({ row: 1, field: 'EventTime' });
    expect(missing.message).toContain('"InvoiceNumber", "ActivityName"');

    const extra = await importError(
      importXlsx(await workbook('extra.xlsx', [['InvoiceNumber', 'ActivityName', 'EventTime'], ['INV-1', 'A', new Date(Date.UTC(2023, 0, 1)), null, 'stray']])),
    );
    expect(extra.details).toMatchObject({ row: 2, column: 'E', value: 'stray' });

    const notXlsx = await importError(importXlsx(await files.write('fake.xlsx', 'InvoiceNumber,ActivityName,EventTime\n')));
    expect(notXlsx.message).toContain('an Excel workbook');
  });

  it('letters columns like Excel', () => {
    expect([0, 1, 25, 26, 27, 51, 52, 701, 702].map(columnLetter)).toEqual(['A', 'B', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });
});
