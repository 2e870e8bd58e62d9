import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../api/adapters/export/csv-writer.ts';
import { importJobSchema } from '../../api/contracts/imports.ts';
import { problemSchema } from '../../api/contracts/index.ts';
import { logDetailSchema } from '../../api/contracts/logs.ts';
import { generateSample } from '../../api/sample/generator.ts';
import { parsed, PEOPLE, startTestServer, waitForImport, type TestServer } from './helpers.ts';

let server: TestServer;
let executive: string;
let sampleCsv: string;

beforeAll(async () => {
  server = await startTestServer({ UPLOAD_MAX_BYTES: String(2 * 1024 * 1024) });
  executive = await server.token(PEOPLE.executive.user, 'executive');
  const path = join(server.dataDir, 'upload-source.csv');
  await writeCsv(generateSample({ events: 800, seed: 7 }), path);
  sampleCsv = readFileSync(path, 'utf8');
});
afterAll(() => server?.stop());

const upload = (path: string, body: string | Uint8Array<ArrayBuffer>, token = executive) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv' }, body });

/** Polls the log until an import holds it (or no longer does): states, not durations. */
async function untilImporting(logId: string, importing: boolean): Promise<void> {
  for (;;) {
    const detail = await parsed(await server.get(`/api/logs/${logId}`, executive), logDetailSchema);
    if (detail.importing === importing) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('uploads', () => {
  let logId = '';

  it('imports a CSV as a new log in the background and reports progress', async () => {
    const response = await upload('/api/logs?file=ledger.csv&name=Ledger%20extract', sampleCsv);
    expect(response.status).toBe(202);
    const job = await parsed(response, importJobSchema);
    expect(response.headers.get('location')).toBe(`/api/imports/${job.id}`);
    const done = importJobSchema.parse(await waitForImport(server, executive, job.id));
    expect(done.status).toBe('succeeded');
    expect(done.progress.fraction).toBe(1);
    expect(done.logVersion).toBe(1);
    expect(done.events).toBeGreaterThan(800); // derived events come on top of the file's
    logId = done.logId!;
    const detail = await parsed(await server.get(`/api/logs/${logId}`, executive), logDetailSchema);
    expect(detail.log).toMatchObject({ name: 'Ledger extract', version: 1 });
    const map = (await (await server.get(`/api/logs/${logId}/map`, executive)).json()) as { cases: number };
    expect(map.cases).toBe(detail.log.cases);
  });

  it('streams the outcome as server-sent events', async () => {
    const response = await upload(`/api/logs/${logId}/versions?file=ledger.csv`, sampleCsv);
    const job = await parsed(response, importJobSchema);
    const events = await fetch(`${server.url}/api/imports/${job.id}/events`, { headers: { authorization: `Bearer ${executive}` } });
    expect(events.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await events.text(); // the stream ends after `done`
    const frames = text.split('\n\n').filter((frame) => frame.startsWith('event:'));
    expect(frames[0]).toMatch(/^event: progress/);
    const last = frames[frames.length - 1];
    expect(last).toMatch(/^event: done/);
    const final = importJobSchema.parse(JSON.parse(last.slice(last.indexOf('data: ') + 6)));
    expect(final).toMatchObject({ status: 'succeeded', logId, logVersion: 2 });
  });

  it('a broken file leaves the version in force intact and says which row and column', async () => {
    const before = await parsed(await server.get(`/api/logs/${logId}`, executive), logDetailSchema);
    const mapBefore = await (await server.get(`/api/logs/${logId}/map`, executive)).text();
    const lines = sampleCsv.split('\n');
    const header = lines[0].split(',');
    const timeColumn = header.indexOf('EventTime');
    const cells = lines[3].split(',');
    cells[timeColumn] = 'yesterday-ish';
    lines[3] = cells.join(',');

    const response = await upload(`/api/logs/${logId}/versions?file=broken.csv`, lines.join('\n'));
    expect(response.status).toBe(202);
    const failed = importJobSchema.parse(await waitForImport(server, executive, (await response.json()).id));
    expect(failed.status).toBe('failed');
    expect(failed.error).toMatchObject({ file: 'broken.csv', row: 3, field: 'EventTime', value: 'yesterday-ish' });
    expect(failed.error!.column).toContain('EventTime');
    expect(failed.error!.message).toMatch(/row 3/);

    const after = await parsed(await server.get(`/api/logs/${logId}`, executive), logDetailSchema);
    expect(after.log).toEqual(before.log);
    expect(await (await server.get(`/api/logs/${logId}/map`, executive)).text()).toBe(mapBefore);
  });

  it('runs one import at a time per log', async () => {
    await untilImporting(logId, false);
    // An upload whose body is still arriving holds the log.
    const slow = request(`${server.url}/api/logs/${logId}/versions?file=slow.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${executive}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
    });
    const slowResponse = new Promise<number>((resolve, reject) => {
      slow.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      slow.on('error', reject);
    });
    slow.write(sampleCsv.slice(0, 1000));
    // The upload holds the log from the moment its request arrives: wait until the log says so.
    await untilImporting(logId, true);
    const second = await upload(`/api/logs/${logId}/versions?file=other.csv`, sampleCsv);
    expect(second.status).toBe(409);
    expect((await parsed(second, problemSchema)).type).toMatch(/import-running$/);
    expect((await server.send('DELETE', `/api/logs/${logId}`, executive)).status).toBe(409);
    slow.end(sampleCsv.slice(1000));
    expect(await slowResponse).toBe(202);
  });

  it('refuses what it cannot take: too large, unknown format, a second log of the same name', async () => {
    const big = new Uint8Array(3 * 1024 * 1024).fill(97);
    const tooLarge = await upload('/api/logs?file=big.csv', big);
    expect(tooLarge.status).toBe(413);
    expect((await server.get('/api/logs', executive)).status).toBe(200); // the server is fine afterwards

    const unknown = await upload('/api/logs?file=ledger.pdf', 'x');
    expect(unknown.status).toBe(400);
    expect((await parsed(unknown, problemSchema)).detail).toMatch(/\.csv/);

    const again = await upload('/api/logs?file=ledger.csv&name=Ledger%20extract', sampleCsv);
    expect(again.status).toBe(409);
    expect((await parsed(again, problemSchema)).type).toMatch(/log-exists$/);
  });

  it('deletes a log once no import runs', async () => {
    await untilImporting(logId, false);
    expect((await server.send('DELETE', `/api/logs/${logId}`, executive)).status).toBe(204);
    expect((await server.get(`/api/logs/${logId}`, executive)).status).toBe(404);
  });

  it('serves the template to fill', async () => {
    const response = await server.get('/api/logs/template?format=csv', await server.token(PEOPLE.collector.user, 'collector'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="?collections-lens-template.csv"?/);
    expect((await response.text()).split('\n')[0]).toMatch(/^InvoiceNumber,ActivityName,EventTime/);
  });
});
