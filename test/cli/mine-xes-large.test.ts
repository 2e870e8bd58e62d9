import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createGunzip } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

/**
 * The foundation issue's acceptance check: `mine --raw --json` on a generated XES.gz of at
 * least 500,000 events, against counts made by different code — a line scan of the
 * decompressed XML with regular expressions and string keys, sharing nothing with the
 * importer or the engine.
 */
interface Scan {
  cases: number;
  events: number;
  activities: Set<string>;
  variants: Map<string, number>;
  starts: Map<string, number>;
  ends: Map<string, number>;
  pairs: Map<string, number>;
}

const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
const bump = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);

async function scanXes(path: string): Promise<Scan> {
  const scan: Scan = { cases: 0, events: 0, activities: new Set(), variants: new Map(), starts: new Map(), ends: new Map(), pairs: new Map() };
  const lines = createInterface({ input: createReadStream(path).pipe(createGunzip()), crlfDelay: Infinity });
  let trace: { name: string; time: number; i: number }[] | null = null;
  let event: { name: string; time: number } | null = null;
  for await (const raw of lines) {
    const line = raw.trim();
    if (line === '<trace>') trace = [];
    else if (line === '<event>') event = { name: '', time: Number.NaN };
    else if (line === '</event>' && trace && event) {
      trace.push({ ...event, i: trace.length });
      event = null;
    } else if (line === '</trace>' && trace) {
      if (trace.length > 0) {
        trace.sort((a, b) => a.time - b.time || a.i - b.i);
        const names = trace.map((e) => e.name);
        scan.cases++;
        scan.events += names.length;
        names.forEach((n) => scan.activities.add(n));
        bump(scan.variants, names.join('\u0001'));
        bump(scan.starts, names[0]);
        bump(scan.ends, names[names.length - 1]);
        for (let k = 1; k < names.length; k++) bump(scan.pairs, `${names[k - 1]}\u0001${names[k]}`);
      }
      trace = null;
    } else if (event) {
      const name = /^<string key="concept:name" value="(.*)"\/>$/.exec(line);
      if (name) event.name = unescape(name[1]);
      const time = /^<date key="time:timestamp" value="(.*)"\/>$/.exec(line);
      if (time) event.time = Date.parse(time[1]);
    }
  }
  return scan;
}

describe('mine --raw --json on a large XES.gz', () => {
  let dir = '';
  let file = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clens-xes-'));
    file = join(dir, 'large.xes.gz');
    const generated = await runCli('generate', ['--events', '500000', '--out', file, '--seed', '7']);
    expect(generated.code, generated.stderr).toBe(0);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reports the same counts as an independent scan of the file', async () => {
    const [mined, scan] = await Promise.all([runCli('mine', [file, '--raw', '--json']), scanXes(file)]);
    expect(mined.code, mined.stderr).toBe(0);
    const out = JSON.parse(mined.stdout) as {
      cases: number;
      events: number;
      activities: number;
      variants: number;
      startActivities: Record<string, number>;
      endActivities: Record<string, number>;
      dfg: { from: string; to: string; count: number }[];
      topVariants: { activities: string[]; count: number }[];
    };
    expect(scan.events).toBeGreaterThanOrEqual(500_000);
    expect(out.events).toBe(scan.events);
    expect(out.cases).toBe(scan.cases);
    expect(out.activities).toBe(scan.activities.size);
    expect(out.variants).toBe(scan.variants.size);
    expect(out.startActivities).toEqual(Object.fromEntries(scan.starts));
    expect(out.endActivities).toEqual(Object.fromEntries(scan.ends));
    const dfg = new Map(out.dfg.map((e) => [`${e.from}\u0001${e.to}`, e.count]));
    expect(dfg).toEqual(scan.pairs);
    const expectedTop = [...scan.variants.values()].sort((a, b) => b - a).slice(0, 20);
    expect(out.topVariants.map((v) => v.count)).toEqual(expectedTop);
    for (const v of out.topVariants) expect(scan.variants.get(v.activities.join('\u0001'))).toBe(v.count);
  });
});
