/**
 * `npm run bench:api [-- --events 1000000 --clients 20 --iterations 60 --seed 7 --no-doc]`
 *
 * The API under load: starts the real server (`api/main.ts`) in a child process on a fresh data
 * folder whose sample log has --events events, then runs --clients concurrent clients over
 * HTTP, each signed in as a collector, manager or executive of the sample organisation. Every
 * iteration of a client picks a new view (filters from a fixed space, a path slider) and asks
 * for the process map and then the KPIs of that view, as the tab does. Prints p50/p95/p99 and
 * errors and rewrites the "API under load" section of docs/PERFORMANCE.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { issueLocalToken } from '../api/auth/issue-token.ts';
import type { Role } from '../api/auth/roles.ts';
import { encodeFilter, type FilterSpec } from '../api/contracts/index.ts';
import { nearestRank } from '../api/engine/index.ts';
import { SAMPLE_ORGANISATION } from '../api/sample/generator.ts';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const START_MARKER = '<!-- bench:api:start -->';
const END_MARKER = '<!-- bench:api:end -->';
const say = (line: string) => process.stdout.write(`${line}\n`);

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    clients: { type: 'string', default: '20' },
    iterations: { type: 'string', default: '60' },
    seed: { type: 'string', default: '7' },
    'no-doc': { type: 'boolean', default: false },
  },
});
const EVENTS = Number(args.events);
const CLIENTS = Number(args.clients);
const ITERATIONS = Number(args.iterations);

// --- the view space the clients move through --------------------------------------------------
const SEGMENTS = [null, 'Enterprise', 'Mid-Market', 'SMB', 'Government'];
const OUTCOMES = [null, 'open', 'settled', 'writtenOff'] as const;
const PERIODS: (FilterSpec['filters'] extends (infer F)[] | undefined ? F | null : never)[] = [
  null,
  { kind: 'timeRange', mode: 'started', from: '2024-01-01' },
  { kind: 'timeRange', mode: 'active', from: '2024-04-01', to: '2024-07-01' },
];
const PATHS = [100, 50, 20];

function views(): { filter: string; paths: number }[] {
  const all: { filter: string; paths: number }[] = [];
  for (const segment of SEGMENTS)
    for (const outcome of OUTCOMES)
      for (const period of PERIODS) {
        const filters: NonNullable<FilterSpec['filters']> = [];
        if (segment) filters.push({ kind: 'attribute', attribute: 'CustomerSegment', values: [segment] });
        if (outcome) filters.push({ kind: 'outcome', outcomes: [outcome] });
        if (period) filters.push(period);
        for (const paths of PATHS) all.push({ filter: filters.length ? encodeFilter({ filters }) : '', paths });
      }
  return all;
}

/** Deterministic so runs compare: mulberry32. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** 20 people of the sample organisation: every collector, every manager, some executives. */
function people(n: number): { user: string; role: Role; scope: string }[] {
  const list: { user: string; role: Role; scope: string }[] = [
    ...SAMPLE_ORGANISATION.collectors.map((c) => ({ user: c.name, role: 'collector' as Role, scope: `c:${c.name}` })),
    ...SAMPLE_ORGANISATION.teams.map((t) => ({ user: t.manager, role: 'manager' as Role, scope: `m:${t.name}` })),
  ];
  for (let i = 0; list.length < n; i++) list.push({ user: `Executive ${i + 1}`, role: 'executive', scope: 'all' });
  return list.slice(0, n);
}

// --- server ------------------------------------------------------------------------------------
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

