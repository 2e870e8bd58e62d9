import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { constants, crc32, deflateRawSync, gzipSync } from 'node:zlib';
import yazl from 'yazl';
import type { ImportOptions } from '../../api/adapters/import/index.ts';

/**
 * Hostile input files, generated into a temporary folder at test time (none is committed; the
 * bombs are a few MB on disk and gigabytes inflated). Every entry says what the importer must
 * do with it: refuse it with an ImportError whose message names the problem (and where, when
 * the file has rows or lines), or read it and warn, or read it as the benign oddity it is.
 */
export type Expectation = 'error' | 'ok-with-warning' | 'ok';

export interface HostileEntry {
  /** Unique; format/what. */
  readonly name: string;
  readonly format: 'csv' | 'xlsx' | 'xes';
  /** Writes the file into `dir` and returns its path. */
  readonly make: (dir: string) => Promise<string>;
  readonly expect: Expectation;
  /** The error message (or, for ok-with-warning, a warning) must match. */
  readonly mustMention?: RegExp;
  /** Where the error must point: ImportError.details must match these. */
  readonly where?: { readonly row?: number; readonly line?: number; readonly column?: RegExp };
  readonly options?: ImportOptions;
  /** Inflates to far more than its size: memory is watched while it is refused. */
  readonly bomb?: boolean;
}

const HEADER = 'InvoiceNumber,ActivityName,EventTime,InvoiceAmount';
const ROWS = ['INV-1,Invoice Posted,2024-03-01T09:00:00Z,100.50', 'INV-1,Reminder Sent,2024-03-10T09:00:00Z,100.50', 'INV-2,Invoice Posted,2024-03-02T09:00:00Z,20'];
const MB = 1024 * 1024;

/** A small CSV file: the header, then `rows`, LF line ends. */
const csv = (rows: readonly string[], header = HEADER) => `${[header, ...rows].join('\n')}\n`;

function file(name: string, content: string | Buffer) {
  return async (dir: string): Promise<string> => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
}

/** The valid rows with row `index` (1-based data row) replaced. */
function withRow(index: number, row: string): string[] {
  return ROWS.map((r, i) => (i === index - 1 ? row : r));
}

