/**
 * `npm run soak [-- --minutes 10 --clients 20 --events 1000000 --upload-events 100000 --seed 7]`
 *
 * A soak of the real server (api/main.ts through bench/soak-server.ts, in its own process) on the
 * generated sample log of --events events: --clients concurrent HTTP clients, signed in as the
 * sample organisation's collectors, managers and executives, keep asking for views with changing
 * filters (map, KPIs, summary, variants, invoices, worklist, conformance, violations,
 * bottlenecks, timelines, root causes, and revalidations answered 304) for --minutes; meanwhile
 * an executive uploads a log of --upload-events events (a background import) and runs the bot's
 * digests to a stand-in Bot Connector for every collector. The server reports its memory every
 * 10 s, after a full GC. Prints the error count and the memory slope; writes the figures to
 * bench/out/soak-<time>.json. Exit code 1 when any request failed.
 *
 * Never asserted in CI (it takes minutes); docs/RELIABILITY.md "Soak" has a run's figures.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { logIdForSource } from '../api/adapters/store/duckdb-store.ts';
import { issueLocalToken } from '../api/auth/issue-token.ts';
import { encodeFilter, type FilterSpec } from '../api/contracts/index.ts';
import { nearestRank } from '../api/engine/index.ts';
import { SAMPLE_SOURCE } from '../api/server/sample-bootstrap.ts';
import { SAMPLE_ORGANISATION } from '../api/sample/generator.ts';
import { startBotConnector } from '../test/stand-ins/bot-connector.ts';
import { people, random } from './clients.ts';
import { ensureCsv, OUT_DIR } from './inputs.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const say = (line: string) => process.stdout.write(`${line}\n`);

const { values: args } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    clients: { type: 'string', default: '20' },
    events: { type: 'string', default: '1000000' },
    'upload-events': { type: 'string', default: '100000' },
    seed: { type: 'string', default: '7' },
  },
});
const MINUTES = Number(args.minutes);
const CLIENTS = Number(args.clients);
const EVENTS = Number(args.events);
const UPLOAD_EVENTS = Number(args['upload-events']);
const SEED = Number(args.seed);
const SAMPLE_MS = 10_000;

// --- views and requests ----------------------------------------------------------------------------
type Filter = NonNullable<FilterSpec['filters']>[number];
const SEGMENTS = [null, 'Enterprise', 'Mid-Market', 'SMB', 'Government'];
const OUTCOMES = [null, 'open', 'settled', 'writtenOff'] as const;
const PERIODS: (Filter | null)[] = [
  null,
  { kind: 'timeRange', mode: 'started', from: '2024-01-01' },
  { kind: 'timeRange', mode: 'active', from: '2024-04-01', to: '2024-07-01' },
  { kind: 'timeRange', mode: 'ended', from: '2023-07-01', to: '2024-01-01' },
];
const COMPANIES = [null, ['US01', 'CA01'], ['DE01', 'FR01', 'GB01'], ['JP01', 'SG01']];

function filters(): string[] {
  const all: string[] = [];
  for (const segment of SEGMENTS)
    for (const outcome of OUTCOMES)
      for (const period of PERIODS)
        for (const companies of COMPANIES) {
          const list: Filter[] = [];
          if (segment) list.push({ kind: 'attribute', attribute: 'CustomerSegment', values: [segment] });
          if (outcome) list.push({ kind: 'outcome', outcomes: [outcome] });
          if (period) list.push(period);
          if (companies) list.push({ kind: 'attribute', attribute: 'CompanyCode', values: companies });
          all.push(list.length ? encodeFilter({ filters: list }) : '');
        }
  return all;
}

/** What a client asks for, by weight. */
const ENDPOINTS: [name: string, weight: number, path: (log: string, f: string, r: () => number) => string][] = [
  ['map', 20, (log, f, r) => `/api/logs/${log}/map?paths=${[100, 50, 20][Math.floor(r() * 3)]}${f && `&filter=${f}`}`],
  ['kpis', 18, (log, f) => `/api/logs/${log}/kpis${f && `?filter=${f}`}`],
  ['summary', 10, (log, f) => `/api/logs/${log}/summary${f && `?filter=${f}`}`],
  ['variants', 8, (log, f) => `/api/logs/${log}/variants?limit=50${f && `&filter=${f}`}`],
  ['cases', 8, (log, f) => `/api/logs/${log}/cases?limit=50&sort=duration${f && `&filter=${f}`}`],
  ['worklist', 8, (log, f) => `/api/logs/${log}/worklist?limit=20${f && `&filter=${f}`}`],
  ['conformance', 8, (log, f) => `/api/logs/${log}/conformance${f && `?filter=${f}`}`],
  ['violations', 6, (log, f) => `/api/logs/${log}/conformance/violations?limit=50${f && `&filter=${f}`}`],
  ['bottlenecks', 6, (log, f) => `/api/logs/${log}/bottlenecks${f && `?filter=${f}`}`],
  ['root-causes', 2, (log, f) => `/api/logs/${log}/root-causes${f && `?filter=${f}`}`],
];
const TOTAL_WEIGHT = ENDPOINTS.reduce((n, [, w]) => n + w, 0);


