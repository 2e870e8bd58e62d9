import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import yazl from 'yazl';
import { afterAll, describe, expect, it } from 'vitest';
import { csvField } from '../../api/adapters/export/csv-writer.ts';
import { ImportError, importCsv, importXes, importXlsx } from '../../api/adapters/import/index.ts';
import { decodeFilter, encodeFilter, FilterEncodingError } from '../../api/contracts/filter-encoding.ts';
import { FilterSpecError, parseFilterSpec, type FilterSpec } from '../../api/engine/filtering/filter-spec.ts';
import { valueAt } from '../../api/engine/log/columns.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';
import { decodeFilterParam } from '../../api/server/filter-param.ts';

const dir = mkdtempSync(join(tmpdir(), 'cl-properties-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileNo = 0;
const write = (ext: string, content: string | Uint8Array): string => {
  const path = join(dir, `f${fileNo++}.${ext}`);
  writeFileSync(path, content);
  return path;
};

/** Succeeds or refuses with an ImportError: anything else thrown is a crash to the user. */
async function importsOrRefuses(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    if (!(error instanceof ImportError)) throw error;
  }
}

// ---------------------------------------------------------------- CSV round trip

/**
 * Cell text full of what breaks CSV: quotes, delimiters, line breaks of every kind, spaces at
 * the ends, unicode beyond the BMP. No NUL: a file with many of them reads as UTF-16 by design
 * (detectEncoding), which is a heuristic, not a round trip.
 */
const tricky = fc.constantFrom(',', '"', '""', '\n', '\r', '\r\n', ' ', '\t', ';', '|', 'é', '漢', '😀', '\u00a0', '\u2028', '=', "'", 'sep=');
const cellText = (minLength: number) =>
  fc.string({ unit: fc.oneof({ weight: 2, arbitrary: tricky }, { weight: 5, arbitrary: fc.string({ unit: 'grapheme', maxLength: 1, minLength: 1 }) }), minLength, maxLength: 12 }).map((s) => s.replace(/\0/g, '0'));

const tables = fc
  .record({
    extras: fc.uniqueArray(fc.stringMatching(/^[A-Za-z][A-Za-z0-9_]{0,8}$/).map((s) => `X_${s}`), { maxLength: 4, comparator: (a, b) => a.toLowerCase() === b.toLowerCase() }),
    cases: fc.array(cellText(1), { minLength: 1, maxLength: 3 }),
    rows: fc.array(fc.record({ caseIndex: fc.nat(), activity: cellText(1), values: fc.array(cellText(0), { minLength: 4, maxLength: 4 }), crlf: fc.boolean() }), {
      minLength: 1,
      maxLength: 8,
    }),
    order: fc.array(fc.nat(), { minLength: 7, maxLength: 7 }),
  })
  .map(({ extras, cases, rows, order }) => {
    const names = ['InvoiceNumber', 'ActivityName', 'EventTime', ...extras];
    // A random column order: sort by the random keys.
    const columns = names.map((name, i) => ({ name, key: order[i] ?? 0 })).sort((a, b) => a.key - b.key).map((c) => c.name);
    const records = rows.map((row, i) => {
      const record: Record<string, string> = {
        InvoiceNumber: cases[row.caseIndex % cases.length],
        ActivityName: row.activity,
        // Strictly increasing: the order within a case is the file's.
        EventTime: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
      };
      extras.forEach((name, k) => (record[name] = row.values[k]));
      return { record, crlf: row.crlf };
    });
    return { columns, extras, records };
  });

/** RFC 4180 with the product's field quoting; each record ends in LF or CRLF at random. */
function toCsv(columns: readonly string[], records: readonly { record: Record<string, string>; crlf: boolean }[]): string {
  let text = `${columns.map(csvField).join(',')}\r\n`;
  for (const { record, crlf } of records) text += `${columns.map((c) => csvField(record[c])).join(',')}${crlf ? '\r\n' : '\n'}`;
  return text;
}

function attribute(log: EventLog, name: string, c: number, e: number): { level: 'event' | 'case' | 'none'; value: unknown } {
  const event = log.eventAttributes.get(name);
  if (event) return { level: 'event', value: valueAt(event, e) };
  const kase = log.caseAttributes.get(name);
  if (kase) return { level: 'case', value: valueAt(kase, c) };
  return { level: 'none', value: null };
}

describe('CSV importer properties', () => {
  it('reads back exactly what an RFC 4180 writer wrote, whatever the text and the column order', async () => {
    await fc.assert(
      fc.asyncProperty(tables, async ({ columns, extras, records }) => {
        const path = write('csv', toCsv(columns, records));
        const { log } = await importCsv(path, { delimiter: ',' });
        const byCase = new Map<string, Record<string, string>[]>();
        for (const { record } of records) byCase.set(record.InvoiceNumber, [...(byCase.get(record.InvoiceNumber) ?? []), record]);
        expect(log.caseIds).toEqual([...byCase.keys()]);
        log.caseIds.forEach((caseId, c) => {
          const expected = byCase.get(caseId)!;
          const from = log.caseOffsets[c];
          expect(log.caseOffsets[c + 1] - from).toBe(expected.length);
          expected.forEach((record, k) => {
            const e = from + k;
            expect(log.activities[log.activity[e]]).toBe(record.ActivityName);
            expect(log.time[e]).toBe(Date.parse(record.EventTime));
            for (const name of extras) {
              const got = attribute(log, name, c, e);
              // An attribute constant within each invoice moves to the invoice: every non-empty
              // value of the case is that one value.
              if (got.level === 'case') {
                if (record[name] !== '') expect(got.value).toBe(record[name]);
              } else expect(got.value).toBe(record[name] === '' ? null : record[name]);
            }
          });
        });
      }),
      { numRuns: 150 },
    );
  });

  it('takes garbage bytes without crashing: a log or an ImportError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4096 }), fc.boolean(), async (bytes, withHeader) => {
        const head = withHeader ? Buffer.from('InvoiceNumber,ActivityName,EventTime\n') : Buffer.alloc(0);
        await importsOrRefuses(() => importCsv(write('csv', Buffer.concat([head, bytes]))));
      }),
      { numRuns: 200 },
    );
  });

  it('takes CSV-shaped nonsense without crashing', async () => {
    const token = fc.constantFrom(',', ';', '\t', '"', '\n', '\r', 'INV-1', 'Invoice Posted', '2024-03-01', '03/04/2024', 'NaN', '1e400', '\ufeff', 'é', 'sep=;\n', '');
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 200 }), fc.option(fc.constantFrom(',', ';', '|', 'tab')), async (tokens, delimiter) => {
        const text = `InvoiceNumber,ActivityName,EventTime,InvoiceAmount\n${tokens.join('')}`;
        await importsOrRefuses(() => importCsv(write('csv', text), delimiter === null ? {} : { delimiter }));
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------- XLSX and XES fuzz

function zipOf(parts: readonly [string, string][]): Promise<Buffer> {
  const zip = new yazl.ZipFile();
  for (const [name, content] of parts) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (b: Buffer) => chunks.push(b));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const inline = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;
const WORKBOOK = zipOf([
  ['[Content_Types].xml', '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/></Types>'],
  ['_rels/.rels', `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`],
  ['xl/workbook.xml', `<workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Events" sheetId="1" r:id="rId1"/></sheets></workbook>`],
  ['xl/_rels/workbook.xml.rels', `<Relationships xmlns="${PKG}"><Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`],
  [
    'xl/worksheets/sheet1.xml',
    `<worksheet xmlns="${NS}"><sheetData><row r="1">${inline('A1', 'InvoiceNumber')}${inline('B1', 'ActivityName')}${inline('C1', 'EventTime')}</row>${Array.from(
      { length: 30 },
      (_, i) => `<row r="${i + 2}">${inline(`A${i + 2}`, `INV-${i % 7}`)}${inline(`B${i + 2}`, 'Reminder Sent')}${inline(`C${i + 2}`, '2024-03-01T09:00:00Z')}</row>`,
    ).join('')}</sheetData></worksheet>`,
  ],
]);

describe('XLSX and XES importers under fuzzing', () => {
  it('a damaged workbook (bytes flipped, cut short) gives a log or an ImportError, never a crash', async () => {
    const good = await WORKBOOK;
    const control = await importXlsx(write('xlsx', good));
    expect(control.rows).toBe(30);
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat({ max: good.length - 1 }), byte: fc.integer({ min: 0, max: 255 }) }), { minLength: 1, maxLength: 8 }),
        fc.option(fc.nat({ max: good.length })),
        async (flips, cut) => {
          const bytes = Buffer.from(good);
          for (const { at, byte } of flips) bytes[at] = byte;
          await importsOrRefuses(() => importXlsx(write('xlsx', cut === null ? bytes : bytes.subarray(0, cut))));
        },
      ),
      { numRuns: 120 },
    );
  });

  it('XML-shaped nonsense, plain or gzipped, gives a log or an ImportError', async () => {
    const token = fc.constantFrom(
      '<log>',
      '</log>',
      '<trace>',
      '</trace>',
      '<event>',
      '</event>',
      '<string key="concept:name" value="INV-1"/>',
      '<string key="concept:name" value="Reminder Sent"/>',
      '<date key="time:timestamp" value="2024-03-01T09:00:00Z"/>',
      '<float key="InvoiceAmount" value="NaN"/>',
      '<container key="c">',
      '</container>',
      '&amp;',
      '&bogus;',
      '<!--',
      '-->',
      '<![CDATA[',
      ']]>',
      '<!DOCTYPE log>',
      '<?xml version="1.0"?>',
      'text',
      '\u00e9',
      '\n',
    );
    await fc.assert(
      fc.asyncProperty(fc.array(token, { maxLength: 120 }), fc.boolean(), async (tokens, gzip) => {
        const text = tokens.join('');
        await importsOrRefuses(() => importXes(write(gzip ? 'xes.gz' : 'xes', gzip ? gzipSync(text) : text)));
      }),
      { numRuns: 200 },
    );
  });

  it('garbage bytes as XES give an ImportError', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 1, maxLength: 2048 }), async (bytes) => {
        await importsOrRefuses(() => importXes(write('xes', bytes)));
      }),
      { numRuns: 100 },
    );
  });
});