/** A seeded pseudo-random generator: the garbage is the same on every run. */
function bytesOf(seed: number, length: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

// ---------------------------------------------------------------- CSV

const csvEntries: HostileEntry[] = [
  // Encodings
  {
    name: 'csv/invalid-utf8',
    format: 'csv',
    make: file('invalid-utf8.csv', Buffer.concat([Buffer.from(csv(ROWS.slice(0, 2))), Buffer.from([0x49, 0x4e, 0x56, 0x2d, 0x33, 0x2c, 0xc3, 0x28]), Buffer.from(',2024-03-02,1\n')])),
    expect: 'error',
    mustMention: /UTF-8/,
    where: { line: 4 },
  },
  {
    name: 'csv/windows-1252',
    format: 'csv',
    make: file('windows-1252.csv', Buffer.concat([Buffer.from(`${HEADER}\nINV-1,Relance envoy`), Buffer.from([0xe9]), Buffer.from('e,2024-03-01,1\n')])),
    expect: 'error',
    mustMention: /UTF-8.*CSV UTF-8|byte 0xE9/,
    where: { line: 2 },
  },
  {
    name: 'csv/mixed-encoding-after-2mb',
    format: 'csv',
    // Valid UTF-8 for two 1 MB chunks, then one Latin-1 byte: the error must count lines right.
    make: file(
      'mixed-encoding.csv',
      Buffer.concat([Buffer.from(csv(Array.from({ length: 40_000 }, (_, i) => `INV-${i},Invoice Posted,2024-03-01T09:00:00Z,${i}`))), Buffer.from('INV-X,Mahnung gepr'), Buffer.from([0xfc]), Buffer.from('ft,2024-03-01,1\n')]),
    ),
    expect: 'error',
    mustMention: /UTF-8/,
    where: { line: 40_002 },
  },
  {
    name: 'csv/utf16le-without-bom',
    format: 'csv',
    make: file('utf16le-no-bom.csv', Buffer.from(csv(ROWS), 'utf16le')),
    expect: 'ok',
  },
  {
    name: 'csv/utf16-cut-mid-character',
    format: 'csv',
    make: file('utf16-odd.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(ROWS), 'utf16le').subarray(0, -1)])),
    expect: 'error',
    mustMention: /UTF-16/,
  },
  {
    name: 'csv/utf16-lone-surrogate',
    format: 'csv',
    make: file('utf16-surrogate.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEADER}\nINV-1,Invoice Posted,2024-03-01,`, 'utf16le'), Buffer.from([0x00, 0xd8]), Buffer.from('1\n', 'utf16le')])),
    expect: 'error',
    mustMention: /UTF-16/,
  },
  {
    name: 'csv/binary-garbage',
    format: 'csv',
    make: file('garbage.csv', bytesOf(7, 256 * 1024)),
    expect: 'error',
  },
  {
    name: 'csv/png-renamed',
    format: 'csv',
    make: file('picture.csv', Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), bytesOf(11, 4096)])),
    expect: 'error',
  },
  // Byte order marks
  { name: 'csv/utf8-bom', format: 'csv', make: file('utf8-bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(ROWS))])), expect: 'ok' },
  { name: 'csv/utf16le-bom', format: 'csv', make: file('utf16le-bom.csv', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(csv(ROWS), 'utf16le')])), expect: 'ok' },
  {
    name: 'csv/utf16be-bom',
    format: 'csv',
    make: file('utf16be-bom.csv', Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(csv(ROWS), 'utf16le').swap16()])),
    expect: 'ok',
  },
  {
    name: 'csv/two-exports-concatenated',
    format: 'csv',
    // The second export's BOM and header land in the middle of the data.
    make: file('concatenated.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(ROWS)), Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(ROWS))])),
    expect: 'error',
    mustMention: /EventTime/,
    where: { row: 4, line: 5 },
  },
  // Line ends and quotes
  { name: 'csv/mixed-line-ends', format: 'csv', make: file('mixed-eol.csv', `${HEADER}\r\n${ROWS[0]}\n${ROWS[1]}\r${ROWS[2]}\r\n`), expect: 'ok' },
  {
    name: 'csv/unbalanced-quote',
    format: 'csv',
    make: file('unbalanced.csv', csv(withRow(2, 'INV-1,"Reminder Sent,2024-03-10T09:00:00Z,100.50'))),
    expect: 'error',
    mustMention: /closing quote/,
    where: { line: 3 },
  },
  {
    name: 'csv/truncated-mid-quote',
    format: 'csv',
    make: file('truncated.csv', `${csv(ROWS)}INV-3,"Dispute Registered`),
    expect: 'error',
    mustMention: /closing quote/,
    where: { row: 4, line: 5 },
  },
  { name: 'csv/stray-quote-inside-value', format: 'csv', make: file('stray-quote.csv', csv(withRow(2, 'INV-1,Reminder "urgent" Sent,2024-03-10T09:00:00Z,100.50'))), expect: 'ok' },
  {
    name: 'csv/extra-delimiter',
    format: 'csv',
    make: file('extra-field.csv', csv(withRow(2, 'INV-1,Reminder Sent,2024-03-10T09:00:00Z,100,50'))),
    expect: 'error',
    mustMention: /4 fields/,
    where: { row: 2, line: 3 },
  },
  // Size of fields, lines and header
  {
    name: 'csv/10mb-quoted-field',
    format: 'csv',
    make: file('10mb-quoted.csv', csv(withRow(2, `INV-1,"${'x'.repeat(10 * MB)}",2024-03-10T09:00:00Z,1`))),
    expect: 'error',
    mustMention: /at most 1048576 characters/,
    where: { row: 2, line: 3 },
  },
  {
    name: 'csv/10mb-unquoted-line',
    format: 'csv',
    make: file('10mb-line.csv', csv(withRow(2, `INV-1,${'Reminder '.repeat((10 * MB) / 9)},2024-03-10T09:00:00Z,1`))),
    expect: 'error',
    mustMention: /at most 1048576 characters/,
    where: { row: 2, line: 3 },
  },
  {
    name: 'csv/10mb-line-of-tiny-fields',
    format: 'csv',
    make: file('10mb-fields.csv', csv([ROWS[0], `INV-1${',x'.repeat(5 * MB)}`])),
    expect: 'error',
    mustMention: /at most 65536 fields/,
    where: { row: 2, line: 3 },
  },
  {
    name: 'csv/20000-columns',
    format: 'csv',
    make: file('wide.csv', csv([`${ROWS[0]}${',v'.repeat(19_996)}`], `${HEADER}${Array.from({ length: 19_996 }, (_, i) => `,Extra${i}`).join('')}`)),
    expect: 'error',
    mustMention: /at most 4096 columns; the header row has 20000/,
    where: { line: 1 },
  },
  {
    name: 'csv/3000-columns-below-limit',
    format: 'csv',
    make: file('wide-ok.csv', csv(ROWS.map((r) => `${r}${',v'.repeat(2996)}`), `${HEADER}${Array.from({ length: 2996 }, (_, i) => `,Extra${i}`).join('')}`)),
    expect: 'ok',
  },
  // Dates and time zones
  {
    name: 'csv/ambiguous-date',
    format: 'csv',
    make: file('ambiguous-date.csv', csv(withRow(1, 'INV-1,Invoice Posted,03/04/2024,100.50'))),
    expect: 'error',
    mustMention: /03\/04\/2024.*DD\/MM\/YYYY or MM\/DD\/YYYY/,
    where: { row: 1, line: 2, column: /EventTime/ },
  },
  {
    name: 'csv/ambiguous-date-with-format',
    format: 'csv',
    make: file('ambiguous-date-ok.csv', csv(ROWS.map((r) => r.replace(/2024-03-(\d\d)T09:00:00Z/, '$1/03/2024')))),
    options: { timeFormat: 'DD/MM/YYYY' },
    expect: 'ok',
  },
  {
    name: 'csv/impossible-date-for-format',
    format: 'csv',
    make: file('bad-for-format.csv', csv(withRow(3, 'INV-2,Invoice Posted,13/13/2024,20'))),
    options: { timeFormat: 'DD/MM/YYYY' },
    expect: 'error',
    mustMention: /format DD\/MM\/YYYY/,
    where: { row: 3, column: /EventTime/ },
  },
  ...['2024-03-04T10:00:00 CET', '2024-03-04T10:00:00PST', '2024-03-04T10:00:00+25:00', '2024-03-04T10:00:00Z+01:00'].map(
    (value, i): HostileEntry => ({
      name: `csv/unknown-zone-${i + 1}`,
      format: 'csv',
      make: file(`zone-${i + 1}.csv`, csv(withRow(2, `INV-1,Reminder Sent,${value},100.50`))),
      expect: 'error',
      mustMention: /ISO-8601/,
      where: { row: 2, column: /EventTime/ },
    }),
  ),
  ...['0000-01-01', '0001-01-01T00:00:00Z', '10000-01-01', '2024-02-30', '2024-13-01', '2024-03-04T24:30:00Z'].map(
    (value, i): HostileEntry => ({
      name: `csv/impossible-date-${i + 1}`,
      format: 'csv',
      make: file(`date-${i + 1}.csv`, csv(withRow(1, `INV-1,Invoice Posted,${value},100.50`))),
      expect: 'error',
      mustMention: new RegExp(`found "${value.replace(/[+.]/g, '\\$&')}"`),
      where: { row: 1, column: /EventTime/ },
    }),
  ),
  // Amounts
  ...['NaN', 'Infinity', '-Infinity', '1e400', '"5,400.50"', '0x1F'].map(
    (value, i): HostileEntry => ({
      name: `csv/bad-amount-${i + 1}`,
      format: 'csv',
      make: file(`amount-${i + 1}.csv`, csv(withRow(3, `INV-2,Invoice Posted,2024-03-02T09:00:00Z,${value}`))),
      expect: 'error',
      mustMention: /expected a number/,
      where: { row: 3, line: 4, column: /InvoiceAmount/ },
    }),
  ),
  // Duplicates and emptiness
  {
    name: 'csv/duplicate-rows',
    format: 'csv',
    make: file('duplicates.csv', csv([...ROWS, ROWS[1], ROWS[1], ROWS[2]])),
    expect: 'ok-with-warning',
    mustMention: /^3 event\(s\) repeat an earlier event/,
  },
  { name: 'csv/empty-file', format: 'csv', make: file('empty.csv', ''), expect: 'error', mustMention: /header row/ },
  { name: 'csv/header-only', format: 'csv', make: file('header-only.csv', `${HEADER}\n`), expect: 'ok-with-warning', mustMention: /no data rows/ },
  {
    name: 'csv/duplicate-header',
    format: 'csv',
    make: file('duplicate-header.csv', csv(ROWS.map((r) => `${r},x`), `${HEADER},invoiceamount`)),
    expect: 'error',
    mustMention: /each column name once/,
  },
  { name: 'csv/missing-time-column', format: 'csv', make: file('no-time.csv', 'InvoiceNumber,ActivityName\nINV-1,Invoice Posted\n'), expect: 'error', mustMention: /EventTime/ },
];

