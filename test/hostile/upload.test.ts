import { readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { request } from 'node:http';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importJobSchema } from '../../api/contracts/imports.ts';
import { problemSchema } from '../../api/contracts/index.ts';
import { logDetailSchema } from '../../api/contracts/logs.ts';
import { encodeFilter } from '../../api/contracts/filter-encoding.ts';
import { DEFAULT_POLICY } from '../../api/engine/conformance/default-policy.ts';
import { parsed, PEOPLE, startTestServer, waitForImport, type TestServer } from '../api/helpers.ts';
import { CORPUS } from './corpus.ts';

const MAX_UPLOAD = 12 * 1024 * 1024;

let server: TestServer;
let executive: string;
let manager: string;
let logId = '';

const byName = new Map(CORPUS.map((entry) => [entry.name, entry]));

beforeAll(async () => {
  server = await startTestServer({ UPLOAD_MAX_BYTES: String(MAX_UPLOAD), UPLOADS_PER_HOUR: '1000' });
  executive = await server.token(PEOPLE.executive.user, 'executive');
  manager = await server.token(PEOPLE.manager.user, 'manager');
  // The log every hostile upload tries to replace.
  const good = await fetch(`${server.url}/api/logs?file=base.csv&name=Hostile%20target`, {
    method: 'POST',
    headers: { authorization: `Bearer ${executive}`, 'content-type': 'text/csv' },
    body: 'InvoiceNumber,ActivityName,EventTime,InvoiceAmount\nINV-1,Invoice Posted,2024-03-01T09:00:00Z,100\nINV-1,Reminder Sent,2024-03-10T09:00:00Z,100\n',
  });
  const job = importJobSchema.parse(await waitForImport(server, executive, (await good.json()).id));
  expect(job.status).toBe('succeeded');
  logId = job.logId!;
});
afterAll(() => server?.stop());

/** What must not change: the log in force, the catalogue, and no file left behind. */
async function storeState() {
  const detail = await parsed(await server.get(`/api/logs/${logId}`, executive), logDetailSchema);
  const catalogue = await (await server.get('/api/logs', executive)).json();
  return { log: detail.log, catalogue };
}

async function untilIdle(): Promise<void> {
  await server.running.services.imports.idle();
}

const uploadsLeft = () => readdirSync(join(server.dataDir, 'uploads'));

async function expectProblem(response: Response, status: number, slug?: RegExp) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const problem = await parsed(response, problemSchema);
  if (slug) expect(problem.type).toMatch(slug);
  return problem;
}

/** A chunked upload (no Content-Length) of `total` bytes, stopped when the server answers. */
function chunkedUpload(path: string, total: number): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${server.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${executive}`, 'content-type': 'text/csv', 'transfer-encoding': 'chunked' },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      const parts: Buffer[] = [];
      res.on('data', (b: Buffer) => parts.push(b));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type']), body: Buffer.concat(parts).toString() }));
    });
    // The server closes the connection once it has refused: writes after that may fail.
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    const chunk = Buffer.alloc(1024 * 1024, 'a');
    let sent = 0;
    const pump = () => {
      while (sent < total && !answered && !req.destroyed) {
        sent += chunk.length;
        if (!req.write(chunk)) {
          req.once('drain', pump);
          return;
        }
      }
      if (!answered && !req.destroyed) req.end();
    };
    pump();
  });
}

describe('uploads of hostile files', () => {
  it('an upload over the limit is 413 problem+json, with or without Content-Length, and stores nothing', async () => {
    const before = await storeState();
    const jobsBefore = (await (await server.get('/api/imports', executive)).json()).jobs.length;

    const declared = await fetch(`${server.url}/api/logs/${logId}/versions?file=big.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${executive}`, 'content-type': 'text/csv' },
      body: new Uint8Array(MAX_UPLOAD + 1).fill(97),
    });
    const problem = await expectProblem(declared, 413, /too-large$/);
    expect(problem.detail).toMatch(/12 MiB/);

    const streamed = await chunkedUpload(`/api/logs/${logId}/versions?file=big.csv`, MAX_UPLOAD + 2 * 1024 * 1024);
    expect(streamed.status).toBe(413);
    expect(streamed.type).toMatch(/^application\/problem\+json/);

    await untilIdle();
    expect(await storeState()).toEqual(before);
    expect((await (await server.get('/api/imports', executive)).json()).jobs.length).toBe(jobsBefore);
    expect(uploadsLeft()).toEqual([]);
    expect((await server.get('/api/health')).status).toBe(200);
  });

  const hostile = [
    'csv/ambiguous-date',
    'csv/invalid-utf8',
    'csv/10mb-quoted-field',
    'csv/20000-columns',
    'xlsx/zip-bomb',
    'xlsx/zip-bomb-lying-directory',
    'xlsx/nan-amount',
    'xes/gzip-bomb',
    'xes/xxe',
    'xes/new-key-on-every-event',
  ];

  it.each(hostile)('%s: the import fails naming where, and the version in force stays', async (name) => {
    const entry = byName.get(name)!;
    const path = await entry.make(server.dataDir);
    const before = await storeState();
    const response = await fetch(`${server.url}/api/logs/${logId}/versions?file=${encodeURIComponent(basename(path))}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${executive}`, 'content-type': 'application/octet-stream' },
      body: await readFile(path),
    });
    // Imports run in the background (docs/API.md): the refusal is the job's outcome.
    expect(response.status).toBe(202);
    const job = importJobSchema.parse(await waitForImport(server, executive, (await response.json()).id));
    expect(job.status).toBe('failed');
    const error = job.error!;
    expect(error.message.startsWith(basename(path))).toBe(true);
    if (entry.mustMention) expect(error.message).toMatch(entry.mustMention);
    if (entry.where?.row !== undefined) expect(error.row).toBe(entry.where.row);
    if (entry.where?.line !== undefined) expect(error.line).toBe(entry.where.line);
    if (entry.where?.column) expect(String(error.column)).toMatch(entry.where.column);
    // No internals leak: the message is the importer's, not a stack or a library's.
    expect(error.message).not.toMatch(/\n\s+at |The import failed/);

    await untilIdle();
    expect(await storeState()).toEqual(before);
    expect(uploadsLeft()).toEqual([]);
  });
});

/** A raw JSON text as the body: objects written by JSON.stringify cannot hold a __proto__ key. */
const sendRaw = (method: string, path: string, token: string, body: string) =>
  fetch(`${server.url}${path}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body });