// ---------------------------------------------------------------- filter encoding

const anyText = fc.string({ unit: 'binary', maxLength: 10 });
const name = fc.string({ unit: 'binary', minLength: 1, maxLength: 10 });
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).filter((x) => !Object.is(x, -0));
const instant = fc.oneof(
  fc.integer({ min: -8.64e15, max: 8.64e15 }),
  fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }).map((d) => d.toISOString()),
);
const negate = { negate: fc.boolean() };

const filter = fc.oneof(
  fc.record({ kind: fc.constant('timeRange' as const), mode: fc.constantFrom('started' as const, 'ended' as const, 'active' as const, 'contained' as const), from: instant, to: instant, ...negate }, { requiredKeys: ['kind', 'mode'] }),
  fc.record({ kind: fc.constant('attribute' as const), attribute: name, values: fc.array(fc.oneof(anyText, finite, fc.boolean(), fc.constant(null)), { maxLength: 6 }), ...negate }, { requiredKeys: ['kind', 'attribute', 'values'] }),
  fc.record({ kind: fc.constant('range' as const), attribute: name, min: fc.oneof(finite, anyText), max: fc.oneof(finite, anyText), ...negate }, { requiredKeys: ['kind', 'attribute'] }),
  fc.record({ kind: fc.constant('variant' as const), variants: fc.array(fc.array(anyText, { maxLength: 4 }), { maxLength: 3 }), ...negate }, { requiredKeys: ['kind', 'variants'] }),
  fc.record({ kind: fc.constant('activity' as const), activities: fc.array(anyText, { maxLength: 4 }), match: fc.constantFrom('any' as const, 'all' as const), ...negate }, { requiredKeys: ['kind', 'activities'] }),
  fc.record(
    { kind: fc.constant('follows' as const), from: name, to: name, directly: fc.boolean(), withinDays: finite.map(Math.abs), overDays: finite.map(Math.abs), ...negate },
    { requiredKeys: ['kind', 'from', 'to'] },
  ),
  fc.record({ kind: fc.constant('outcome' as const), outcomes: fc.subarray(['settled' as const, 'writtenOff' as const, 'open' as const]), ...negate }, { requiredKeys: ['kind', 'outcomes'] }),
);
const specs: fc.Arbitrary<FilterSpec> = fc.record({ filters: fc.array(filter, { maxLength: 5 }), hideDerived: fc.boolean() }, { requiredKeys: [] });