// ---------------------------------------------------------------- XLSX

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** The parts around the first sheet, in the order Excel writes them. */
const XLSX_PARTS: readonly [string, string][] = [
  [
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
  ],
  ['_rels/.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
  ['xl/workbook.xml', `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL_NS}"><sheets><sheet name="Events" sheetId="1" r:id="rId1"/></sheets></workbook>`],
  ['xl/_rels/workbook.xml.rels', `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`],
];
const SHEET = 'xl/worksheets/sheet1.xml';

function letters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = (n - 1 - r) / 26;
  }
  return s;
}

const escapeXml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** One sheet row: numbers as numbers, everything else as inline strings. */
function sheetRow(r: number, cells: readonly (string | number)[]): string {
  return `<row r="${r}">${cells
    .map((v, j) => (typeof v === 'number' ? `<c r="${letters(j)}${r}"><v>${v}</v></c>` : `<c r="${letters(j)}${r}" t="inlineStr"><is><t>${escapeXml(v)}</t></is></c>`))
    .join('')}</row>`;
}

function sheetXml(rows: readonly (readonly (string | number)[])[], doctype = ''): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>${doctype}<worksheet xmlns="${NS}"><sheetData>${rows.map((row, i) => sheetRow(i + 1, row)).join('')}</sheetData></worksheet>`;
}

const XLSX_HEADER = ['InvoiceNumber', 'ActivityName', 'EventTime', 'InvoiceAmount'];
const XLSX_ROWS: (string | number)[][] = [
  ['INV-1', 'Invoice Posted', '2024-03-01T09:00:00Z', 100.5],
  ['INV-1', 'Reminder Sent', '2024-03-10T09:00:00Z', 100.5],
  ['INV-2', 'Invoice Posted', '2024-03-02T09:00:00Z', 20],
];

/** A real workbook written with yazl (deflate level 9) around the given sheet XML. */
function yazlXlsx(sheet: string, extra: readonly [string, string][] = []): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of [...XLSX_PARTS, ...extra]) zip.addBuffer(Buffer.from(content), name, { compressionLevel: 9 });
  zip.addBuffer(Buffer.from(sheet), SHEET, { compressionLevel: 9 });
  zip.end();
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    zip.outputStream.on('data', (b: Buffer) => parts.push(b));
    zip.outputStream.on('end', () => resolve(Buffer.concat(parts)));
    zip.outputStream.on('error', reject);
  });
}

function xlsxFile(name: string, rows: readonly (readonly (string | number)[])[], doctype = '') {
  return async (dir: string) => file(name, await yazlXlsx(sheetXml(rows, doctype)))(dir);
}

/**
 * A zip written by hand, for what yazl will not write: a deflate stream assembled from one
 * compressed block repeated (each piece from a fresh compressor ends in a sync flush, so the
 * pieces concatenate into one valid stream), and directories that lie. yazl takes ~6 s to
 * deflate and checksum a gigabyte; this takes well under one.
 */
interface HandEntry {
  readonly name: string;
  readonly data: Buffer;
  readonly crc: number;
  readonly size: number;
  /** What the directory and local header claim (default: the truth). */
  readonly claimedSize?: number;
}

function handZip(entries: readonly HandEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name);
    const size = entry.claimedSize ?? entry.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(entry.crc >>> 0, 14);
    local.writeUInt32LE(entry.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(entry.crc >>> 0, 16);
    central.writeUInt32LE(entry.data.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, entry.data);
    centrals.push(central, name);
    offset += 30 + name.length + entry.data.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(entries.length, 8);
  eocd.writeUInt16LE(entries.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, eocd]);
}

function deflatedEntry(name: string, content: string): HandEntry {
  const data = Buffer.from(content);
  return { name, data: deflateRawSync(data, { level: 9 }), crc: crc32(data), size: data.length };
}

/** A sheet of `blocks` MiB of identical rows after a valid header: a real sheet, just endless. */
function bombSheet(blocks: number): HandEntry {
  const head = Buffer.from(`<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="${NS}"><sheetData>${sheetRow(1, XLSX_HEADER)}`);
  const row = sheetRow(2, XLSX_ROWS[0]);
  const block = Buffer.from(row.repeat(Math.floor(MB / row.length)));
  const tail = Buffer.from('</sheetData></worksheet>');
  const sync = { level: 9, finishFlush: constants.Z_SYNC_FLUSH };
  const packedBlock = deflateRawSync(block, sync);
  const pieces = [deflateRawSync(head, sync)];
  let crc = crc32(head);
  for (let i = 0; i < blocks; i++) {
    pieces.push(packedBlock);
    crc = crc32(block, crc);
  }
  pieces.push(deflateRawSync(tail, { level: 9 }));
  crc = crc32(tail, crc);
  return { name: SHEET, data: Buffer.concat(pieces), crc, size: head.length + blocks * block.length + tail.length };
}

const xlsxEntries: HostileEntry[] = [
  { name: 'xlsx/control', format: 'xlsx', make: xlsxFile('control.xlsx', [XLSX_HEADER, ...XLSX_ROWS]), expect: 'ok' },
  {
    name: 'xlsx/zip-bomb',
    format: 'xlsx',
    // 1.5 GiB of sheet XML from ~5 MB: refused from the directory, before anything inflates.
    make: async (dir) => file('zip-bomb.xlsx', handZip([...XLSX_PARTS.map(([n, c]) => deflatedEntry(n, c)), bombSheet(1536)]))(dir),
    expect: 'error',
    mustMention: /zip bomb/,
    bomb: true,
  },
  {
    name: 'xlsx/zip-bomb-lying-directory',
    format: 'xlsx',
    // The directory says 40 kB; the data inflates to 256 MiB.
    make: async (dir) => {
      const sheet = bombSheet(256);
      return file('zip-bomb-liar.xlsx', handZip([...XLSX_PARTS.map(([n, c]) => deflatedEntry(n, c)), { ...sheet, claimedSize: 40_000 }]))(dir);
    },
    expect: 'error',
    mustMention: /claims 40000 bytes but inflates to more/,
    bomb: true,
  },
  {
    name: 'xlsx/zip-bomb-hidden-entry',
    format: 'xlsx',
    // A second sheet body between two listed entries, which a front-to-back reader would meet.
    make: async (dir) => {
      const parts = XLSX_PARTS.map(([n, c]) => deflatedEntry(n, c));
      const zip = handZip([...parts, deflatedEntry(SHEET, sheetXml([XLSX_HEADER, ...XLSX_ROWS]))]);
      const hidden = handZip([bombSheet(64)]);
      const cut = hidden.length - 22 - 46 - SHEET.length; // its local header and data only
      // Splice the hidden entry in front and shift the listed offsets by its length.
      const shifted = Buffer.from(zip);
      const eocd = shifted.length - 22;
      const cdOffset = shifted.readUInt32LE(eocd + 16);
      for (let p = cdOffset; p < eocd; p += 46 + shifted.readUInt16LE(p + 28)) shifted.writeUInt32LE(shifted.readUInt32LE(p + 42) + cut, p + 42);
      shifted.writeUInt32LE(cdOffset + cut, eocd + 16);
      return file('zip-bomb-hidden.xlsx', Buffer.concat([hidden.subarray(0, cut), shifted]))(dir);
    },
    expect: 'error',
    mustMention: /unlisted data/,
    bomb: true,
  },
  {
    name: 'xlsx/truncated',
    format: 'xlsx',
    make: async (dir) => {
      const whole = await yazlXlsx(sheetXml([XLSX_HEADER, ...XLSX_ROWS]));
      return file('truncated.xlsx', whole.subarray(0, Math.floor(whole.length / 2)))(dir);
    },
    expect: 'error',
    mustMention: /cut off/,
  },
  {
    name: 'xlsx/truncated-inside-sheet',
    format: 'xlsx',
    // The end record is kept but the sheet's bytes are not all there: the directory points past them.
    make: async (dir) => {
      const whole = await yazlXlsx(sheetXml([XLSX_HEADER, ...XLSX_ROWS, ...Array.from({ length: 2000 }, (_, i) => [`INV-${i}`, 'Invoice Posted', '2024-03-01T09:00:00Z', i])]));
      const eocd = whole.subarray(whole.length - 22);
      const cdOffset = eocd.readUInt32LE(16);
      const cd = whole.subarray(cdOffset, whole.length - 22);
      const cutAt = cdOffset - 500;
      const moved = Buffer.from(eocd);
      moved.writeUInt32LE(cutAt, 16);
      return file('truncated-sheet.xlsx', Buffer.concat([whole.subarray(0, cutAt), cd, moved]))(dir);
    },
    expect: 'error',
    mustMention: /runs into it|not where it says|does not inflate/,
  },
  { name: 'xlsx/csv-renamed', format: 'xlsx', make: file('not-a-zip.xlsx', csv(ROWS)), expect: 'error', mustMention: /zip archive/ },
  { name: 'xlsx/empty-file', format: 'xlsx', make: file('empty.xlsx', ''), expect: 'error', mustMention: /complete \.xlsx/ },
  {
    name: 'xlsx/xxe',
    format: 'xlsx',
    make: async (dir) => {
      const doctype = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>';
      const sheet = sheetXml([XLSX_HEADER, ['INV-1', 'Invoice Posted', '2024-03-01T09:00:00Z', 1]], doctype).replace('<t>INV-1</t>', '<t>&xxe;</t>');
      return file('xxe.xlsx', await yazlXlsx(sheet))(dir);
    },
    expect: 'error',
    // Whatever the reason given, the file's content must never be read into a value.
    mustMention: /^(?![\s\S]*root:)[\s\S]*$/,
  },
  {
    name: 'xlsx/billion-laughs',
    format: 'xlsx',
    make: async (dir) => {
      const entities = ['<!ENTITY lol "lol">', ...Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`)];
      const sheet = sheetXml([XLSX_HEADER, ['INV-1', 'Invoice Posted', '2024-03-01T09:00:00Z', 1]], `<!DOCTYPE worksheet [${entities.join('')}]>`).replace('<t>INV-1</t>', '<t>&lol9;</t>');
      return file('billion-laughs.xlsx', await yazlXlsx(sheet))(dir);
    },
    expect: 'error',
  },
  {
    name: 'xlsx/ambiguous-date',
    format: 'xlsx',
    make: xlsxFile('ambiguous-date.xlsx', [XLSX_HEADER, XLSX_ROWS[0], ['INV-1', 'Reminder Sent', '03/04/2024', 100.5]]),
    expect: 'error',
    mustMention: /DD\/MM\/YYYY or MM\/DD\/YYYY/,
    where: { row: 3, column: /^C \(EventTime\)$/ },
  },
  {
    name: 'xlsx/nan-amount',
    format: 'xlsx',
    make: xlsxFile('nan-amount.xlsx', [XLSX_HEADER, XLSX_ROWS[0], ['INV-1', 'Reminder Sent', '2024-03-10T09:00:00Z', 'NaN']]),
    expect: 'error',
    mustMention: /expected a number/,
    where: { row: 3, column: /^D \(InvoiceAmount\)$/ },
  },
  {
    name: 'xlsx/duplicate-rows',
    format: 'xlsx',
    make: xlsxFile('duplicates.xlsx', [XLSX_HEADER, ...XLSX_ROWS, XLSX_ROWS[0]]),
    expect: 'ok-with-warning',
    mustMention: /^1 event\(s\) repeat an earlier event/,
  },
  {
    name: 'xlsx/5000-columns',
    format: 'xlsx',
    make: xlsxFile('wide.xlsx', [[...XLSX_HEADER, ...Array.from({ length: 4996 }, (_, i) => `Extra${i}`)], XLSX_ROWS[0]]),
    expect: 'error',
    mustMention: /at most 4096 columns; the header row has 5000/,
    where: { row: 1 },
  },
  {
    name: 'xlsx/20000-columns',
    format: 'xlsx',
    // Past Excel's last column (XFD, 16,384): no spreadsheet program wrote this.
    make: xlsxFile('wider.xlsx', [[...XLSX_HEADER, ...Array.from({ length: 19_996 }, (_, i) => `Extra${i}`)], XLSX_ROWS[0]]),
    expect: 'error',
    mustMention: /column letter: XFE/,
  },
  {
    name: 'xlsx/sparse-far-columns',
    format: 'xlsx',
    // 4,000 columns, each filled on one row of 6,000: dense columns would make that 24 million cells.
    make: xlsxFile('sparse.xlsx', [
      [...XLSX_HEADER, ...Array.from({ length: 3996 }, (_, i) => `Extra${i}`)],
      ...Array.from({ length: 6000 }, (_, i) => {
        const row: (string | number)[] = [`INV-${i}`, 'Invoice Posted', '2024-03-01T09:00:00Z', i];
        if (i < 3996) row[4 + i] = 'v';
        return row;
      }),
    ]),
    expect: 'error',
    mustMention: /attributes that most rows share/,
  },
];