async function until<T>(what: () => Promise<T | undefined>, child: ChildProcess): Promise<T> {
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode}`);
    const value = await what().catch(() => undefined);
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 500));
  }
}

interface Sample {
  readonly endpoint: 'map' | 'kpis';
  readonly ms: number;
  readonly status: number;
  readonly cold: boolean;
}

function stats(ms: number[]): { n: number; p50: number; p95: number; p99: number; max: number; mean: number } {
  const sorted = Float64Array.from(ms).sort();
  const at = (percent: number) => (sorted.length ? sorted[nearestRank(percent, sorted.length) - 1] : 0);
  return { n: sorted.length, p50: at(50), p95: at(95), p99: at(99), max: sorted.length ? sorted[sorted.length - 1] : 0, mean: sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length) };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cl-bench-api-'));
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  say(`bench:api: ${EVENTS.toLocaleString('en')} events, ${CLIENTS} clients × ${ITERATIONS} views (map + KPIs), data ${dataDir}`);
  const started = Date.now();
  // BENCH_API_PROFILE=<dir>: a CPU profile of the server, written when it stops.
  const profile = process.env.BENCH_API_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${resolve(process.env.BENCH_API_PROFILE)}`] : [];
  const server = spawn(process.execPath, [...profile, '--max-old-space-size=8192', '--import', 'tsx', join(REPO, 'api/main.ts')], {
    cwd: REPO,
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', SAMPLE_EVENTS: String(EVENTS), LOG_LEVEL: 'warn', TAB_DIR: join(dataDir, 'no-tab') },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  try {
    await until(async () => ((await fetch(`${base}/api/ready`)).ok ? true : undefined), server);
    const startS = (Date.now() - started) / 1000;
    const clients = people(CLIENTS);
    const tokens = await Promise.all(clients.map((c) => issueLocalToken(dataDir, { user: c.user, role: c.role })));
    const logs = (await (await fetch(`${base}/api/logs`, { headers: { authorization: `Bearer ${tokens[0]}` } })).json()) as { logs: { id: string; events: number; cases: number }[] };
    const log = logs.logs[0];
    // First touch per person: loads the log into memory and computes each scope (not measured below).
    const warm = Date.now();
    for (const token of tokens) await (await fetch(`${base}/api/logs/${log.id}`, { headers: { authorization: `Bearer ${token}` } })).arrayBuffer();
    const warmS = (Date.now() - warm) / 1000;
    say(`server ready in ${startS.toFixed(1)} s (generate + store ${log.events.toLocaleString('en')} events); log load + ${clients.length} scopes ${warmS.toFixed(1)} s`);

    const space = views();
    const seen = new Set<string>();
    const samples: Sample[] = [];
    const load0 = loadavg()[0];
    const runStarted = performance.now();
    await Promise.all(
      clients.map(async (client, i) => {
        const next = random(Number(args.seed) * 1000 + i);
        const headers = { authorization: `Bearer ${tokens[i]}` };
        let previous = -1;
        for (let k = 0; k < ITERATIONS; k++) {
          let pick = Math.floor(next() * space.length);
          if (pick === previous) pick = (pick + 1) % space.length; // the view changes every time
          previous = pick;
          const view = space[pick];
          const filter = view.filter ? `&filter=${view.filter}` : '';
          for (const [endpoint, path] of [
            ['map', `/api/logs/${log.id}/map?paths=${view.paths}${filter}`],
            ['kpis', `/api/logs/${log.id}/kpis?${filter.slice(1)}`],
          ] as const) {
            const key = `${client.scope}|${path}`;
            const cold = !seen.has(key);
            seen.add(key);
            const t0 = performance.now();
            let status = 0;
            try {
              const response = await fetch(`${base}${path}`, { headers });
              await response.arrayBuffer();
              status = response.status;
            } catch {
              status = -1;
            }
            samples.push({ endpoint, ms: performance.now() - t0, status, cold });
          }
        }
      }),
    );
    const wallS = (performance.now() - runStarted) / 1000;
    const errors = samples.filter((s) => s.status !== 200).length;
    const all = stats(samples.map((s) => s.ms));
    const byEndpoint = Object.fromEntries((['map', 'kpis'] as const).map((e) => [e, stats(samples.filter((s) => s.endpoint === e).map((s) => s.ms))]));
    const coldShare = samples.filter((s) => s.cold).length / samples.length;
    const coldStats = stats(samples.filter((s) => s.cold).map((s) => s.ms));
    const warmStats = stats(samples.filter((s) => !s.cold).map((s) => s.ms));
    const result = {
      date: new Date().toISOString(),
      events: log.events,
      cases: log.cases,
      clients: CLIENTS,
      iterations: ITERATIONS,
      views: space.length,
      requests: samples.length,
      errors,
      wallS,
      throughput: samples.length / wallS,
      coldShare,
      all,
      byEndpoint,
      cold: coldStats,
      repeat: warmStats,
      machine: { cpu: cpus()[0]?.model ?? '?', cores: cpus().length, node: process.version, loadAvgBefore: load0, loadAvgAfter: loadavg()[0] },
      startS,
      warmS,
    };
    const f = (n: number) => n.toFixed(0);
    say(`\n${samples.length} requests in ${wallS.toFixed(1)} s (${result.throughput.toFixed(0)}/s), ${errors} errors, ${(coldShare * 100).toFixed(0)} % first-time views`);
    say(`all   p50 ${f(all.p50)} ms  p95 ${f(all.p95)} ms  p99 ${f(all.p99)} ms  max ${f(all.max)} ms`);
    for (const [e, s] of Object.entries(byEndpoint)) say(`${e.padEnd(5)} p50 ${f(s.p50)} ms  p95 ${f(s.p95)} ms  p99 ${f(s.p99)} ms  max ${f(s.max)} ms`);
    say(`first-time views p50 ${f(coldStats.p50)} / p95 ${f(coldStats.p95)} ms; repeated views p50 ${f(warmStats.p50)} / p95 ${f(warmStats.p95)} ms`);
    writeFileSync(join(REPO, 'bench', 'out', `api-load-${result.date.slice(0, 16).replace(':', '')}.json`), `${JSON.stringify(result, null, 1)}\n`);
    if (!args['no-doc']) writeSection(join(REPO, 'docs', 'PERFORMANCE.md'), result);
    if (errors > 0) process.exitCode = 1;
  } finally {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
    rmSync(dataDir, { recursive: true, force: true });
  }
}