const polluted = () => (({}) as Record<string, unknown>).polluted ?? (Object.prototype as Record<string, unknown>).polluted;

describe('hostile JSON bodies', () => {
  it('__proto__ and constructor.prototype keys pollute nothing and are no 500', async () => {
    const proto = '"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}}';
    const teamRule = `{"manager":"Karen Whitfield","members":["Jessica Alvarez"],${proto},"assignment":{"by":"rule","rule":{${proto},"filters":[{"kind":"outcome","outcomes":["open"],${proto}}]}}}`;
    const attempts: [string, string, string, string][] = [
      ['POST', '/api/policy/validate', manager, `{${proto},"rules":[]}`],
      ['PUT', '/api/policy', manager, `{${proto},"policy":{${proto},"rules":[{"id":"r","kind":"no-skip",${proto}}]}}`],
      ['PUT', '/api/policy', manager, `{"policy":{"rules":[{"id":"r","kind":"no-skip","overrides":[{"when":{"__proto__":["Government"]},"set":{${proto}}}]}]}}`],
      ['PUT', '/api/teams/Hostile%20team', executive, teamRule],
      ['PUT', '/api/user-mappings/someone%40example.com', executive, `{"person":"Jessica Alvarez",${proto}}`],
    ];
    for (const [method, path, token, body] of attempts) {
      const response = await sendRaw(method, path, token, body);
      expect(response.status, `${method} ${path}`).toBeLessThan(500);
      const text = await response.text();
      expect(text).not.toMatch(/"polluted"/);
      expect(polluted()).toBeUndefined();
    }
    // What was stored reads back without the keys.
    const team = await (await server.get('/api/teams', executive)).json();
    expect(JSON.stringify(team)).not.toMatch(/polluted/);
    expect(polluted()).toBeUndefined();
  });

  it('nesting 10,000 and 100,000 deep is a 4xx, not a crash', async () => {
    for (const depth of [10_000, 100_000]) {
      const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      for (const [method, path, token, body] of [
        ['POST', '/api/policy/validate', manager, `{"rules":${deep}}`],
        ['PUT', '/api/policy', manager, `{"policy":{"rules":${deep}}}`],
        ['PUT', '/api/teams/Deep', executive, `{"manager":"Karen Whitfield","members":[],"assignment":{"by":"rule","rule":{"filters":${deep}}}}`],
        ['PUT', '/api/user-mappings/deep%40example.com', executive, `{"person":${deep}}`],
      ] as const) {
        const response = await sendRaw(method, path, token, body);
        const label = `${method} ${path} at depth ${depth}`;
        if (path === '/api/policy/validate') {
          // The validator's contract: 200 with the problems.
          expect(response.status, label).toBe(200);
          expect((await response.json()).ok).toBe(false);
        } else {
          expect(response.status, label).toBeGreaterThanOrEqual(400);
          expect(response.status, label).toBeLessThan(500);
          expect(response.headers.get('content-type'), label).toMatch(/^application\/problem\+json/);
        }
      }
    }
    expect((await server.get('/api/health')).status).toBe(200);
  });

  it('huge arrays: past the body limit 413, in a URL 431 or 414, under the limits an answer', async () => {
    const million = `[${Array.from({ length: 1_000_000 }, () => '"x"').join(',')}]`;
    const body = `{"manager":"Karen Whitfield","members":[],"assignment":{"by":"rule","rule":{"filters":[{"kind":"attribute","attribute":"CustomerSegment","values":${million}}]}}}`;
    await expectProblem(await sendRaw('PUT', '/api/teams/Huge', executive, body), 413, /too-large$/);
    await expectProblem(await sendRaw('POST', '/api/policy/validate', manager, `{"rules":${million}}`), 413, /too-large$/);

    const values = Array.from({ length: 1_000_000 }, (_, i) => `v${i}`);
    const url = `/api/logs/${logId}/summary?filter=${encodeFilter({ filters: [{ kind: 'attribute', attribute: 'CustomerSegment', values }] })}`;
    const tooLong = await server.get(url, executive);
    expect([414, 431]).toContain(tooLong.status);

    // A long but sane list is answered.
    const some = encodeFilter({ filters: [{ kind: 'attribute', attribute: 'CustomerSegment', values: values.slice(0, 500) }] });
    expect((await server.get(`/api/logs/${logId}/summary?filter=${some}`, executive)).status).toBe(200);
    // 100,000 filters that each reject everything: valid JSON under 1 MB, answered, not a crash.
    const many = `{"manager":"Karen Whitfield","members":[],"assignment":{"by":"rule","rule":{"filters":[${Array.from({ length: 50_000 }, () => '{"kind":"nope"}').join(',')}]}}}`;
    const response = await sendRaw('PUT', '/api/teams/Many', executive, many);
    await expectProblem(response, 400);
    expect((await server.get('/api/health')).status).toBe(200);
  });
});