// ---------------------------------------------------------------- XES

const XES_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<log xes.version="1.0">\n';
const xesEvent = (activity: string, time: string, extra = '') =>
  `<event><string key="concept:name" value="${activity}"/><date key="time:timestamp" value="${time}"/>${extra}</event>`;
const xesTrace = (caseId: string, events: readonly string[]) => `<trace><string key="concept:name" value="${caseId}"/>\n${events.join('\n')}\n</trace>\n`;
const xes = (traces: readonly string[]) => `${XES_HEAD}${traces.join('')}</log>\n`;
const GOOD_TRACES = [
  xesTrace('INV-1', [xesEvent('Invoice Posted', '2024-03-01T09:00:00Z'), xesEvent('Reminder Sent', '2024-03-10T09:00:00Z')]),
  xesTrace('INV-2', [xesEvent('Invoice Posted', '2024-03-02T09:00:00Z')]),
];
const withAmount = (value: string) => xes([xesTrace('INV-1', [xesEvent('Invoice Posted', '2024-03-01T09:00:00Z', `<float key="InvoiceAmount" value="${value}"/>`)])]);

/** A gzip file of several members (gunzip reads them as one stream): `repeat` copies of one member. */
function gzipMembers(head: string, body: string, repeat: number, tail = ''): Buffer {
  const member = gzipSync(Buffer.from(body), { level: 9 });
  return Buffer.concat([gzipSync(head), ...Array.from({ length: repeat }, () => member), ...(tail ? [gzipSync(tail)] : [])]);
}