type Result = {
  date: string;
  events: number;
  cases: number;
  clients: number;
  iterations: number;
  views: number;
  requests: number;
  errors: number;
  wallS: number;
  throughput: number;
  coldShare: number;
  all: ReturnType<typeof stats>;
  byEndpoint: Record<string, ReturnType<typeof stats>>;
  cold: ReturnType<typeof stats>;
  repeat: ReturnType<typeof stats>;
  machine: { cpu: string; cores: number; node: string; loadAvgBefore: number; loadAvgAfter: number };
  startS: number;
  warmS: number;
};

/** Rewrites only this section of the document (between its markers), creating the file if needed. */
function writeSection(path: string, r: Result): void {
  const f = (n: number) => n.toFixed(0);
  const row = (name: string, s: ReturnType<typeof stats>) => `| ${name} | ${s.n} | ${f(s.p50)} | ${f(s.p95)} | ${f(s.p99)} | ${f(s.max)} |`;
  const target = r.all.p95 <= 200 && r.errors === 0 ? 'met' : 'not met';
  const section = [
    START_MARKER,
    '## API under load',
    '',
    `\`npm run bench:api\` (bench/api-load.ts), ${r.date.slice(0, 10)}: the real server in its own process (\`api/main.ts\`, DuckDB store,`,
    `sample log of ${r.events.toLocaleString('en')} events / ${r.cases.toLocaleString('en')} invoices), ${r.clients} concurrent HTTP clients signed in as`,
    'the sample organisation\'s collectors, managers and executives (each sees only their invoices). Each client',
    `asks ${r.iterations} times for a new view (${r.views} views: customer segment × outcome × period filters × path slider),`,
    'the map (`GET /api/logs/{id}/map`) then the KPIs (`GET /api/logs/{id}/kpis`) of that view. Latency is per request,',
    'measured by the client from sending to the last byte. The log load and the first scope of each person are',
    `done before measuring (${r.warmS.toFixed(1)} s); starting the server with the generated log took ${r.startS.toFixed(0)} s.`,
    '',
    `Machine: ${r.machine.cpu}, ${r.machine.cores} cores (server and clients share them), Node ${r.machine.node}; load average ${r.machine.loadAvgBefore.toFixed(2)} before, ${r.machine.loadAvgAfter.toFixed(2)} after.`,
    '',
    '| requests | n | p50 ms | p95 ms | p99 ms | max ms |',
    '|---|---|---|---|---|---|',
    row('all', r.all),
    row('map', r.byEndpoint.map),
    row('KPIs', r.byEndpoint.kpis),
    row('first time a scope asks for the view', r.cold),
    row('view asked before (same scope)', r.repeat),
    '',
    `${r.requests} requests in ${r.wallS.toFixed(1)} s (${r.throughput.toFixed(0)} requests/s), **${r.errors} errors**; ${(r.coldShare * 100).toFixed(0)} % of the requests were the first for their (scope, view).`,
    `Target p95 ≤ 200 ms with 0 errors: **${target}**.`,
    END_MARKER,
  ].join('\n');
  const current = existsSync(path)
    ? readFileSync(path, 'utf8')
    : '# Performance\n\nMeasured speed and memory of Collections Lens. Each section says how its figures were made\nand is rewritten by the tool that made them; add sections of your own outside the markers.\n';
  const start = current.indexOf(START_MARKER);
  const end = current.indexOf(END_MARKER);
  const next = start >= 0 && end > start ? current.slice(0, start) + section + current.slice(end + END_MARKER.length) : `${current.trimEnd()}\n\n${section}\n`;
  writeFileSync(path, next);
  say(`doc: ${path} (API under load)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:api failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
