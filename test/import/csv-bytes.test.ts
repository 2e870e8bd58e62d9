import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { importCsv } from '../../api/adapters/import/csv.ts';
import { ImportError } from '../../api/adapters/import/import-error.ts';
import type { ImportOptions } from '../../api/adapters/import/options.ts';
import { valueAt } from '../../api/engine/log/columns.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';
import { caseValue, eventValues, importError, tempDir, utc } from './log-view.ts';

/**
 * UTF-8 files are read from their bytes (ByteCsvReader, ByteRowWriter); UTF-16 files from
 * decoded text (CsvParser, EventRowWriter). The same text in both encodings must give the same
 * log, or the same error word for word: these tests hold the byte path to the text path.
 */
const files = tempDir('csv-bytes-');

/** The importer reads 1 MiB at a time. */
const CHUNK = 1 << 20;
const HEADER = 'InvoiceNumber,ActivityName,EventTime,CustomerName,InvoiceAmount,DueDate,Note';

function utf16(text: string): Buffer {
  return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
}

/** Everything a log holds, as plain values. */
function snapshot(log: EventLog): unknown {
  const columns = (map: EventLog['eventAttributes'], rows: number) =>
    Object.fromEntries([...map].sort(([a], [b]) => (a < b ? -1 : 1)).map(([name, column]) => [name, [column.kind, Array.from({ length: rows }, (_, r) => valueAt(column, r))]]));
  return {
    caseIds: log.caseIds,
    activities: log.activities,
    caseOffsets: Array.from(log.caseOffsets),
    activity: Array.from(log.activity),
    time: Array.from(log.time),
    lastDataUpdate: log.lastDataUpdate,
    events: columns(log.eventAttributes, log.time.length),
    cases: columns(log.caseAttributes, log.caseIds.length),
  };
}

type Outcome = { log: unknown; rows: number; warnings: string[] } | { error: string };

async function outcome(path: string, options: ImportOptions): Promise<Outcome> {
  try {
    const { log, rows, warnings } = await importCsv(path, { displayName: 'events.csv', ...options });
    return { log: snapshot(log), rows, warnings };
  } catch (error) {
    if (error instanceof ImportError) return { error: error.message };
    throw error;
  }
}

let fileNumber = 0;

/** Imports `text` as UTF-8 and as UTF-16, expects the same outcome, and returns it. */
async function bothWays(text: string, options: ImportOptions = {}): Promise<Outcome> {
  const n = fileNumber++;
  const fromBytes = await outcome(await files.write(`${n}-utf8.csv`, text), options);
  const fromText = await outcome(await files.write(`${n}-utf16.csv`, utf16(text)), options);
  expect(fromBytes).toEqual(fromText);
  return fromBytes;
}

function filler(n: number): string {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const invoice = `INV-${Math.floor(i / 6)}`;
    rows.push(`${invoice},Step ${i % 6},2023-01-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00Z,Customer ${Math.floor(i / 6) % 50},${100 + (Math.floor(i / 6) % 7)}.50,2023-02-01,`);
  }
  return rows.join('\n');
}

/**
 * A file whose `special` text starts `before` bytes ahead of the first chunk boundary: the
 * header, filler rows, a padding row of the right length, then `special` and `after`.
 */
function straddling(special: string, before: number, after = ''): string {
  const head = `${HEADER}\n${filler(3000)}\n`;
  const padStart = 'INV-P,Padding,2023-01-01T00:00:00Z,Pad,1,2023-02-01,';
  const room = CHUNK - before - Buffer.byteLength(head) - Buffer.byteLength(padStart) - 1;
  expect(room).toBeGreaterThan(0);
  return `${head}${padStart}${'x'.repeat(room)}\n${special}${after}`;
}