const xesEntries: HostileEntry[] = [
  { name: 'xes/control', format: 'xes', make: file('control.xes', xes(GOOD_TRACES)), expect: 'ok' },
  {
    name: 'xes/xxe',
    format: 'xes',
    make: file('xxe.xes', `<?xml version="1.0"?>\n<!DOCTYPE log [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<log><trace><string key="concept:name" value="&xxe;"/></trace></log>`),
    expect: 'error',
    mustMention: /without a DOCTYPE/,
    where: { line: 2 },
  },
  {
    name: 'xes/billion-laughs',
    format: 'xes',
    make: file(
      'billion-laughs.xes',
      `<?xml version="1.0"?>\n<!DOCTYPE log [\n<!ENTITY lol "lol">\n${Array.from({ length: 9 }, (_, i) => `<!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n')}\n]>\n<log><trace><string key="concept:name" value="&lol9;"/></trace></log>`,
    ),
    expect: 'error',
    mustMention: /without a DOCTYPE/,
  },
  {
    name: 'xes/undeclared-entity',
    format: 'xes',
    make: file('undeclared-entity.xes', xes([xesTrace('&xxe;', [xesEvent('Invoice Posted', '2024-03-01T09:00:00Z')])])),
    expect: 'error',
    mustMention: /entity/,
    where: { line: 3 },
  },
  {
    name: 'xes/gzip-bomb',
    format: 'xes',
    // 4 GiB of well-formed, empty traces from ~4 MB: stopped by the ratio once past 64 MiB.
    make: file('gzip-bomb.xes.gz', gzipMembers(XES_HEAD, '<trace><string key="concept:name" value="c"/></trace>\n'.repeat((64 * MB) / 54), 64, '</log>\n')),
    expect: 'error',
    mustMention: /gzip bomb/,
    bomb: true,
  },
  {
    name: 'xes/gzip-bomb-whitespace',
    format: 'xes',
    // 4 GiB of spaces inside <log>: one text node, which would be buffered whole.
    make: file('gzip-spaces.xes.gz', gzipMembers(XES_HEAD, ' '.repeat(64 * MB), 64, '</log>\n')),
    expect: 'error',
    mustMention: /between two tags/,
    bomb: true,
  },
  {
    name: 'xes/gzip-over-configured-limit',
    format: 'xes',
    make: file('big.xes.gz', gzipSync(xes(Array.from({ length: 20_000 }, (_, i) => xesTrace(`INV-${i}`, [xesEvent('Invoice Posted', '2024-03-01T09:00:00Z')]))))),
    options: { limits: { maxDecompressedBytes: 2 * MB } },
    expect: 'error',
    mustMention: /unpacks to at most 2\.0 MiB/,
  },
  {
    name: 'xes/truncated',
    format: 'xes',
    make: file('truncated.xes', xes(GOOD_TRACES).slice(0, -40)),
    expect: 'error',
    mustMention: /cut off/,
  },
  {
    name: 'xes/truncated-gzip',
    format: 'xes',
    make: async (dir) => {
      const whole = gzipSync(xes(Array.from({ length: 200 }, (_, i) => xesTrace(`INV-${i}`, [xesEvent('Invoice Posted', '2024-03-01T09:00:00Z')]))));
      return file('truncated.xes.gz', whole.subarray(0, Math.floor(whole.length / 2)))(dir);
    },
    expect: 'error',
    mustMention: /complete gzip file/,
  },
  {
    name: 'xes/10mb-attribute-value',
    format: 'xes',
    make: file('huge-value.xes', xes([xesTrace('INV-1', [xesEvent('Invoice Posted', '2024-03-01T09:00:00Z', `<string key="Note" value="${'x'.repeat(10 * MB)}"/>`)])])),
    expect: 'error',
    mustMention: /at most 1048576 characters between two tags/,
  },
  {
    name: 'xes/10mb-text-node',
    format: 'xes',
    make: file('huge-text.xes', xes([xesTrace('INV-1', [`<event>${'y'.repeat(10 * MB)}</event>`])])),
    expect: 'error',
    mustMention: /at most 1048576 characters between two tags/,
  },
  {
    name: 'xes/10mb-comment',
    format: 'xes',
    make: file('huge-comment.xes', `${XES_HEAD}<!--${'-x'.repeat(5 * MB)}-->${GOOD_TRACES.join('')}</log>\n`),
    expect: 'error',
    mustMention: /between two tags/,
  },
  {
    name: 'xes/deep-nesting',
    format: 'xes',
    make: file('deep.xes', xes([xesTrace('INV-1', [xesEvent('Invoice Posted', '2024-03-01T09:00:00Z', `${'<container key="a">'.repeat(10_000)}${'</container>'.repeat(10_000)}`)])])),
    expect: 'error',
    mustMention: /nested at most 64 deep/,
  },
  {
    name: 'xes/new-key-on-every-event',
    format: 'xes',
    make: file('many-keys.xes', xes([xesTrace('INV-1', Array.from({ length: 20_000 }, (_, i) => xesEvent('Reminder Sent', '2024-03-01T09:00:00Z', `<string key="k${i}" value="v"/>`)))])),
    expect: 'error',
    mustMention: /at most 4096 distinct attributes|attributes that most rows share/,
  },
  {
    name: 'xes/sparse-keys',
    format: 'xes',
    // 3,000 keys on the first 3,000 events, then 30,000 events without: 99 million dense cells.
    make: file(
      'sparse-keys.xes',
      xes([
        xesTrace(
          'INV-1',
          Array.from({ length: 33_000 }, (_, i) => xesEvent('Reminder Sent', '2024-03-01T09:00:00Z', i < 3000 ? `<string key="k${i}" value="v"/>` : '')),
        ),
      ]),
    ),
    expect: 'error',
    mustMention: /attributes that most rows share/,
  },
  ...['NaN', 'INF', '-INF', '1e400'].map(
    (value, i): HostileEntry => ({
      name: `xes/bad-amount-${i + 1}`,
      format: 'xes',
      make: file(`amount-${i + 1}.xes`, withAmount(value)),
      expect: 'error',
      mustMention: /finite number/,
      where: { line: 4 },
    }),
  ),
  ...['03/04/2024', '0000-01-01T00:00:00Z', '2024-03-04T10:00:00 CET'].map(
    (value, i): HostileEntry => ({
      name: `xes/bad-date-${i + 1}`,
      format: 'xes',
      make: file(`date-${i + 1}.xes`, xes([xesTrace('INV-1', [xesEvent('Invoice Posted', value)])])),
      expect: 'error',
      mustMention: /ISO-8601/,
      where: { line: 4 },
    }),
  ),
  {
    name: 'xes/windows-1252',
    format: 'xes',
    make: file('latin1.xes', Buffer.concat([Buffer.from(`${XES_HEAD}<trace><string key="concept:name" value="INV-1"/>\n<event><string key="concept:name" value="Relance envoy`), Buffer.from([0xe9]), Buffer.from('e"/></event></trace></log>\n')])),
    expect: 'error',
    mustMention: /UTF-8.*byte 0xE9|byte 0xE9.*UTF-8/,
    where: { line: 4 },
  },
  {
    name: 'xes/utf16-with-bom',
    format: 'xes',
    make: file('utf16.xes', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xes(GOOD_TRACES).replace('UTF-8', 'UTF-16'), 'utf16le')])),
    expect: 'error',
    mustMention: /UTF-8/,
    where: { line: 1 },
  },
  {
    name: 'xes/duplicate-events',
    format: 'xes',
    make: file('duplicates.xes', xes([xesTrace('INV-1', [xesEvent('Invoice Posted', '2024-03-01T09:00:00Z'), xesEvent('Invoice Posted', '2024-03-01T09:00:00Z')])])),
    expect: 'ok-with-warning',
    mustMention: /^1 event\(s\) repeat an earlier event/,
  },
  { name: 'xes/empty-file', format: 'xes', make: file('empty.xes', ''), expect: 'error', mustMention: /XES|XML|<\/log>/ },
  { name: 'xes/binary-garbage', format: 'xes', make: file('garbage.xes', bytesOf(13, 64 * 1024)), expect: 'error' },
  { name: 'xes/html-renamed', format: 'xes', make: file('page.xes', '<!doctype html><html><body>Not found</body></html>'), expect: 'error' },
];

export const CORPUS: readonly HostileEntry[] = [...csvEntries, ...xlsxEntries, ...xesEntries];

/** Entries per format, as docs/RELIABILITY.md states them. */
export function corpusSize(): Record<HostileEntry['format'], number> {
  const count = { csv: 0, xlsx: 0, xes: 0 };
  for (const entry of CORPUS) count[entry.format]++;
  return count;
}
