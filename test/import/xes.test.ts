import { mkdtemp, readdir, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeXes } from '../../api/adapters/export/xes-writer.ts';
import type { EventRecord } from '../../api/adapters/export/event-record.ts';
import { ImportError } from '../../api/adapters/import/import-error.ts';
import type { ImportProgress } from '../../api/adapters/import/options.ts';
import { importXes } from '../../api/adapters/import/xes.ts';
import { XesReader } from '../../api/adapters/import/xes-reader.ts';
import { LogBuilder } from '../../api/engine/log/builder.ts';
import { caseIndexOf, type EventLog } from '../../api/engine/log/event-log.ts';
import { valueAt } from '../../api/engine/log/columns.ts';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xes-test-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const ms = (iso: string) => Date.parse(iso);

function caseEvents(log: EventLog, caseId: string): { activity: string; time: number; e: number }[] {
  const c = caseIndexOf(log, caseId);
  expect(c, `case ${caseId}`).toBeGreaterThanOrEqual(0);
  const out = [];
  for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) out.push({ activity: log.activities[log.activity[e]], time: log.time[e], e });
  return out;
}

function caseValue(log: EventLog, name: string, caseId: string) {
  const column = log.caseAttributes.get(name);
  expect(column, `case attribute ${name}`).toBeDefined();
  return { kind: column!.kind, value: valueAt(column!, caseIndexOf(log, caseId)) };
}

function eventValue(log: EventLog, name: string, e: number) {
  const column = log.eventAttributes.get(name);
  expect(column, `event attribute ${name}`).toBeDefined();
  return { kind: column!.kind, value: valueAt(column!, e) };
}

async function xesFile(name: string, body: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, body);
  return path;
}

async function importError(path: string): Promise<ImportError> {
  const error = await importXes(path).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImportError);
  return error as ImportError;
}

const RECORDS: EventRecord[] = [
  {
    InvoiceNumber: 'INV-1',
    ActivityName: 'Invoice Created',
    EventTime: ms('2023-03-01T08:00:00Z'),
    CustomerId: 'C-1',
    CustomerSegment: 'SMB',
    InvoiceAmount: 5400.5,
    DueDate: ms('2023-03-31T00:00:00Z'),
    CollectorName: 'Ann',
    LastDataUpdate: ms('2023-06-30T23:00:00Z'),
  },
  {
    InvoiceNumber: 'INV-1',
    ActivityName: 'Dunning Letter Issued',
    EventTime: ms('2023-04-10T09:30:00.250Z'),
    CustomerId: 'C-1',
    CollectorName: 'Bob',
    DunningLevel: '2',
    PromiseAmount: 100,
    PromiseDate: ms('2023-04-20T00:00:00Z'),
    Note: 'a<b & "c"\n\tend',
    LastDataUpdate: ms('2023-06-30T23:00:00Z'),
  },
  { InvoiceNumber: 'INV-2', ActivityName: 'Invoice Created', EventTime: ms('2023-03-02T08:00:00Z'), InvoiceAmount: 12, SourceSystem: null },
  { InvoiceNumber: 'INV-2', ActivityName: 'Payment Received', EventTime: ms('2023-03-05T08:00:00Z'), SettledAmount: 12 },
];