describe('importCsv from bytes: the same log as from text', () => {
  it('reads quoted fields, line breaks and characters that straddle a chunk boundary', async () => {
    const quoted = 'INV-Q,Note Added,2023-03-01T10:00:00Z,"Müller, ""Sohn""",12.5,2023-04-01,"line one\r\nline two\nline ""three"""\n';
    const tail = `INV-Q,Paid,2023-03-02T10:00:00Z,"Müller, ""Sohn""",12.5,2023-04-01,done\n${filler(50)}\n`;
    for (let before = 0; before <= quoted.length; before += 7) {
      const result = await bothWays(straddling(quoted, before, tail));
      expect('error' in result, `boundary ${before} bytes into the quoted row`).toBe(false);
    }
    const { log } = await importCsv(await files.write('quoted.csv', straddling(quoted, 40, tail)));
    expect(eventValues(log, 'Note', 'INV-Q')).toEqual(['line one\r\nline two\nline "three"', 'done']);
    expect(caseValue(log, 'CustomerName', 'INV-Q')).toBe('Müller, "Sohn"');
  });

  it('reads CRLF split by the boundary, and characters of 2 to 4 bytes split by it', async () => {
    const crlf = straddling('', 0).replace(/\n$/, '\r\n') + `INV-C,After,2023-03-01T00:00:00Z,C,1,2023-02-01,\r\n${filler(10).replaceAll('\n', '\r\n')}\r\n`;
    expect(Buffer.from(crlf).subarray(CHUNK - 1, CHUNK + 1).toString('latin1')).toBe('\r\n');
    await bothWays(crlf);
    for (const name of ['é', '東', '😀']) {
      for (let cut = 1; cut < Buffer.byteLength(name); cut++) {
        const row = `INV-U,Posted,2023-03-01T00:00:00Z,${name}${name},1,2023-02-01,\n`;
        const before = 'INV-U,Posted,2023-03-01T00:00:00Z,'.length + Buffer.byteLength(name) + cut;
        const result = await bothWays(straddling(row, before, filler(5)));
        expect('error' in result).toBe(false);
      }
    }
  });

  it('reads the cells its byte fast path leaves to the general one', async () => {
    const text = [
      '\ufeffInvoiceNumber,ActivityName,EventTime,CustomerName,InvoiceAmount,DueDate,Note,LastDataUpdate',
      'INV-1,Posted,2023-03-01T09:00:00Z,Acme Ltd,100.50,2023-04-01,a,2023-06-01T00:00:00Z',
      // Equal to the row before but for one byte, in text, number and time columns.
      'INV-1,Posted,2023-03-01T09:00:01Z,Acme Ltc,100.51,2023-04-02,b,2023-06-01T00:00:00Z',
      // Signs, exponents, more digits than a double holds exactly, padding, quotes.
      'INV-1,Sign,2023-03-01T09:00:02Z,  Acme Ltd  ,+12,2023-04-01,"quoted ""x"" then"after,2023-06-01T00:00:01Z',
      'INV-1,Exp,2023-03-01T09:00:03Z,"Acme Ltd",1.5e3,2023-04-01,in"side,',
      'INV-1,Neg,2023-03-01T09:00:04Z,Acme Ltd,-0.5,2023-04-01," ",',
      'INV-1,Long,2023-03-01T09:00:05Z,Acme Ltd,12345678901234567.25,2023-04-01,"",',
      'INV-1,Point,2023-03-01T09:00:06Z,Acme Ltd,.5,2023-04-01,\u00a0,',
      'INV-1,Exp2,2023-03-01T09:00:07Z,Acme Ltd,"7E-2",2023-04-01,\t,',
      '',
      '   ',
      ',,,,,,,',
      // Instants the fast path does not take: fractions, offsets, lower-case z, a custom format.
      'INV-2,Frac,2023-03-01T09:00:00.250Z,Beta,1,2023-04-01T00:00:00+02:00,,',
      'INV-2,Offset,2023-03-01T09:00:00-0130,Beta,1,2023-04-01T00:00,,',
      'INV-2,Lower,2023-03-01t09:00:00z,Beta,1,2023-04-01 00:00:00,,',
      'INV-2,Custom,02/03/2023 10:30,Beta,1,31/03/2023,,',
      'INV-2,Midnight,2023-03-02T24:00:00Z,Beta,1,2023-04-01,,',
      'INV-2,Leap,2024-02-29T00:00:00Z,Beta,1,2023-04-01,,',
      '',
    ].join('\r\n');
    const result = await bothWays(text, { timeFormat: 'DD/MM/YYYY HH:mm' });
    expect('error' in result).toBe(false);
    const { log, rows, warnings } = await importCsv(await files.write('fallbacks.csv', text), { timeFormat: 'DD/MM/YYYY HH:mm' });
    expect(rows).toBe(14);
    expect(warnings).toContain('1 row(s) with no values were skipped');
    expect(eventValues(log, 'InvoiceAmount', 'INV-1')).toEqual([100.5, 100.51, 12, 1500, -0.5, 12345678901234567.25, 0.5, 0.07]);
    expect(eventValues(log, 'CustomerName', 'INV-1')).toEqual(['Acme Ltd', 'Acme Ltc', 'Acme Ltd', 'Acme Ltd', 'Acme Ltd', 'Acme Ltd', 'Acme Ltd', 'Acme Ltd']);
    expect(eventValues(log, 'Note', 'INV-1')).toEqual(['a', 'b', 'quoted "x" thenafter', 'in"side', ' ', null, '\u00a0', null]);
    expect(eventValues(log, 'DueDate', 'INV-1')[1]).toBe(utc('2023-04-02'));
    // Events in time order: Lower, Frac, Offset, Custom, Midnight, Leap.
    expect(eventValues(log, 'DueDate', 'INV-2')).toEqual([utc('2023-04-01'), utc('2023-03-31T22:00:00Z'), utc('2023-04-01'), utc('2023-03-31'), utc('2023-04-01'), utc('2023-04-01')]);
    expect(log.lastDataUpdate).toBe(utc('2023-06-01T00:00:01Z'));
  });

  it('words every error as the text path does, in the first chunk and after it', async () => {
    const late = (row: string) => `${HEADER}\n${filler(6000)}\n${row}\n${filler(3)}\n`;
    const early = (row: string) => `${HEADER}\n${filler(3)}\n${row}\n${filler(3)}\n`;
    const cases: [string, ImportOptions?][] = [];
    for (const at of [early, late]) {
      cases.push(
        [at('INV-X,Posted,2023-03-01T00:00:00Z,A,1.2.3,2023-04-01,')],
        [at('INV-X,Posted,2023-03-01T00:00:00Z,A,"5,400.50",2023-04-01,')],
        [at('INV-X,Posted,2023-03-01T00:00:00Z,A,1,2023-04-01')],
        [at('INV-X,Posted,2023-03-01T00:00:00Z,A,1,2023-04-01,,extra')],
        [at('INV-X,Posted,03/01/2023,A,1,2023-04-01,')],
        [at('INV-X,Posted,2023-02-30T00:00:00Z,A,1,2023-04-01,')],
        [at('INV-X,Posted,2023-03-01T00:00:00Z,A,1,2023-13-01,')],
        [at(',Posted,2023-03-01T00:00:00Z,A,1,2023-04-01,')],
        [at('"",Posted,2023-03-01T00:00:00Z,A,1,2023-04-01,')],
        [at('INV-X,,2023-03-01T00:00:00Z,A,1,2023-04-01,')],
        [at('INV-X,Posted,,A,1,2023-04-01,')],
        [at('INV-X,Posted,2023-03-01T00:00:00Z,A,1,2023-04-01,"never closed\nand on')],
        [at(`INV-X,Posted,2023-03-01T00:00:00Z,A,1,2023-04-01,${'y'.repeat(300)}`), { limits: { maxFieldChars: 200 } }],
        [at(`INV-X,Posted,2023-03-01T00:00:00Z,A,1,2023-04-01,"${'q'.repeat(150)}\n${'q'.repeat(150)}"`), { limits: { maxFieldChars: 200 } }],
      );
    }
    // A field too long that runs over the chunk boundary, quoted or not.
    cases.push([straddling(`INV-X,Posted,2023-03-01T00:00:00Z,A,1,2023-04-01,"${'z'.repeat(5000)}"\n`, 2000), { limits: { maxFieldChars: 3000 } }]);
    cases.push([straddling(`INV-X,Posted,2023-03-01T00:00:00Z,A,1,2023-04-01,${'z'.repeat(5000)}\n`, 2000), { limits: { maxFieldChars: 3000 } }]);
    cases.push([`${HEADER}\n${filler(3)}\nINV-X,Posted,2023-03-01T00:00:00Z,A,1,2023-04-01,"open`]);
    for (const [text, options] of cases) {
      const result = await bothWays(text, options);
      expect('error' in result, text.slice(-120)).toBe(true);
    }
    const error = await importError(importCsv(await files.write('late.csv', late('INV-X,Posted,2023-03-01T00:00:00Z,A,1.2.3,2023-04-01,'))));
    expect(error.details).toMatchObject({ row: 6001, line: 6002, column: '5 (InvoiceAmount)', value: '1.2.3' });
  });

  it('names the line of a byte that is not UTF-8, in a later chunk or cut off at the end', async () => {
    const text = straddling('', 0) + `${filler(20)}\nINV-B,Posted,2023-03-01T00:00:00Z,M`;
    const lines = text.split('\n').length;
    const bad = Buffer.concat([Buffer.from(text), Buffer.from([0xfc]), Buffer.from('ller,1,2023-04-01,\n')]);
    const error = await importError(importCsv(await files.write('latin1-late.csv', bad)));
    expect(error.details).toMatchObject({ line: lines, value: 'byte 0xFC' });
    expect(error.message).toContain('expected UTF-8 or UTF-16 text');
    const cut = Buffer.concat([Buffer.from(text), Buffer.from([0xc3])]);
    const end = await importError(importCsv(await files.write('cut.csv', cut)));
    expect(end.details).toMatchObject({ line: lines, value: undefined });
    // A character begun in one chunk and broken in the next.
    const head = Buffer.from(straddling('', 1));
    const broken = Buffer.concat([head.subarray(0, CHUNK - 1), Buffer.from([0xc3, 0x41]), Buffer.from(',x,2023-03-01T00:00:00Z,A,1,2023-04-01,\n')]);
    const split = await importError(importCsv(await files.write('split.csv', broken)));
    expect(split.message).toContain('expected UTF-8 or UTF-16 text');
  });

  it('finds an invoice again whether its number is written plain, quoted or padded, in either order', async () => {
    const rows = [
      'INV-1,A,2023-01-01T00:00:00Z,C,1,2023-02-01,',
      'INV-2,A,2023-01-02T00:00:00Z,C,1,2023-02-01,',
      'INV-1,B,2023-01-03T00:00:00Z,C,1,2023-02-01,',
      '"INV-3",A,2023-01-04T00:00:00Z,C,1,2023-02-01,',
      'INV-3,B,2023-01-05T00:00:00Z,C,1,2023-02-01,',
      '"INV-1",C,2023-01-06T00:00:00Z,C,1,2023-02-01,',
      '  INV-2 ,B,2023-01-07T00:00:00Z,C,1,2023-02-01,',
      'INV-4,A,2023-01-08T00:00:00Z,C,1,2023-02-01,',
      'INV-2,C,2023-01-09T00:00:00Z,C,1,2023-02-01,',
    ];
    const result = await bothWays(`${HEADER}\n${rows.join('\n')}\n`);
    const log = (result as { log: { caseIds: string[]; caseOffsets: number[] } }).log;
    expect(log.caseIds).toEqual(['INV-1', 'INV-2', 'INV-3', 'INV-4']);
    expect(log.caseOffsets).toEqual([0, 3, 6, 8, 9]);
  });

  it('gives the same outcome from bytes as from text for any small table', async () => {
    const cell = fc.stringMatching(/^[a-c1é"\r\n ,.:\-TZ]{0,6}$/);
    const row = fc.oneof(
      fc.array(cell, { minLength: 0, maxLength: 6 }).map((cells) => cells.join(',')),
      fc.tuple(fc.constantFrom('INV-1', 'INV-2', '"INV-1"', ' INV-2 '), fc.constantFrom('a', 'b', '"a"', ''), fc.constantFrom('2023-01-01', '2023-01-01T00:00:00Z', '2023-01-01 00:00', 'x', ''), cell, fc.constantFrom('1', '-1.5', '1e2', '', ' 2 ', '"3"')).map((cells) => cells.join(',')),
    );
    const table = fc.tuple(fc.array(row, { minLength: 0, maxLength: 8 }), fc.constantFrom('\n', '\r\n', '\r')).map(
      ([rows, eol]) => ['InvoiceNumber,ActivityName,EventTime,Note,InvoiceAmount', ...rows].join(eol),
    );
    await fc.assert(
      fc.asyncProperty(table, async (text) => {
        await bothWays(text);
      }),
      { numRuns: 150 },
    );
  });
});
