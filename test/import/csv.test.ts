import { describe, expect, it } from 'vitest';
import { importCsv } from '../../api/adapters/import/csv.ts';
import { parseDecimal } from '../../api/adapters/import/cell-values.ts';
import { CsvParser } from '../../api/adapters/import/csv-parser.ts';
import { detectFormat, importFile, readMappingFile } from '../../api/adapters/import/index.ts';
import type { ImportProgress } from '../../api/adapters/import/options.ts';
import { compileTimeFormat, TimeFormatError } from '../../api/adapters/import/time-format.ts';
import { caseEvents, caseValue, eventValues, importError, tempDir, utc } from './log-view.ts';

const files = tempDir('csv-import-');

const HEADER = 'InvoiceNumber,ActivityName,EventTime';

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) [le[i], le[i + 1]] = [le[i + 1], le[i]];
  return le;
}

describe('importCsv: good files', () => {
  it('reads a comma file: template columns typed, case and event levels, unknown columns kept, LastDataUpdate', async () => {
    const path = await files.write(
      'basic.csv',
      [
        'InvoiceNumber,ActivityName,EventTime,CustomerName,InvoiceAmount,DueDate,DunningLevel,Region,Channel,LastDataUpdate',
        'INV-1,Invoice Posted,2023-03-01T09:00:00Z,Acme,100.50,2023-03-31,,North,Email,2023-06-01T00:00:00Z',
        'INV-1,Dunning Letter Issued,2023-04-05T09:00:00Z,Acme,100.50,2023-03-31,1,North,Letter,2023-06-02T00:00:00Z',
        'INV-2,Invoice Posted,2023-03-02T09:00:00Z,Beta,-12,2023-04-01,,South,Email,',
        'INV-2,Reminder Sent,2023-04-03T09:00:00Z,Beta,-12,2023-04-01,,South,Email,',
        '',
      ].join('\n'),
    );
    const { log, format, rows, warnings } = await importCsv(path);
    expect(format).toBe('csv');
    expect(rows).toBe(4);
    expect(warnings).toEqual([]);
    expect(log.caseIds).toEqual(['INV-1', 'INV-2']);
    expect(caseEvents(log, 'INV-1').map((e) => [e.activity, e.time])).toEqual([
      ['Invoice Posted', '2023-03-01T09:00:00.000Z'],
      ['Dunning Letter Issued', '2023-04-05T09:00:00.000Z'],
    ]);
    expect(log.caseAttributes.get('InvoiceAmount')?.kind).toBe('number');
    expect(caseValue(log, 'InvoiceAmount', 'INV-1')).toBe(100.5);
    expect(caseValue(log, 'InvoiceAmount', 'INV-2')).toBe(-12);
    expect(log.caseAttributes.get('DueDate')?.kind).toBe('time');
    expect(caseValue(log, 'DueDate', 'INV-2')).toBe(Date.UTC(2023, 3, 1));
    expect(caseValue(log, 'CustomerName', 'INV-2')).toBe('Beta');
    // DunningLevel is an event column of the template: it stays per event.
    expect(log.caseAttributes.has('DunningLevel')).toBe(false);
    expect(eventValues(log, 'DunningLevel', 'INV-1')).toEqual([null, '1']);
    // Unknown columns: constant within every case -> case level; varying -> event level.
    expect(caseValue(log, 'Region', 'INV-1')).toBe('North');
    expect(log.eventAttributes.has('Region')).toBe(false);
    expect(eventValues(log, 'Channel', 'INV-1')).toEqual(['Email', 'Letter']);
    // LastDataUpdate is the log's "as of" (the latest given), not an attribute.
    expect(log.lastDataUpdate).toBe(utc('2023-06-02T00:00:00Z'));
    expect(log.caseAttributes.has('LastDataUpdate') || log.eventAttributes.has('LastDataUpdate')).toBe(false);
    expect(log.derived.every((d) => d === 0)).toBe(true);
  });

  it('detects ";" with CRLF line ends and a UTF-8 byte order mark', async () => {
    const text = '\uFEFFInvoiceNumber;ActivityName;EventTime;CustomerName\r\nINV-1;Invoice Posted;2023-03-01;Müller, Söhne & Co\r\nINV-1;Payment Received;2023-03-20;Müller, Söhne & Co\r\n';
    const { log } = await importCsv(await files.write('semicolon.csv', text));
    expect(caseEvents(log, 'INV-1').map((e) => e.activity)).toEqual(['Invoice Posted', 'Payment Received']);
    expect(caseValue(log, 'CustomerName', 'INV-1')).toBe('Müller, Söhne & Co');
  });

  it('detects tabs; quoted fields keep delimiters, line breaks and doubled quotes, and later lines are still counted right', async () => {
    const text = [
      'InvoiceNumber\tActivityName\tEventTime\tNote',
      'INV-1\tCollection Contact Made\t2023-03-01T10:00:00Z\t"said ""next week""\ton the phone\r\nand by mail\nok"',
      'INV-1\tPayment Received\t2023-03-08T10:00:00Z\t"a, b; c"',
      'INV-1\tPayment Applied to Invoice\tnot-a-date\t',
    ].join('\n');
    const path = await files.write('tabs.tsv', text);
    // Lines: header 1, the quoted note spans 2-4, next row 5, the bad row 6.
    const error = await importError(importCsv(path));
    expect(error.details).toMatchObject({ row: 3, line: 6, column: '3 (EventTime)', value: 'not-a-date' });

    const good = await files.write('tabs-good.tsv', text.replace('not-a-date', '2023-03-09T10:00:00Z'));
    const { log } = await importCsv(good);
    expect(eventValues(log, 'Note', 'INV-1')).toEqual(['said "next week"\ton the phone\r\nand by mail\nok', 'a, b; c', null]);
  });

  it('reads UTF-16 LE and BE with a byte order mark, and UTF-16 LE without one', async () => {
    const text = 'InvoiceNumber,ActivityName,EventTime,CustomerName\r\nINV-7,Invoice Posted,2023-03-01,東京商事 Ünal\r\n';
    const withBom = await files.write('utf16le.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    const bigEndian = await files.write('utf16be.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(text)]));
    const noBom = await files.write('utf16-nobom.csv', Buffer.from(text, 'utf16le'));
    for (const path of [withBom, bigEndian, noBom]) {
      const { log } = await importCsv(path);
      expect(log.caseIds, path).toEqual(['INV-7']);
      expect(caseValue(log, 'CustomerName', 'INV-7'), path).toBe('東京商事 Ünal');
    }
  });

  it('reads ISO instants with offsets, fractions and date-only values as UTC', async () => {
    const text = [
      HEADER,
      'INV-1,A,2006-07-24T00:00:00+02:00',
      'INV-1,B,2006-07-24',
      'INV-1,C,2006-07-24T01:30:15.250-0130',
      'INV-1,D,2006-07-24 03:00:00',
    ].join('\n');
    const { log } = await importCsv(await files.write('iso.csv', text));
    expect(caseEvents(log, 'INV-1').map((e) => [e.activity, e.time])).toEqual([
      ['A', '2006-07-23T22:00:00.000Z'],
      ['B', '2006-07-24T00:00:00.000Z'],
      ['D', '2006-07-24T03:00:00.000Z'],
      ['C', '2006-07-24T03:00:15.250Z'],
    ]);
  });

  it('reads a custom time format (as UTC), still accepting ISO and a date without the time', async () => {
    const text = [
      `${HEADER},DueDate`,
      'INV-1,Invoice Posted,24/07/2006 14:30,23/08/2006',
      'INV-1,Reminder Sent,2006-08-25T08:00:00Z,23/08/2006',
      'INV-1,Payment Received,1/9/2006 7:05,23/08/2006',
    ].join('\n');
    const { log } = await importCsv(await files.write('custom-time.csv', text), { timeFormat: 'DD/MM/YYYY HH:mm' });
    expect(caseEvents(log, 'INV-1').map((e) => e.time)).toEqual(['2006-07-24T14:30:00.000Z', '2006-08-25T08:00:00.000Z', '2006-09-01T07:05:00.000Z']);
    expect(caseValue(log, 'DueDate', 'INV-1')).toBe(Date.UTC(2006, 7, 23));

    const us = await importCsv(await files.write('us-time.csv', `${HEADER}\nINV-1,A,03/05/2023\nINV-1,B,12/31/2023\n`), { timeFormat: 'MM/DD/YYYY' });
    expect(caseEvents(us.log, 'INV-1').map((e) => e.time)).toEqual(['2023-03-05T00:00:00.000Z', '2023-12-31T00:00:00.000Z']);

    // Without the format the same file is refused, naming the value.
    const error = await importError(importCsv(await files.write('custom-time-2.csv', text)));
    expect(error.details).toMatchObject({ row: 1, line: 2, column: '3 (EventTime)', value: '24/07/2006 14:30' });
  });

  it("maps the user's own column names (mapping, then case-insensitive template names)", async () => {
    const text = ['Invoice;Step;When; customername ;Cust;Extra', 'A-1;Invoice Posted;2023-01-02;Acme;C-9;x', 'A-1;Payment Received;2023-01-20;Acme;C-9;y'].join('\n');
    const { log } = await importCsv(await files.write('mapped.csv', text), {
      mapping: { case: 'invoice', activity: 'Step', time: 'WHEN', columns: { Cust: 'customerid' } },
    });
    expect(caseEvents(log, 'A-1').map((e) => e.activity)).toEqual(['Invoice Posted', 'Payment Received']);
    expect(caseValue(log, 'CustomerName', 'A-1')).toBe('Acme');
    expect(caseValue(log, 'CustomerId', 'A-1')).toBe('C-9');
    expect(eventValues(log, 'Extra', 'A-1')).toEqual(['x', 'y']);
  });

  it('keeps events of a case with equal times in file order, after sorting by time', async () => {
    const text = [HEADER, 'INV-1,Second,2023-01-02T00:00:00Z', 'INV-2,Other,2023-01-01T00:00:00Z', 'INV-1,Third,2023-01-02T00:00:00Z', 'INV-1,First,2023-01-01T00:00:00Z', 'INV-1,Fourth,2023-01-02T00:00:00Z'].join(
      '\n',
    );
    const { log } = await importCsv(await files.write('ties.csv', text));
    expect(caseEvents(log, 'INV-1').map((e) => e.activity)).toEqual(['First', 'Second', 'Third', 'Fourth']);
  });

  it('skips blank lines and rows without any value, with a warning for the latter', async () => {
    const text = `${HEADER},CustomerName\n\nINV-1,Invoice Posted,2023-01-01,Acme\n   \n,,,\nINV-1,Payment Received,2023-01-09,Acme\n,,,\n\n`;
    const { log, rows, warnings } = await importCsv(await files.write('blank.csv', text));
    expect(rows).toBe(2);
    expect(caseEvents(log, 'INV-1')).toHaveLength(2);
    expect(warnings).toEqual(['2 row(s) with no values were skipped']);

    const headerOnly = await importCsv(await files.write('header-only.csv', `${HEADER}\n`));
    expect(headerOnly.rows).toBe(0);
    expect(headerOnly.log.caseIds).toEqual([]);
    expect(headerOnly.warnings).toEqual(['the file has a header but no data rows']);
  });

  it('honours an Excel "sep=" first line, and a trailing delimiter adds no attribute', async () => {
    const text = `sep=;\r\nInvoiceNumber;ActivityName;EventTime;CustomerName;\r\nINV-1;Invoice Posted;2023-01-01;Acme, Inc.;\r\nINV-1;Payment Received;2023-01-09;Acme, Inc.;\r\n`;
    const { log } = await importCsv(await files.write('sep.csv', text));
    expect(caseValue(log, 'CustomerName', 'INV-1')).toBe('Acme, Inc.');
    expect([...log.caseAttributes.keys(), ...log.eventAttributes.keys()]).toEqual(['CustomerName']);
    // Rows are still counted from the header, lines from the top of the file.
    const broken = await importError(importCsv(await files.write('sep-broken.csv', `${text}INV-1;Payment Applied to Invoice;2023-01-10;"Acme\r\n`)));
    expect(broken.details).toMatchObject({ row: 3, line: 5 });
  });

  it('accepts a last line without a line break, a given delimiter, and reports progress up to the whole file', async () => {
    const text = `InvoiceNumber|ActivityName|EventTime|Note\nINV-1|Invoice Posted|2023-01-01|a,b\nINV-1|Payment Received|2023-01-09|c;d`;
    const path = await files.write('pipe.txt', text);
    const seen: ImportProgress[] = [];
    const { log } = await importCsv(path, { delimiter: '|', onProgress: (p) => seen.push(p) });
    expect(eventValues(log, 'Note', 'INV-1')).toEqual(['a,b', 'c;d']);
    expect(seen.at(-1)).toEqual({ bytesRead: Buffer.byteLength(text), totalBytes: Buffer.byteLength(text), events: 2 });
  });

  it('reads fields that span 1 MB chunks, multi-byte characters included, in a long file', async () => {
    const rows: string[] = [];
    const notes: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      // Varying lengths move the chunk boundaries through every kind of field.
      const note = i % 3 === 0 ? `"Zahlung, ""bestätigt""\n€ ${'x'.repeat(i % 97)} 🙂"` : `Note ${'é'.repeat(i % 41)} ${i}`;
      notes.push(i % 3 === 0 ? `Zahlung, "bestätigt"\n€ ${'x'.repeat(i % 97)} 🙂` : `Note ${'é'.repeat(i % 41)} ${i}`);
      rows.push(`INV-${Math.floor(i / 3)},Step ${i % 3},2023-01-01T00:00:${String(i % 3).padStart(2, '0')}Z,${note},${i}.5`);
    }
    const text = `${HEADER},Note,InvoiceAmount\r\n${rows.join('\r\n')}\r\n`;
    expect(Buffer.byteLength(text)).toBeGreaterThan(2.5 * (1 << 20));
    const { log, rows: count } = await importCsv(await files.write('long.csv', text));
    expect(count).toBe(30_000);
    expect(log.caseIds).toHaveLength(10_000);
    const got: unknown[] = [];
    for (let c = 0; c < 10_000; c++) got.push(...eventValues(log, 'Note', `INV-${c}`));
    expect(got).toEqual(notes);
    // InvoiceAmount varies within each invoice: kept per event as well.
    expect(eventValues(log, 'InvoiceAmount', 'INV-9999')).toEqual([29_997.5, 29_998.5, 29_999.5]);
  });

  it('stops when the signal is aborted', async () => {
    const path = await files.write('abort.csv', `${HEADER}\nINV-1,A,2023-01-01\n`);
    const controller = new AbortController();
    controller.abort();
    await expect(importCsv(path, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('importCsv: broken files', () => {
  it('names row, line, column and value of a bad date', async () => {
    const text = `${HEADER},DueDate\nINV-1,Invoice Posted,2023-01-01,2023-01-31\nINV-1,Reminder Sent,2023-02-03,2023-02-30\n`;
    const error = await importError(importCsv(await files.write('bad-date.csv', text), { displayName: 'my export.csv' }));
    expect(error.details).toMatchObject({ file: 'my export.csv', row: 2, line: 3, column: '4 (DueDate)', field: 'DueDate', value: '2023-02-30' });
    expect(error.message).toContain('my export.csv, row 2, line 3, column 4 (DueDate)');
    expect(error.message).toContain('found "2023-02-30"');
    expect(error.message).toContain('ISO-8601');
  });

  it('refuses an empty EventTime, InvoiceNumber or ActivityName', async () => {
    const cases: [string, string][] = [
      ['INV-1,Invoice Posted,', '3 (EventTime)'],
      [',Invoice Posted,2023-01-01', '1 (InvoiceNumber)'],
      ['INV-1,,2023-01-01', '2 (ActivityName)'],
    ];
    for (const [row, column] of cases) {
      const error = await importError(importCsv(await files.write('empty-required.csv', `${HEADER}\nINV-1,A,2023-01-01\n${row}\n`)));
      expect(error.details, row).toMatchObject({ row: 2, line: 3, column });
    }
  });

  it('lists the headers found when a required column is missing', async () => {
    const error = await importError(importCsv(await files.write('missing.csv', 'InvoiceNumber,ActivityName,Date\nINV-1,A,2023-01-01\n')));
    expect(error.details.field).toBe('EventTime');
    expect(error.message).toContain('a column named EventTime');
    expect(error.message).toContain('"InvoiceNumber", "ActivityName", "Date"');
  });

  it('refuses duplicate headers and a mapping that names a missing header', async () => {
    const duplicate = await importError(importCsv(await files.write('dup.csv', `${HEADER},Region,region\nINV-1,A,2023-01-01,x,y\n`)));
    expect(duplicate.details).toMatchObject({ line: 1, column: '5 (region)' });
    expect(duplicate.message).toContain('4 (Region)');

    const mapped = await importError(importCsv(await files.write('map-missing.csv', 'Inv,ActivityName,EventTime\nI-1,A,2023-01-01\n'), { mapping: { case: 'Invoice' } }));
    expect(mapped.details).toMatchObject({ field: 'InvoiceNumber', value: 'Invoice' });
    expect(mapped.message).toContain('"Inv"');
  });

  it('names row, line and both counts for a row with the wrong number of fields', async () => {
    const text = `${HEADER},CustomerName\nINV-1,A,2023-01-01,Acme\nINV-1,B,2023-01-02,Acme, Inc.\n`;
    const error = await importError(importCsv(await files.write('fields.csv', text)));
    expect(error.details).toMatchObject({ row: 2, line: 3 });
    expect(error.message).toContain('4 fields as in the header row, but this row has 5');
  });

  it('names the line where an unclosed quote opens', async () => {
    const text = `${HEADER},Note\nINV-1,A,2023-01-01,fine\nINV-1,B,2023-01-02,"never closed\nINV-1,C,2023-01-03,x\nINV-1,D,2023-01-04,y\n`;
    const error = await importError(importCsv(await files.write('quote.csv', text)));
    expect(error.details).toMatchObject({ row: 2, line: 3 });
    expect(error.message).toContain('closing quote');
  });

  it('refuses numbers that are not plain decimals, naming row and column', async () => {
    for (const bad of ['"5,400.50"', 'abc', 'NaN', 'Infinity', '$12', '0x1F', '1e']) {
      const text = `${HEADER},InvoiceAmount\nINV-1,A,2023-01-01,1e3\nINV-1,B,2023-01-02,${bad}\n`;
      const error = await importError(importCsv(await files.write('amount.csv', text)));
      expect(error.details, bad).toMatchObject({ row: 2, line: 3, column: '4 (InvoiceAmount)', field: 'InvoiceAmount', value: bad.replaceAll('"', '') });
      expect(error.message).toContain('a number such as 5400.50');
    }
  });

  it('refuses text that is not UTF-8, naming the line', async () => {
    const bytes = Buffer.concat([Buffer.from(`${HEADER},CustomerName\nINV-1,A,2023-01-01,Acme\nINV-1,B,2023-01-02,M`), Buffer.from([0xfc]), Buffer.from('ller\n')]);
    const error = await importError(importCsv(await files.write('latin1.csv', bytes)));
    expect(error.details.line).toBe(3);
    expect(error.details.value).toBe('byte 0xFC');
    expect(error.message).toContain('expected UTF-8 or UTF-16 text');
  });

  it('refuses an empty file, a bad time format and an unusable delimiter', async () => {
    const empty = await importError(importCsv(await files.write('empty.csv', '')));
    expect(empty.message).toContain('header row');
    const path = await files.write('ok.csv', `${HEADER}\nINV-1,A,2023-01-01\n`);
    const format = await importError(importCsv(path, { timeFormat: 'DD/MM' }));
    expect(format.details).toMatchObject({ field: 'timeFormat', value: 'DD/MM' });
    const delimiter = await importError(importCsv(path, { delimiter: '""' }));
    expect(delimiter.details.field).toBe('delimiter');
  });
});

describe('value rules', () => {
  it('reads time formats token by token, fixed width only where tokens touch', () => {
    const read = (format: string, text: string) => {
      const t = compileTimeFormat(format)(text);
      return Number.isNaN(t) ? null : new Date(t).toISOString();
    };
    expect(read('YYYYMMDD', '20230305')).toBe('2023-03-05T00:00:00.000Z');
    expect(read('YYYYMMDD', '2023035')).toBeNull();
    expect(read('YYYY-MM-DD HH:mm:ss.SSS', '2023-03-05 10:11:12.5')).toBe('2023-03-05T10:11:12.500Z');
    expect(read('DD.MM.YYYY HH:mm', '29.02.2024 23:59')).toBe('2024-02-29T23:59:00.000Z');
    expect(read('DD.MM.YYYY HH:mm', '29.02.2023 23:59')).toBeNull();
    expect(read('DD/MM/YYYY HH:mm', '24/07/2006 24:00')).toBeNull();
    expect(read('DD/MM/YYYY HH:mm', '24/07/2006 14:30x')).toBeNull();
    expect(read('HH:mm DD/MM/YYYY', '14:30 24/07/2006')).toBe('2006-07-24T14:30:00.000Z');
    expect(() => compileTimeFormat('DD/MM')).toThrow(TimeFormatError);
    expect(() => compileTimeFormat('YYYY-MM-DD mm')).toThrow('no hours');
    expect(() => compileTimeFormat('YYYY-MM-DD DD')).toThrow('twice');
  });

  it('takes plain decimals only', () => {
    expect(['5400.50', '-12', '1e3', '+.5', ' 7 ', '1E-2'].map(parseDecimal)).toEqual([5400.5, -12, 1000, 0.5, 7, 0.01]);
    for (const bad of ['', '.', '-', '1e', '5,400.50', '5400,50', '0x1F', 'NaN', 'Infinity', '1e999', '1 2', '--1', '1.2.3', '€5']) {
      expect(parseDecimal(bad), bad).toBeNaN();
    }
  });
});

describe('CsvParser', () => {
  const TRICKY = 'a,"b,""c""\r\nd",e\r\n\r\n"",f ,  g\rh,"i"x,j\n"k\n",,\n last,"l""",';

  function parse(chunks: string[]): [string[], number][] {
    const records: [string[], number][] = [];
    const parser = new CsvParser(',', (fields, count, line) => records.push([fields.slice(0, count), line]), 'test.csv');
    for (const chunk of chunks) parser.push(chunk);
    parser.end();
    return records;
  }

  it('parses RFC 4180 records with their start lines', () => {
    expect(parse([TRICKY])).toEqual([
      [['a', 'b,"c"\r\nd', 'e'], 1],
      [['', 'f', 'g'], 4],
      [['h', 'ix', 'j'], 5],
      [['k\n', '', ''], 6],
      [['last', 'l"', ''], 8],
    ]);
  });

  it('gives the same records for every way of cutting the text into chunks', () => {
    const whole = parse([TRICKY]);
    for (let size = 1; size <= 9; size++) {
      const chunks: string[] = [];
      for (let i = 0; i < TRICKY.length; i += size) chunks.push(TRICKY.slice(i, i + size));
      expect(parse(chunks), `chunks of ${size}`).toEqual(whole);
    }
  });
});

describe('readMappingFile, detectFormat and importFile', () => {
  it('reads a mapping file and applies it', async () => {
    const mappingPath = await files.write(
      'mapping.json',
      JSON.stringify({ case: 'Beleg', activity: 'Schritt', time: 'Zeit', columns: { Kunde: 'CustomerName' }, timeFormat: 'DD.MM.YYYY HH:mm', delimiter: ';' }),
    );
    const options = await readMappingFile(mappingPath);
    expect(options).toEqual({
      mapping: { case: 'Beleg', activity: 'Schritt', time: 'Zeit', columns: { Kunde: 'CustomerName' } },
      timeFormat: 'DD.MM.YYYY HH:mm',
      delimiter: ';',
    });
    const csv = await files.write('german.csv', 'Beleg;Schritt;Zeit;Kunde\nR-1;Rechnung gebucht;01.02.2023 08:15;Kühne AG\n');
    const { log } = await importFile(csv, options);
    expect(caseEvents(log, 'R-1')).toMatchObject([{ activity: 'Rechnung gebucht', time: '2023-02-01T08:15:00.000Z' }]);
    expect(caseValue(log, 'CustomerName', 'R-1')).toBe('Kühne AG');
  });

  it('refuses a mapping file with bad JSON, unknown keys or wrong values', async () => {
    const bad: [string, string][] = [
      ['{"case": "A",', 'JSON'],
      ['["case"]', 'a JSON object'],
      ['{"Case": "A"}', 'only the keys'],
      ['{"case": 3}', 'a non-empty text'],
      ['{"columns": {"A": ""}}', 'a template column name'],
      ['{"timeFormat": "YYYY-MM"}', 'a time format'],
      ['{"delimiter": ";;"}', 'a single character'],
    ];
    for (const [content, expected] of bad) {
      const error = await importError(readMappingFile(await files.write('bad-mapping.json', content)));
      expect(error.message, content).toContain(expected);
      expect(error.details.file).toBe('bad-mapping.json');
    }
  });

  it('picks the importer by extension', async () => {
    expect(detectFormat('/x/Events.CSV')).toBe('csv');
    expect(detectFormat('a.tsv')).toBe('csv');
    expect(detectFormat('a.txt')).toBe('csv');
    expect(detectFormat('a.xlsx')).toBe('xlsx');
    expect(detectFormat('a.xes')).toBe('xes');
    expect(detectFormat('a.XES.gz')).toBe('xes');
    const error = await importError(Promise.resolve().then(() => detectFormat('old.xls')));
    expect(error.message).toContain('.xlsx');
    const csv = await files.write('no-extension', `${HEADER}\nINV-1,A,2023-01-01\n`);
    expect((await importFile(csv, { format: 'csv' })).log.caseIds).toEqual(['INV-1']);
  });
});