/** The same value with every object's keys in another order. */
function reordered(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reordered);
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reordered(v)]));
  return value;
}

describe('filter encoding properties', () => {
  it('encode → decode gives the spec back, and the server path accepts it as the engine parses it', () => {
    fc.assert(
      fc.property(specs, (spec) => {
        const param = encodeFilter(spec);
        expect(param).toMatch(/^[A-Za-z0-9_-]*$/);
        expect(decodeFilter(param)).toEqual(spec);
        expect(decodeFilterParam(param).spec).toEqual(parseFilterSpec(spec));
        // One view, one URL: key order does not change the parameter.
        expect(encodeFilter(reordered(spec) as FilterSpec)).toBe(param);
      }),
      { numRuns: 500 },
    );
  });

  it('any parameter text is a FilterSpec or a 400-class error, never anything else', () => {
    const isFilterError = (error: unknown) => error instanceof FilterSpecError || error instanceof FilterEncodingError;
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), fc.stringMatching(/^[A-Za-z0-9_-]{0,64}$/)), (param) => {
        try {
          decodeFilterParam(param);
        } catch (error) {
          if (!isFilterError(error)) throw error;
        }
      }),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (json) => {
        try {
          decodeFilterParam(encodeFilter(json as FilterSpec));
        } catch (error) {
          if (!isFilterError(error)) throw error;
        }
      }),
      { numRuns: 500 },
    );
  });

  it('refuses deep nesting, huge lists of junk and prototype keys as invalid filters', () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const param = (json: string) => Buffer.from(json).toString('base64url');
    expect(() => decodeFilterParam(param(deep))).toThrow(FilterSpecError);
    expect(() => decodeFilterParam(param(`{"filters":${deep}}`))).toThrow(FilterSpecError);
    const manyBad = `{"filters":[${Array.from({ length: 100_000 }, () => '{"kind":"nope"}').join(',')}]}`;
    expect(() => decodeFilterParam(param(manyBad))).toThrow(FilterSpecError);
    const polluting = '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}},"filters":[{"kind":"outcome","outcomes":["open"],"__proto__":{"polluted":1}}]}';
    const decoded = decodeFilterParam(param(polluting));
    expect(decoded.spec.filters).toEqual([{ kind: 'outcome', outcomes: ['open'] }]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(decoded.spec)).toBe(Object.prototype);
  });
});