// --- measuring -------------------------------------------------------------------------------------
interface Sample {
  readonly endpoint: string;
  readonly ms: number;
  readonly status: number;
  readonly at: number;
}

interface MemorySample {
  readonly t: number;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

const MB = 1024 * 1024;

function percentiles(ms: number[]) {
  const sorted = Float64Array.from(ms).sort();
  const at = (p: number) => (sorted.length ? sorted[nearestRank(p, sorted.length) - 1] : 0);
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : 0 };
}

/** Least-squares slope of y over t (minutes): MB per minute. */
function slope(points: { t: number; y: number }[]): number {
  const n = points.length;
  if (n < 2) return 0;
  const mt = points.reduce((s, p) => s + p.t, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let num = 0;
  let den = 0;
  for (const p of points) {
    num += (p.t - mt) * (p.y - my);
    den += (p.t - mt) ** 2;
  }
  return den === 0 ? 0 : num / den;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolvePort(port));
    });
  });
}

// --- the run ---------------------------------------------------------------------------------------
async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cl-soak-'));
  const connector = await startBotConnector();
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const sampleLog = logIdForSource(SAMPLE_SOURCE);
  const workers = process.env.ANALYSIS_WORKERS ?? String(Math.min(4, Math.max(1, availableParallelism() - 1)));
  say(`soak: ${MINUTES} min, ${CLIENTS} clients, ${EVENTS.toLocaleString('en')}-event sample, an upload of ${UPLOAD_EVENTS.toLocaleString('en')} events and a digest run; ${workers} analysis worker(s)`);

  const uploadFile = await ensureCsv(OUT_DIR, UPLOAD_EVENTS, SEED + 1, say);
  const memory: MemorySample[] = [];
  const serverErrors: string[] = [];
  let t0 = 0;
  const started = Date.now();
  const server: ChildProcess = spawn(process.execPath, ['--expose-gc', '--max-old-space-size=8192', '--import', 'tsx', join(REPO, 'bench/soak-server.ts')], {
    cwd: REPO,
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      SAMPLE_EVENTS: String(EVENTS),
      LOG_LEVEL: 'warn',
      TAB_DIR: join(dataDir, 'no-tab'),
      DIGEST_ENABLED: 'false',
      BOT_LOG_ID: sampleLog,
      SOAK_SAMPLE_MS: String(SAMPLE_MS),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let pending = '';
  server.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      let parsed: Record<string, unknown>;
      try {
        parsed = JSON.parse(line) as Record<string, unknown>;
      } catch {
        continue;
      }
      if (parsed.soak === 'memory') {
        if (t0 > 0) memory.push({ t: (Number(parsed.at) - t0) / 60_000, rss: Number(parsed.rss), heapUsed: Number(parsed.heapUsed), heapTotal: Number(parsed.heapTotal), external: Number(parsed.external), arrayBuffers: Number(parsed.arrayBuffers) });
      } else if (Number(parsed.level) >= 50) {
        serverErrors.push(String(parsed.msg));
      }
    }
  });
  const exited = new Promise<number | null>((r) => server.once('exit', (code) => r(code)));

  try {
    for (;;) {
      if (server.exitCode !== null) throw new Error(`the server exited with ${server.exitCode}`);
      if (await fetch(`${base}/api/ready`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    const startS = (Date.now() - started) / 1000;
    say(`server ready in ${startS.toFixed(0)} s (sample generated and stored)`);

    const clients = people(CLIENTS);
    const tokens = await Promise.all(clients.map((c) => issueLocalToken(dataDir, { user: c.user, role: c.role })));
    const executive = await issueLocalToken(dataDir, { user: 'Soak Executive', role: 'executive' });
    const auth = (token: string) => ({ authorization: `Bearer ${token}` });
    const info = ((await (await fetch(`${base}/api/logs/${sampleLog}`, { headers: auth(executive) })).json()) as { log: { events: number; cases: number } }).log;
    say(`log ${sampleLog}: ${info.events.toLocaleString('en')} events, ${info.cases.toLocaleString('en')} invoices`);

    // Every person opens the tab once (log, default map and KPIs), and notes a few of their invoices for timelines.
    const warm = Date.now();
    const invoices: string[][] = await Promise.all(
      tokens.map(async (token) => {
        for (const path of [`/api/logs/${sampleLog}`, `/api/logs/${sampleLog}/map`, `/api/logs/${sampleLog}/kpis`]) await (await fetch(`${base}${path}`, { headers: auth(token) })).arrayBuffer();
        const page = (await (await fetch(`${base}/api/logs/${sampleLog}/cases?limit=20`, { headers: auth(token) })).json()) as { items: { caseId: string }[] };
        return page.items.map((i) => i.caseId);
      }),
    );
    say(`first touch for ${tokens.length} people: ${((Date.now() - warm) / 1000).toFixed(1)} s`);

    // The bot installed for every collector (Teams sends installationUpdate), replies going to the stand-in connector.
    for (const collector of SAMPLE_ORGANISATION.collectors) {
      const id = `soak-${collector.name.toLowerCase().replace(/\W+/g, '-')}`;
      const response = await fetch(`${base}/api/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          type: 'installationUpdate',
          action: 'add',
          id: `install-${id}`,
          channelId: 'msteams',
          serviceUrl: connector.serviceUrl,
          locale: 'en-US',
          from: { id: `29:${id}`, name: collector.name, aadObjectId: id },
          recipient: { id: '28:collections-lens-bot', name: 'Collections Lens' },
          conversation: { id: `a:personal-${id}`, conversationType: 'personal', tenantId: 'tenant-1' },
        }),
      });
      if (response.status !== 200) throw new Error(`installing the bot for ${collector.name}: ${response.status}`);
    }

    const space = filters();
    const samples: Sample[] = [];
    const failures = new Map<string, number>();
    const fail = (what: string) => failures.set(what, (failures.get(what) ?? 0) + 1);
    t0 = Date.now();
    const deadline = t0 + MINUTES * 60_000;
    say(`clock started: ${space.length} filters × ${ENDPOINTS.length} analyses; memory every ${SAMPLE_MS / 1000} s`);

    const progress = setInterval(() => {
      const last = memory.at(-1);
      const recent = samples.filter((s) => s.at > Date.now() - 60_000);
      say(
        `  ${((Date.now() - t0) / 60_000).toFixed(1)} min: ${samples.length} requests, ${[...failures.values()].reduce((a, b) => a + b, 0)} errors, ` +
          `last minute p95 ${percentiles(recent.map((s) => s.ms)).p95.toFixed(0)} ms; rss ${last ? (last.rss / MB).toFixed(0) : '?'} MB, heap ${last ? (last.heapUsed / MB).toFixed(0) : '?'} MB`,
      );
    }, 60_000);

    const upload = (async () => {
      await new Promise((r) => setTimeout(r, MINUTES * 60_000 * 0.1));
      const began = Date.now();
      const response = await fetch(`${base}/api/logs?file=soak-upload.csv&name=Soak%20upload`, {
        method: 'POST',
        headers: { ...auth(executive), 'content-type': 'text/csv' },
        body: readFileSync(uploadFile),
      });
      if (response.status !== 202) {
        fail(`upload answered ${response.status}`);
        return null;
      }
      const job = (await response.json()) as { id: string };
      for (;;) {
        const state = (await (await fetch(`${base}/api/imports/${job.id}`, { headers: auth(executive) })).json()) as { status: string; events: number | null; error: unknown };
        if (state.status === 'succeeded' || state.status === 'failed') {
          if (state.status === 'failed') fail(`import failed: ${JSON.stringify(state.error)}`);
          say(`  upload of ${UPLOAD_EVENTS.toLocaleString('en')} events: ${state.status} in ${((Date.now() - began) / 1000).toFixed(1)} s`);
          return { status: state.status, events: state.events, seconds: (Date.now() - began) / 1000, at: (began - t0) / 60_000 };
        }
        await new Promise((r) => setTimeout(r, 500));
      }
    })();

    const digest = (async () => {
      await new Promise((r) => setTimeout(r, MINUTES * 60_000 * 0.3));
      const began = Date.now();
      const response = await fetch(`${base}/api/admin/digests/run`, { method: 'POST', headers: { ...auth(executive), 'content-type': 'application/json' }, body: '{}' });
      if (response.status !== 200) {
        fail(`digest run answered ${response.status}`);
        return null;
      }
      const report = (await response.json()) as { sent: unknown[]; skipped: unknown[]; failed: unknown[]; held: unknown[] };
      for (let i = 0; i < report.failed.length; i++) fail('digest failed');
      say(`  digest run: ${report.sent.length} sent, ${report.skipped.length} skipped, ${report.failed.length} failed in ${((Date.now() - began) / 1000).toFixed(1)} s`);
      return { sent: report.sent.length, skipped: report.skipped.length, failed: report.failed.length, seconds: (Date.now() - began) / 1000, at: (began - t0) / 60_000, connectorMessages: connector.messages().length };
    })();

    await Promise.all(
      tokens.map(async (token, i) => {
        const next = random(SEED * 1000 + i);
        const etags = new Map<string, string>();
        while (Date.now() < deadline) {
          let pick = next() * TOTAL_WEIGHT;
          let endpoint = ENDPOINTS[0];
          for (const candidate of ENDPOINTS) {
            pick -= candidate[1];
            if (pick < 0) {
              endpoint = candidate;
              break;
            }
          }
          const filter = space[Math.floor(next() * space.length)];
          let name = endpoint[0];
          let path = endpoint[2](sampleLog, filter, next);
          if (next() < 0.05 && invoices[i].length) {
            name = 'timeline';
            path = `/api/logs/${sampleLog}/cases/${encodeURIComponent(invoices[i][Math.floor(next() * invoices[i].length)])}`;
          }
          const headers: Record<string, string> = auth(token);
          const revalidate = next() < 0.1 && etags.has(path);
          if (revalidate) headers['if-none-match'] = etags.get(path)!;
          const sent = performance.now();
          let status = 0;
          try {
            const response = await fetch(`${base}${path}`, { headers });
            await response.arrayBuffer();
            status = response.status;
            const etag = response.headers.get('etag');
            if (etag) etags.set(path, etag);
          } catch (error) {
            fail(`${name}: ${(error as Error).message}`);
          }
          if (status !== 0 && status !== 200 && status !== 304) fail(`${name}: HTTP ${status}`);
          samples.push({ endpoint: revalidate ? `${name} (revalidated)` : name, ms: performance.now() - sent, status, at: Date.now() });
        }
      }),
    );
    clearInterval(progress);
    const uploaded = await upload;
    const digested = await digest;
    const wallMinutes = (Date.now() - t0) / 60_000;
    // One more memory sample after the load.
    await new Promise((r) => setTimeout(r, SAMPLE_MS + 1000));

    // --- report ------------------------------------------------------------------------------------
    const errors = [...failures.values()].reduce((a, b) => a + b, 0);
    const byEndpoint = [...new Set(samples.map((s) => s.endpoint))].sort().map((endpoint) => ({ endpoint, ...percentiles(samples.filter((s) => s.endpoint === endpoint).map((s) => s.ms)) }));
    const all = percentiles(samples.map((s) => s.ms));
    const steadyFrom = MINUTES * 0.4;
    const series = (key: 'rss' | 'heapUsed' | 'arrayBuffers' | 'other', from = 0) =>
      memory.filter((m) => m.t >= from).map((m) => ({ t: m.t, y: (key === 'other' ? m.rss - m.arrayBuffers : m[key]) / MB }));
    const memoryReport = {
      samples: memory.length,
      rssMB: { first: (memory[0]?.rss ?? Number.NaN) / MB, last: (memory.at(-1)?.rss ?? Number.NaN) / MB, min: Math.min(...memory.map((m) => m.rss)) / MB, max: Math.max(...memory.map((m) => m.rss)) / MB },
      heapUsedMB: { first: (memory[0]?.heapUsed ?? Number.NaN) / MB, last: (memory.at(-1)?.heapUsed ?? Number.NaN) / MB, min: Math.min(...memory.map((m) => m.heapUsed)) / MB, max: Math.max(...memory.map((m) => m.heapUsed)) / MB },
      arrayBuffersMB: { first: (memory[0]?.arrayBuffers ?? Number.NaN) / MB, last: (memory.at(-1)?.arrayBuffers ?? Number.NaN) / MB },
      slopeMBPerMinute: {
        rss: slope(series('rss')),
        heapUsed: slope(series('heapUsed')),
        rssSteady: slope(series('rss', steadyFrom)),
        heapUsedSteady: slope(series('heapUsed', steadyFrom)),
        // Buffers: the result cache's serialised bodies (bounded by RESULT_CACHE_MB) and logs' typed arrays.
        arrayBuffersSteady: slope(series('arrayBuffers', steadyFrom)),
        rssLessArrayBuffersSteady: slope(series('other', steadyFrom)),
        rssLastThird: slope(series('rss', MINUTES * 2 / 3)),
        heapUsedLastThird: slope(series('heapUsed', MINUTES * 2 / 3)),
      },
      steadyFromMinute: steadyFrom,
      perMinute: memory
        .filter((_m, i) => i % Math.round(60_000 / SAMPLE_MS) === 0 || i === memory.length - 1)
        .map((m) => ({ t: Number(m.t.toFixed(2)), rssMB: Math.round(m.rss / MB), heapUsedMB: Math.round(m.heapUsed / MB), arrayBuffersMB: Math.round(m.arrayBuffers / MB) })),
      all: memory.map((m) => ({ t: Number(m.t.toFixed(3)), rss: m.rss, heapUsed: m.heapUsed, heapTotal: m.heapTotal, external: m.external, arrayBuffers: m.arrayBuffers })),
    };
    const report = {
      date: new Date().toISOString(),
      machine: { cpu: cpus()[0]?.model, cores: availableParallelism(), node: process.version, analysisWorkers: Number(workers) },
      options: { minutes: MINUTES, clients: CLIENTS, events: EVENTS, uploadEvents: UPLOAD_EVENTS, seed: SEED },
      log: { id: sampleLog, events: info.events, cases: info.cases },
      serverStartSeconds: startS,
      wallMinutes,
      requests: samples.length,
      errors,
      failures: Object.fromEntries(failures),
      serverErrorLines: serverErrors.length,
      serverErrorMessages: [...new Set(serverErrors)].slice(0, 20),
      latency: all,
      byEndpoint,
      upload: uploaded,
      digest: digested,
      memory: memoryReport,
    };
    mkdirSync(OUT_DIR, { recursive: true });
    const out = join(OUT_DIR, `soak-${report.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);

    const f = (n: number | undefined, d = 0) => (n === undefined || Number.isNaN(n) ? '?' : n.toFixed(d));
    say('');
    say(`requests: ${samples.length} in ${wallMinutes.toFixed(1)} min; errors: ${errors}${errors ? ` ${JSON.stringify(report.failures)}` : ''}; server error log lines: ${serverErrors.length}`);
    say(`latency ms: p50 ${f(all.p50)} p95 ${f(all.p95)} p99 ${f(all.p99)} max ${f(all.max)}`);
    for (const e of byEndpoint) say(`  ${e.endpoint.padEnd(26)} n ${String(e.n).padStart(6)}  p50 ${f(e.p50).padStart(6)}  p95 ${f(e.p95).padStart(6)}  max ${f(e.max).padStart(6)}`);
    say(`upload: ${JSON.stringify(uploaded)}`);
    say(`digest: ${JSON.stringify(digested)}`);
    say(
      `memory (server, after GC): rss ${f(memoryReport.rssMB.first)} → ${f(memoryReport.rssMB.last)} MB (max ${f(memoryReport.rssMB.max)}), ` +
        `heap ${f(memoryReport.heapUsedMB.first)} → ${f(memoryReport.heapUsedMB.last)} MB (max ${f(memoryReport.heapUsedMB.max)})`,
    );
    const sl = memoryReport.slopeMBPerMinute;
    say(`memory (server): array buffers ${f(memoryReport.arrayBuffersMB.first)} → ${f(memoryReport.arrayBuffersMB.last)} MB (result cache bodies, logs' typed arrays)`);
    say(
      `memory slope MB/min: whole run rss ${f(sl.rss, 2)}, heap ${f(sl.heapUsed, 2)}; ` +
        `from minute ${steadyFrom.toFixed(1)} (after the upload and the digest) rss ${f(sl.rssSteady, 2)} (of which array buffers ${f(sl.arrayBuffersSteady, 2)}, the rest ${f(sl.rssLessArrayBuffersSteady, 2)}), heap ${f(sl.heapUsedSteady, 2)}; ` +
        `last third rss ${f(sl.rssLastThird, 2)}, heap ${f(sl.heapUsedLastThird, 2)}`,
    );
    say(`figures: ${out}`);
    process.exitCode = errors > 0 ? 1 : 0;
  } finally {
    if (server.exitCode === null) server.kill('SIGTERM');
    await exited;
    await connector.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`soak failed: ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