describe('policies that contradict themselves', () => {
  const rule = (extra: object) => ({ ...extra });
  const cases: [string, object, RegExp][] = [
    [
      'a min-gap longer than the window a letter is required in',
      {
        rules: [
          rule({ id: 'dunning-level-gap', kind: 'min-gap', minDays: 14 }),
          rule({ id: 'next-letter-within-7', kind: 'required-after', anchor: 'Dunning Letter Issued', step: ['Dunning Letter Issued'], withinDays: 7 }),
        ],
      },
      /Rule 'next-letter-within-7': 'withinDays' asks for a Dunning Letter Issued within 7 calendar days after each Dunning Letter Issued, but rule 'dunning-level-gap' allows the next one no earlier than 14 days/,
    ],
    [
      'a level the policy does not have',
      { rules: [rule({ id: 'gap', kind: 'min-gap', minDays: 14, levels: ['2', '7'] })] },
      /Rule 'gap': 'levels' entry 2 must be one of the dunning levels 1, 2, 3, Legal or "final", found '7'/,
    ],
    ['two rules with one id', { rules: [rule({ id: 'a', kind: 'no-skip' }), rule({ id: 'a', kind: 'no-skip' })] }, /Rule 'a': 'id' is used by more than one rule/],
    [
      'an override setting the rule does not have',
      { rules: [rule({ id: 'gap', kind: 'min-gap', minDays: 14, overrides: [{ when: { CustomerSegment: 'Enterprise' }, set: { withinDays: 3 } }] })] },
      /Rule 'gap', override 1: 'withinDays' is not a setting of a 'min-gap' rule/,
    ],
  ];

  it.each(cases)('%s: 422 with the validator\'s words, nothing saved; validate says the same', async (_label, policy, words) => {
    const versionBefore = (await (await server.get('/api/policy', manager)).json()).version.version;
    const saved = await server.send('PUT', '/api/policy', manager, { policy, note: 'hostile' });
    const problem = await expectProblem(saved, 422, /invalid-policy$/);
    expect(problem.problems!.join('\n')).toMatch(words);
    const checked = await (await server.send('POST', '/api/policy/validate', manager, policy)).json();
    expect(checked.ok).toBe(false);
    expect(checked.problems.join('\n')).toMatch(words);
    expect((await (await server.get('/api/policy', manager)).json()).version.version).toBe(versionBefore);
  });

  it('the default policy has no contradiction', async () => {
    expect(await (await server.send('POST', '/api/policy/validate', manager, DEFAULT_POLICY)).json()).toEqual({ ok: true, problems: [] });
  });
});