describe('XES round trip', () => {
  for (const gzip of [false, true]) {
    it(`writes and reads back cases, times and typed attributes (${gzip ? 'gzip' : 'plain'})`, async () => {
      // No .gz in the name: the importer must recognise gzip by content.
      const path = join(dir, `round-trip-${gzip}.xes`);
      expect(await writeXes(RECORDS, path, { gzip })).toBe(4);
      const bytes = await readFile(path);
      expect(bytes[0] === 0x1f && bytes[1] === 0x8b).toBe(gzip);
      expect((await readdir(dir)).filter((f) => f.endsWith('.partial'))).toEqual([]);

      const { log, format, rows } = await importXes(path);
      expect(format).toBe('xes');
      expect(rows).toBe(4);
      expect(log.caseIds).toEqual(['INV-1', 'INV-2']);
      const inv1 = caseEvents(log, 'INV-1');
      expect(inv1.map((x) => x.activity)).toEqual(['Invoice Created', 'Dunning Letter Issued']);
      expect(inv1.map((x) => x.time)).toEqual([RECORDS[0].EventTime, RECORDS[1].EventTime]);
      expect(caseEvents(log, 'INV-2').map((x) => x.activity)).toEqual(['Invoice Created', 'Payment Received']);
      expect(log.lastDataUpdate).toBe(ms('2023-06-30T23:00:00Z'));

      expect(caseValue(log, 'CustomerId', 'INV-1')).toEqual({ kind: 'string', value: 'C-1' });
      expect(caseValue(log, 'InvoiceAmount', 'INV-1')).toEqual({ kind: 'number', value: 5400.5 });
      expect(caseValue(log, 'InvoiceAmount', 'INV-2')).toEqual({ kind: 'number', value: 12 });
      expect(caseValue(log, 'DueDate', 'INV-1')).toEqual({ kind: 'time', value: ms('2023-03-31T00:00:00Z') });
      // The trace keeps the first record's collector; the later, different one stays on its event.
      expect(caseValue(log, 'CollectorName', 'INV-1')).toEqual({ kind: 'string', value: 'Ann' });
      const letter = inv1[1].e;
      expect(eventValue(log, 'CollectorName', letter)).toEqual({ kind: 'string', value: 'Bob' });
      expect(eventValue(log, 'PromiseAmount', letter)).toEqual({ kind: 'number', value: 100 });
      expect(eventValue(log, 'PromiseDate', letter)).toEqual({ kind: 'time', value: ms('2023-04-20T00:00:00Z') });
      expect(eventValue(log, 'DunningLevel', letter)).toEqual({ kind: 'string', value: '2' });
      expect(eventValue(log, 'Note', letter)).toEqual({ kind: 'string', value: 'a<b & "c"\n\tend' });
      expect(log.eventAttributes.has('LastDataUpdate')).toBe(false);
      expect(log.eventAttributes.has('SourceSystem')).toBe(false);
    });
  }

  it('gzips when the path ends with .gz', async () => {
    const path = join(dir, 'by-name.xes.gz');
    await writeXes(RECORDS, path);
    expect((await readFile(path)).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect((await importXes(path)).log.caseIds).toEqual(['INV-1', 'INV-2']);
  });

  it('leaves neither the file nor a .partial when the records fail midway', async () => {
    const path = join(dir, 'failed.xes');
    function* failing(): Generator<EventRecord> {
      yield RECORDS[0];
      throw new Error('source went away');
    }
    await expect(writeXes(failing(), path)).rejects.toThrow('source went away');
    const files = await readdir(dir);
    expect(files).not.toContain('failed.xes');
    expect(files).not.toContain('failed.xes.partial');
  });

  it('reads hand-written XES: offsets, types, trace attributes, nesting, ignored declarations', async () => {
    const path = await xesFile(
      'hand.xes',
      `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xmlns="http://www.xes-standard.org/">
  <extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
  <global scope="event"><string key="GlobalDefault" value="x"/></global>
  <classifier name="Activity" keys="concept:name"/>
  <date key="LastDataUpdate" value="2024-01-31T12:00:00+01:00"/>
  <string key="source" value="log-level attributes are not data"/>
  <trace>
    <boolean key="Disputed" value="true"/>
    <string key="concept:name" value="SI-54321"/>
    <float key="InvoiceAmount" value="1e3"/>
    <event>
      <string key="concept:name" value="Invoice Posted"/>
      <date key="time:timestamp" value="2006-07-24T00:00:00+02:00"/>
      <int key="Delay" value="-3"/>
      <string key="Currency" value="EUR"/>
      <boolean key="Automatic" value="false"/>
      <id key="DocumentId" value="a1b2"/>
      <date key="PromiseDate" value="2006-08-01T10:00:00.5-05:00"/>
      <string key="Reason" value="Pricing error"><int key="code" value="7"/></string>
      <list key="Tags"><values><string key="tag" value="urgent"/></values></list>
      <container key="Address"><string key="city" value="Lyon"/></container>
    </event>
    <event>
      <string key="concept:name" value="Reminder Sent"/>
      <date key="time:timestamp" value="2006-08-02T00:00:00Z"/>
      <int key="Delay" value="4"/>
      <string key="Currency" value="EUR"/>
      <boolean key="Automatic" value="true"/>
      <id key="DocumentId" value="z9"/>
      <string key="Reason" value="Other"><int key="code" value="8"/></string>
      <list key="Tags"><values><string key="tag" value="later"/></values></list>
      <container key="Address"><string key="city" value="Paris"/></container>
    </event>
  </trace>
</log>`,
    );
    const { log, warnings } = await importXes(path);
    const [posted] = caseEvents(log, 'SI-54321');
    expect(posted.activity).toBe('Invoice Posted');
    expect(posted.time).toBe(ms('2006-07-23T22:00:00Z'));
    expect(log.lastDataUpdate).toBe(ms('2024-01-31T11:00:00Z'));
    expect(caseValue(log, 'Disputed', 'SI-54321')).toEqual({ kind: 'boolean', value: true });
    expect(caseValue(log, 'InvoiceAmount', 'SI-54321')).toEqual({ kind: 'number', value: 1000 });
    const e = posted.e;
    expect(eventValue(log, 'Delay', e)).toEqual({ kind: 'number', value: -3 });
    expect(eventValue(log, 'Automatic', e)).toEqual({ kind: 'boolean', value: false });
    expect(eventValue(log, 'DocumentId', e)).toEqual({ kind: 'string', value: 'a1b2' });
    expect(eventValue(log, 'PromiseDate', e)).toEqual({ kind: 'time', value: ms('2006-08-01T15:00:00.500Z') });
    expect(eventValue(log, 'Reason', e).value).toBe('Pricing error');
    expect(eventValue(log, 'Reason.code', e)).toEqual({ kind: 'number', value: 7 });
    expect(eventValue(log, 'Tags.tag', e).value).toBe('urgent');
    expect(eventValue(log, 'Address.city', e).value).toBe('Lyon');
    expect(warnings.filter((w) => w.includes('flattened'))).toHaveLength(1);
    // XES says the level: event attributes stay on events even when constant within the case.
    expect(eventValue(log, 'Currency', e).value).toBe('EUR');
    expect(log.caseAttributes.has('Currency')).toBe(false);
    const names = [...log.eventAttributes.keys(), ...log.caseAttributes.keys()];
    for (const ignored of ['GlobalDefault', 'source', 'concept:name', 'time:timestamp', 'Tags', 'Address']) expect(names).not.toContain(ignored);
  });

  it('takes a trace name that comes after its events', async () => {
    const path = await xesFile(
      'late-name.xes',
      `<log><trace><string key="Segment" value="SMB"/>
<event><string key="concept:name" value="A"/><date key="time:timestamp" value="2023-01-01T00:00:00Z"/></event>
<string key="concept:name" value="INV-9"/></trace></log>`,
    );
    const { log } = await importXes(path);
    expect(caseEvents(log, 'INV-9').map((x) => x.activity)).toEqual(['A']);
    expect(caseValue(log, 'Segment', 'INV-9').value).toBe('SMB');
  });

  it('reads a log whose elements carry a namespace prefix', async () => {
    const path = await xesFile(
      'prefixed.xes',
      `<xes:log xmlns:xes="http://www.xes-standard.org/"><xes:trace><xes:string key="concept:name" value="P"/>
<xes:event><xes:string key="concept:name" value="A"/><xes:date key="time:timestamp" value="2023-01-01T00:00:00Z"/></xes:event></xes:trace></xes:log>`,
    );
    expect(caseEvents((await importXes(path)).log, 'P').map((x) => x.activity)).toEqual(['A']);
  });

  it('stops when aborted', async () => {
    const path = join(dir, 'abort.xes');
    await writeXes(RECORDS, path);
    const controller = new AbortController();
    controller.abort();
    await expect(importXes(path, { signal: controller.signal })).rejects.toThrow(/abort/i);
  });

  it('reads other keys when the mapping names them', async () => {
    const path = await xesFile(
      'mapped.xes',
      `<log><trace><string key="doc" value="D-1"/>
<float key="amount" value="10.5"/>
<event><string key="step" value="Posted"/><string key="when" value="2023-01-01T10:00:00Z"/><string key="org:resource" value="Ann"/></event></trace></log>`,
    );
    const mapping = { case: 'doc', activity: 'step', time: 'when', columns: { 'org:resource': 'Resource', amount: 'InvoiceAmount' } };
    const { log } = await importXes(path, { mapping });
    expect(caseEvents(log, 'D-1')).toEqual([{ activity: 'Posted', time: ms('2023-01-01T10:00:00Z'), e: 0 }]);
    expect(eventValue(log, 'Resource', 0).value).toBe('Ann');
    expect(caseValue(log, 'InvoiceAmount', 'D-1').value).toBe(10.5);
    expect(log.eventAttributes.has('org:resource')).toBe(false);
  });
});

describe('XES event order and lifecycle', () => {
  const event = (activity: string, time: string, extra = '') =>
    `<event><string key="concept:name" value="${activity}"/><date key="time:timestamp" value="${time}"/>${extra}</event>\n`;

  it('keeps file order for equal timestamps and sorts the rest by time', async () => {
    const t = '2023-05-05T10:00:00Z';
    const path = await xesFile(
      'ties.xes',
      `<log><trace><string key="concept:name" value="T"/>\n${event('B', t)}${event('A', t)}${event('First', '2023-05-01T00:00:00Z')}${event('C', t)}</trace></log>`,
    );
    const { log } = await importXes(path);
    expect(caseEvents(log, 'T').map((x) => x.activity)).toEqual(['First', 'B', 'A', 'C']);
  });

  it('keeps every start and complete event raw, with lifecycle:transition', async () => {
    const lc = (v: string) => `<string key="lifecycle:transition" value="${v}"/>`;
    const path = await xesFile(
      'lifecycle.xes',
      `<log><trace><string key="concept:name" value="L"/>
${event('Dispute Registered', '2023-01-01T00:00:00Z', lc('start'))}${event('Dispute Registered', '2023-01-03T00:00:00Z', lc('complete'))}${event('Collection Contact Made', '2023-01-04T00:00:00Z', lc('start'))}${event('Collection Contact Made', '2023-01-04T01:00:00Z', lc('complete'))}</trace>
<trace><string key="concept:name" value="empty"/></trace></log>`,
    );
    const { log, rows } = await importXes(path);
    expect(rows).toBe(4);
    expect(log.caseIds).toEqual(['L']);
    const events = caseEvents(log, 'L');
    expect(events.map((x) => x.activity)).toEqual(['Dispute Registered', 'Dispute Registered', 'Collection Contact Made', 'Collection Contact Made']);
    expect(events.map((x) => eventValue(log, 'lifecycle:transition', x.e).value)).toEqual(['start', 'complete', 'start', 'complete']);
    expect(log.endTime).toBeNull();
  });

  it('reports progress in bytes of the file on disk', async () => {
    const path = join(dir, 'progress.xes.gz');
    await writeXes(RECORDS, path);
    const seen: ImportProgress[] = [];
    await importXes(path, { onProgress: (p) => seen.push(p) });
    const size = (await stat(path)).size;
    expect(seen.at(-1)).toEqual({ bytesRead: size, totalBytes: size, events: 4 });
  });
});

describe('broken XES', () => {
  it('names line and column of malformed XML', async () => {
    const path = await xesFile('malformed.xes', '<log>\n<trace>\n<string key="concept:name" value="x">\n</trace>\n</log>');
    const error = await importError(path);
    expect(error.details).toMatchObject({ file: 'malformed.xes', line: 4 });
    expect(error.details.column).toMatch(/^\d+$/);
    expect(error.message).toMatch(/line 4, column \d+/);
    expect(error.details.expected).toMatch(/well-formed XML/);
  });

  it('names the event line and the field of a missing time:timestamp', async () => {
    const path = await xesFile(
      'no-time.xes',
      '<log>\n<trace><string key="concept:name" value="x"/>\n<event>\n<string key="concept:name" value="A"/>\n</event>\n</trace>\n</log>',
    );
    const error = await importError(path);
    expect(error.details).toMatchObject({ line: 3, field: 'time:timestamp' });
    expect(error.message).toContain('time:timestamp');
  });

  it('rejects an event without an activity and a trace without a name', async () => {
    const noActivity = await xesFile(
      'no-activity.xes',
      '<log><trace><string key="concept:name" value="x"/>\n<event><date key="time:timestamp" value="2023-01-01"/></event></trace></log>',
    );
    expect((await importError(noActivity)).details).toMatchObject({ line: 2, field: 'concept:name' });
    const noName = await xesFile(
      'no-name.xes',
      '<log>\n<trace>\n<event><string key="concept:name" value="A"/><date key="time:timestamp" value="2023-01-01"/></event></trace></log>',
    );
    const error = await importError(noName);
    expect(error.details).toMatchObject({ line: 2, field: 'concept:name' });
    expect(error.details.expected).toMatch(/trace/);
  });

  it('rejects a bad date, int, float or boolean with the field and value', async () => {
    const cases: [string, string, string][] = [
      ['<date key="time:timestamp" value="yesterday"/>', 'time:timestamp', 'yesterday'],
      ['<date key="time:timestamp" value="2023-01-01T00:00:00Z"/><int key="DaysOverdue" value="3.5"/>', 'DaysOverdue', '3.5'],
      ['<date key="time:timestamp" value="2023-01-01T00:00:00Z"/><float key="InvoiceAmount" value="12,50"/>', 'InvoiceAmount', '12,50'],
      ['<date key="time:timestamp" value="2023-01-01T00:00:00Z"/><boolean key="Disputed" value="yes"/>', 'Disputed', 'yes'],
      ['<date key="time:timestamp" value="2023-01-01T00:00:00Z"/><date key="PromiseDate" value="2023-02-30"/>', 'PromiseDate', '2023-02-30'],
    ];
    for (const [attrs, field, value] of cases) {
      const path = await xesFile('bad-value.xes', `<log><trace><string key="concept:name" value="x"/>\n\n<event><string key="concept:name" value="A"/>${attrs}</event></trace></log>`);
      const error = await importError(path);
      expect(error.details).toMatchObject({ line: 3, field, value });
    }
  });

  it('rejects a DOCTYPE with entities (billion laughs) quickly', async () => {
    const entities = ['<!ENTITY lol "lol">'];
    for (let i = 1; i <= 9; i++) entities.push(`<!ENTITY lol${i} "${`&lol${i === 1 ? '' : i - 1};`.repeat(10)}">`);
    const path = await xesFile(
      'laughs.xes',
      `<?xml version="1.0"?>\n<!DOCTYPE log [\n${entities.join('\n')}\n]>\n<log><trace><string key="concept:name" value="&lol9;"/></trace></log>`,
    );
    const started = performance.now();
    const error = await importError(path);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error.details.expected).toBe('an XES file without a DOCTYPE (DTDs and entities are not accepted)');
  });

  it('rejects a DOCTYPE split across chunks and a huge unterminated one before buffering it', async () => {
    const reader = new XesReader(new LogBuilder(), 'split.xes', { case: 'concept:name', activity: 'concept:name', time: 'time:timestamp' });
    reader.write('<?xml version="1.0"?>\n<!DOC');
    let error: unknown;
    try {
      reader.write('TYPE log [<!ENTITY a "b">]><log/>');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).details).toMatchObject({ line: 2, expected: expect.stringMatching(/without a DOCTYPE/) });

    const path = await xesFile('huge-doctype.xes', `<!DOCTYPE log [\n${'<!-- padding -->'.repeat(500_000)}`);
    const started = performance.now();
    expect((await importError(path)).details).toMatchObject({ line: 1, expected: expect.stringMatching(/without a DOCTYPE/) });
    expect(performance.now() - started).toBeLessThan(1000);
  });

  it('rejects an external entity (XXE) and unknown entities', async () => {
    const xxe = await xesFile('xxe.xes', '<!DOCTYPE log [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><log><string key="a" value="&xxe;"/></log>');
    expect((await importError(xxe)).details.expected).toMatch(/without a DOCTYPE/);
    const unknown = await xesFile('entity.xes', '<log>\n<trace><string key="concept:name" value="&nope;"/></trace></log>');
    const error = await importError(unknown);
    expect(error.details).toMatchObject({ line: 2 });
    expect(error.details.expected).toMatch(/entity/);
  });

  it('rejects a cut-off gzip and a cut-off plain file', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => ({ InvoiceNumber: `INV-${i >> 2}`, ActivityName: 'Reminder Sent', EventTime: ms('2023-01-01') + i * 1000 }));
    const gz = join(dir, 'cut.xes.gz');
    await writeXes(many, gz);
    await truncate(gz, Math.floor((await stat(gz)).size / 2));
    expect((await importError(gz)).details.expected).toMatch(/complete gzip file/);

    const plain = join(dir, 'cut.xes');
    await writeXes(many, plain);
    await truncate(plain, Math.floor((await stat(plain)).size / 2));
    expect((await importError(plain)).details.expected).toMatch(/cut off/);
  });

  it('rejects files that are not XES', async () => {
    const html = await xesFile('page.xes', '<html><body>hello</body></html>');
    expect((await importError(html)).details).toMatchObject({ value: '<html>', expected: expect.stringMatching(/<log> root/) });
    const csv = await xesFile('data.csv', 'InvoiceNumber,ActivityName,EventTime\nINV-1,Invoice Created,2023-01-01\n');
    expect((await importError(csv)).details.expected).toMatch(/<log> root/);
    const missing = await importError(join(dir, 'does-not-exist.xes'));
    expect(missing.details).toMatchObject({ value: 'ENOENT' });
  });

  it('uses the display name in errors', async () => {
    const path = await xesFile('tmp-upload-123', '<log><trace></trace></log>');
    const error = await importXes(path, { displayName: 'collections.xes' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ImportError);
    expect((error as ImportError).details.file).toBe('collections.xes');
    expect((error as ImportError).message.startsWith('collections.xes, line 1')).toBe(true);
  });
});
