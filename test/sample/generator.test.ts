import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventRecord } from '../../api/adapters/export/event-record.ts';
import { ACTIVITY_KIND, Activity, CANONICAL_ACTIVITIES } from '../../api/engine/domain/activities.ts';
import { DEFAULT_CUTOFF, PLANTED, SAMPLE_ORGANISATION, generateSample } from '../../api/sample/generator.ts';

const DAY = 86_400_000;
const REPO = join(import.meta.dirname, '..', '..');

type Case = EventRecord[];

/** Records grouped into invoices; fails if an invoice's records are not consecutive. */
function groupCases(records: Iterable<EventRecord>): Case[] {
  const cases: Case[] = [];
  const seen = new Set<string>();
  for (const r of records) {
    const last = cases[cases.length - 1];
    if (last && last[0].InvoiceNumber === r.InvoiceNumber) {
      last.push(r);
    } else {
      if (seen.has(r.InvoiceNumber)) throw new Error(`records of ${r.InvoiceNumber} are not consecutive`);
      seen.add(r.InvoiceNumber);
      cases.push([r]);
    }
  }
  return cases;
}

function num(r: EventRecord, column: string): number {
  const v = r[column];
  if (typeof v !== 'number') throw new Error(`${r.InvoiceNumber} ${r.ActivityName}: ${column} is ${String(v)}, not a number`);
  return v;
}

function str(r: EventRecord, column: string): string {
  const v = r[column];
  if (typeof v !== 'string') throw new Error(`${r.InvoiceNumber} ${r.ActivityName}: ${column} is ${String(v)}, not text`);
  return v;
}

function sha256(records: Iterable<EventRecord>): string {
  const h = createHash('sha256');
  for (const r of records) h.update(`${JSON.stringify(r)}\n`);
  return h.digest('hex');
}

const has = (c: Case, activity: string): boolean => c.some((r) => r.ActivityName === activity);

/** Time of the settlement that brings the open balance to zero, or NaN (independent of the generator's status). */
function settledAt(c: Case): number {
  const amount = num(c[0], 'InvoiceAmount');
  let settled = 0;
  for (const r of c) {
    if (typeof r.SettledAmount === 'number') {
      settled += r.SettledAmount;
      if (settled >= amount - 0.01) return r.EventTime;
    }
  }
  return Number.NaN;
}

const OUTCOMES: Record<string, (c: Case) => boolean> = {
  writtenOff: (c) => has(c, Activity.InvoiceWrittenOff),
  paidLate: (c) => settledAt(c) >= num(c[0], 'DueDate') + DAY,
  disputed: (c) => has(c, Activity.DisputeRegistered),
};

/** Per group key: [cases, cases with the property]. */
function rates<T>(items: readonly T[], key: (item: T) => string | null, hit: (item: T) => boolean): Map<string, [number, number]> {
  const out = new Map<string, [number, number]>();
  for (const item of items) {
    const k = key(item);
    if (k === null) continue;
    const e = out.get(k) ?? [0, 0];
    e[0]++;
    if (hit(item)) e[1]++;
    out.set(k, e);
  }
  return out;
}

function ranked(m: Map<string, [number, number]>, minCount = 1): [string, number][] {
  return [...m]
    .filter(([, [n]]) => n >= minCount)
    .map(([k, [n, h]]) => [k, h / n] as [string, number])
    .sort((a, b) => b[1] - a[1]);
}

/** Text columns with one value per invoice, found from the data (not from the generator). */
function caseAttributes(cases: readonly Case[]): string[] {
  const columns = Object.keys(cases[0][0]).filter((k) => !['InvoiceNumber', 'InvoiceStatus', 'SourceSystem'].includes(k));
  return columns.filter((col) => cases.every((c) => typeof c[0][col] === 'string' && c.every((r) => r[col] === c[0][col])));
}

describe('generateSample: determinism and size', () => {
  it('gives identical records for the same seed and different ones for another seed', () => {
    const a = sha256(generateSample({ seed: 7, events: 20_000 }));
    const b = sha256(generateSample({ seed: 7, events: 20_000 }));
    const c = sha256(generateSample({ seed: 8, events: 20_000 }));
    const d = sha256(generateSample({ seed: 7 + 2 ** 32, events: 20_000 }));
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(d).not.toBe(a);
  });

  it.each([1_000, 7_777, 30_000])('stops at the first invoice boundary at or after %i events', (n) => {
    const cases = groupCases(generateSample({ events: n, seed: n }));
    const total = cases.reduce((sum, c) => sum + c.length, 0);
    expect(total).toBeGreaterThanOrEqual(n);
    expect(total - cases[cases.length - 1].length).toBeLessThan(n);
  });

  it('streams: the first record of a 10^7-event log comes at once', () => {
    const started = performance.now();
    const first = generateSample({ events: 10_000_000 }).next();
    expect(first.done).toBe(false);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('refuses nonsense options at the call', () => {
    expect(() => generateSample({ events: 0 })).toThrow(RangeError);
    expect(() => generateSample({ seed: 1.5 })).toThrow(RangeError);
    expect(() => generateSample({ cutoff: Number.NaN })).toThrow(RangeError);
  });
});

describe('generateSample: a realistic Dynamics 365 collections log', () => {
  let records: EventRecord[];
  let cases: Case[];
  beforeAll(() => {
    records = [...generateSample({ events: 50_000 })];
    cases = groupCases(records);
  });

  it('starts every invoice with a credit review or its creation, then posts it', () => {
    const starts = new Set<string>([Activity.CreditLimitRequested, Activity.CreditLimitApproved, Activity.InvoiceCreated]);
    for (const c of cases) {
      expect(starts.has(c[0].ActivityName), c[0].InvoiceNumber).toBe(true);
      expect(has(c, Activity.InvoiceCreated), c[0].InvoiceNumber).toBe(true);
      expect(has(c, Activity.InvoicePosted), c[0].InvoiceNumber).toBe(true);
      const created = c.findIndex((r) => r.ActivityName === Activity.InvoiceCreated);
      expect(c.slice(0, created).every((r) => starts.has(r.ActivityName)), c[0].InvoiceNumber).toBe(true);
    }
  });

  it('keeps time order within an invoice and nothing after the cut-off', () => {
    for (const c of cases) {
      for (let i = 1; i < c.length; i++) expect(c[i].EventTime, c[0].InvoiceNumber).toBeGreaterThanOrEqual(c[i - 1].EventTime);
    }
    expect(records.every((r) => r.EventTime <= DEFAULT_CUTOFF)).toBe(true);
    expect(records.every((r) => r.LastDataUpdate === DEFAULT_CUTOFF)).toBe(true);
    expect(records.every((r) => Number.isInteger(r.EventTime / 1000))).toBe(true);
  });

  it('emits only explicit canonical activities, never the three the product derives', () => {
    const activities = new Set(records.map((r) => r.ActivityName));
    for (const a of activities) {
      expect(CANONICAL_ACTIVITIES as readonly string[]).toContain(a);
      expect(ACTIVITY_KIND[a as keyof typeof ACTIVITY_KIND]).toBe('explicit');
    }
    for (const derived of [Activity.PaymentDueDatePassed, Activity.PromiseToPayBroken, Activity.InvoiceSettled]) expect(activities.has(derived)).toBe(false);
    // Every explicit activity shows up somewhere.
    expect(activities.size).toBe(CANONICAL_ACTIVITIES.filter((a) => ACTIVITY_KIND[a] === 'explicit').length);
  });

  it('has one value per invoice for the case attributes', () => {
    const caseColumns = ['CustomerId', 'CustomerName', 'CustomerSegment', 'InvoiceAmount', 'InvoiceCurrency', 'DueDate', 'PaymentTerms', 'CompanyCode', 'CollectorName', 'CreditTeam', 'InvoiceStatus'];
    for (const c of cases) for (const col of caseColumns) expect(c.every((r) => r[col] === c[0][col]), `${c[0].InvoiceNumber} ${col}`).toBe(true);
    for (const c of cases) expect(c[0].InvoiceNumber).toMatch(new RegExp(`^INV-${str(c[0], 'CompanyCode')}-\\d{7}$`));
  });

  it('dates every invoice due at UTC midnight on or after its posting date', () => {
    for (const c of cases) {
      const due = num(c[0], 'DueDate');
      const posted = c.find((r) => r.ActivityName === Activity.InvoicePosted)!.EventTime;
      expect(due % DAY).toBe(0);
      expect(due).toBeGreaterThanOrEqual(Math.floor(posted / DAY) * DAY);
    }
  });

  it('settles paid invoices in full, and only those', () => {
    let paid = 0;
    for (const c of cases) {
      const amount = num(c[0], 'InvoiceAmount');
      const settled = c.reduce((sum, r) => sum + (typeof r.SettledAmount === 'number' ? r.SettledAmount : 0), 0);
      if (c[0].InvoiceStatus === 'Paid') {
        paid++;
        expect(Math.abs(settled - amount), c[0].InvoiceNumber).toBeLessThanOrEqual(0.01);
      } else {
        expect(settled, c[0].InvoiceNumber).toBeLessThan(amount - 0.005);
      }
    }
    expect(paid).toBeGreaterThan(cases.length / 2);
  });

  it('puts the event attributes on the events they belong to', () => {
    const reasons = new Set(['Pricing error', 'Short shipment', 'Damaged goods', 'Duplicate invoice']);
    const levels = new Set(['1', '2', '3', 'Legal']);
    const wrong: string[] = [];
    const check = (r: EventRecord, ok: boolean, what: string): void => {
      if (!ok) wrong.push(`${r.InvoiceNumber} ${r.ActivityName}: ${what}`);
    };
    for (const r of records) {
      const a = r.ActivityName;
      check(r, a === Activity.DunningLetterIssued ? levels.has(String(r.DunningLevel)) : r.DunningLevel === null, `DunningLevel ${r.DunningLevel}`);
      const promise = a === Activity.PromiseToPayReceived;
      const promised = r.PromiseDate;
      check(r, promise ? typeof promised === 'number' && promised % DAY === 0 && promised > r.EventTime : promised === null, `PromiseDate ${promised}`);
      check(r, promise ? typeof r.PromiseAmount === 'number' && r.PromiseAmount > 0 : r.PromiseAmount === null, `PromiseAmount ${r.PromiseAmount}`);
      const dispute = a === Activity.DisputeRegistered || a === Activity.DisputeResolved;
      check(r, dispute ? reasons.has(String(r.DisputeReason)) : r.DisputeReason === null, `DisputeReason ${r.DisputeReason}`);
      const credit = a === Activity.CreditLimitRequested || a === Activity.CreditLimitApproved;
      check(r, credit ? typeof r.CreditLimit === 'number' && r.CreditLimit > 0 : r.CreditLimit === null, `CreditLimit ${r.CreditLimit}`);
      const settles = a === Activity.PaymentApplied || a === Activity.CreditMemoIssued;
      check(r, settles ? typeof r.SettledAmount === 'number' && r.SettledAmount > 0 : r.SettledAmount === null, `SettledAmount ${r.SettledAmount}`);
      check(r, r.SourceSystem === 'Dynamics 365 Finance', `SourceSystem ${r.SourceSystem}`);
    }
    expect(wrong.slice(0, 10)).toEqual([]);
    for (const a of [Activity.DunningLetterIssued, Activity.PromiseToPayReceived, Activity.DisputeRegistered, Activity.CreditLimitApproved, Activity.CreditMemoIssued]) {
      expect(records.filter((r) => r.ActivityName === a).length, a).toBeGreaterThan(20);
    }
  });

  it('leaves open and overdue invoices at the cut-off, all statuses consistent with the events', () => {
    const status = rates(cases, (c) => str(c[0], 'InvoiceStatus'), () => true);
    expect([...status.keys()].sort()).toEqual(['Disputed', 'Open', 'Overdue', 'Paid', 'Written Off']);
    expect(status.get('Open')![0] + status.get('Overdue')![0]).toBeGreaterThan(cases.length * 0.03);
    for (const c of cases) {
      const s = c[0].InvoiceStatus;
      expect(s === 'Written Off', c[0].InvoiceNumber).toBe(has(c, Activity.InvoiceWrittenOff));
      if (s === 'Open') expect(num(c[0], 'DueDate') + DAY).toBeGreaterThan(DEFAULT_CUTOFF);
      if (s === 'Overdue') expect(num(c[0], 'DueDate') + DAY).toBeLessThanOrEqual(DEFAULT_CUTOFF);
      if (s === 'Disputed') expect(c.filter((r) => r.ActivityName === Activity.DisputeResolved)).toHaveLength(0);
    }
  });

  it('spreads invoices over companies, currencies, segments, teams and collectors of the organisation', () => {
    const distinct = (col: string): Set<string> => new Set(cases.map((c) => str(c[0], col)));
    expect(distinct('CompanyCode').size).toBeGreaterThanOrEqual(6);
    expect(distinct('InvoiceCurrency').size).toBeGreaterThanOrEqual(5);
    expect([...distinct('CustomerSegment')].sort()).toEqual(['Enterprise', 'Government', 'Mid-Market', 'SMB']);
    expect([...distinct('CreditTeam')].sort()).toEqual(SAMPLE_ORGANISATION.teams.map((t) => t.name).sort());
    expect(distinct('CollectorName').size).toBe(SAMPLE_ORGANISATION.collectors.length);
    const teamOf = new Map(SAMPLE_ORGANISATION.collectors.map((c) => [c.name, c.team]));
    for (const c of cases) expect(teamOf.get(str(c[0], 'CollectorName'))).toBe(c[0].CreditTeam);
    // A fixed customer population: customers come back.
    expect(distinct('CustomerId').size).toBeLessThan(cases.length / 5);
  });

  it("places calls in the collector's office hours and invoice creation in the company's, in local time", () => {
    const local = (zone: string) => {
      const f = new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', weekday: 'short', hour: 'numeric', minute: 'numeric' });
      return (t: number) => {
        const parts = Object.fromEntries(f.formatToParts(t).map((p) => [p.type, p.value]));
        return { weekday: parts.weekday, minutes: Number(parts.hour) * 60 + Number(parts.minute) };
      };
    };
    const collectorZone = new Map(SAMPLE_ORGANISATION.collectors.map((c) => [c.name, local(c.timeZone)]));
    const companyZone = new Map(SAMPLE_ORGANISATION.companies.map((c) => [c.code, local(c.timeZone)]));
    let checked = 0;
    for (const c of cases.slice(0, 3000)) {
      for (const r of c) {
        const zone =
          r.ActivityName === Activity.CollectionContactMade
            ? collectorZone.get(str(r, 'CollectorName'))!
            : r.ActivityName === Activity.InvoiceCreated
              ? companyZone.get(str(r, 'CompanyCode'))!
              : null;
        if (!zone) continue;
        const { weekday, minutes } = zone(r.EventTime);
        expect(['Sat', 'Sun'], `${r.InvoiceNumber} ${r.ActivityName}`).not.toContain(weekday);
        expect(minutes, `${r.InvoiceNumber} ${r.ActivityName}`).toBeGreaterThanOrEqual(8 * 60);
        expect(minutes, `${r.InvoiceNumber} ${r.ActivityName}`).toBeLessThan(17 * 60 + 30);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(3000);
  });
});

describe('generateSample: planted behaviours come out of plain scans', () => {
  let cases: Case[];
  beforeAll(() => {
    cases = groupCases(generateSample({ events: 200_000 }));
  });

  it('has the policy-skipping collector miss reminders and jump levels far more than anyone', () => {
    // Overdue invoices still unpaid three days after Payment Due Date Passed (DueDate + 1 day).
    const overdue = cases.filter((c) => {
      const due = num(c[0], 'DueDate');
      const paid = c.find((r) => r.ActivityName === Activity.PaymentReceived);
      return has(c, Activity.DunningProcessStarted) && due + 4 * DAY <= DEFAULT_CUTOFF && !(paid && paid.EventTime < due + 4 * DAY);
    });
    const missing = ranked(
      rates(
        overdue,
        (c) => str(c[0], 'CollectorName'),
        (c) => {
          const due = num(c[0], 'DueDate');
          return !c.some((r) => r.ActivityName === Activity.ReminderSent && r.EventTime >= due + DAY && r.EventTime <= due + 4 * DAY);
        },
      ),
      100,
    );
    expect(missing[0][0]).toBe(PLANTED.policySkippingCollector);
    expect(missing[0][1]).toBeGreaterThan(2 * missing[1][1]);

    const twoLetters = cases.filter((c) => c.filter((r) => r.ActivityName === Activity.DunningLetterIssued).length >= 2);
    const jumps = ranked(
      rates(
        twoLetters,
        (c) => str(c[0], 'CollectorName'),
        (c) => {
          const levels = c.filter((r) => r.ActivityName === Activity.DunningLetterIssued).map((r) => r.DunningLevel);
          return levels.some((level, i) => i > 0 && ['1', '2', '3', 'Legal'].indexOf(String(level)) - ['1', '2', '3', 'Legal'].indexOf(String(levels[i - 1])) > 1);
        },
      ),
      20,
    );
    expect(jumps[0][0]).toBe(PLANTED.policySkippingCollector);
    expect(jumps[0][1]).toBeGreaterThan(2 * jumps[1][1]);
  });

  it.each(PLANTED.causes)(
    'finds the planted cause of $outcome ($attribute = $value): the highest lift among values on enough invoices',
    ({ outcome, attribute, value }) => {
      const hit = OUTCOMES[outcome];
      const base = cases.filter(hit).length / cases.length;
      expect(base).toBeGreaterThan(0);
      const lifts: [string, number][] = [];
      for (const col of caseAttributes(cases)) {
        for (const [v, rate] of ranked(rates(cases, (c) => str(c[0], col), hit), cases.length * 0.02)) lifts.push([`${col}=${v}`, rate / base]);
      }
      lifts.sort((a, b) => b[1] - a[1]);
      expect(lifts.length).toBeGreaterThan(20);
      expect(lifts[0][0]).toBe(`${attribute}=${value}`);
      expect(lifts[0][1]).toBeGreaterThan(lifts[1][1]);
    },
  );

  it('has the planted bottleneck edge carry the largest total waiting time of all', () => {
    const total = new Map<string, number>();
    for (const c of cases) {
      for (let i = 1; i < c.length; i++) {
        const edge = `${c[i - 1].ActivityName} -> ${c[i].ActivityName}`;
        total.set(edge, (total.get(edge) ?? 0) + c[i].EventTime - c[i - 1].EventTime);
      }
    }
    const order = [...total].sort((a, b) => b[1] - a[1]);
    const { from, to, where } = PLANTED.bottleneck;
    expect(order[0][0]).toBe(`${from} -> ${to}`);
    expect(order[0][1]).toBeGreaterThan(order[1][1] * 1.1);
    // And it is where PLANTED says: the longest mean wait on that edge.
    const waits = new Map<string, [number, number]>();
    for (const c of cases) {
      for (let i = 1; i < c.length; i++) {
        if (c[i - 1].ActivityName !== from || c[i].ActivityName !== to) continue;
        const e = waits.get(str(c[0], where.attribute)) ?? [0, 0];
        e[0]++;
        e[1] += c[i].EventTime - c[i - 1].EventTime;
        waits.set(str(c[0], where.attribute), e);
      }
    }
    const byMean = [...waits].sort((a, b) => b[1][1] / b[1][0] - a[1][1] / a[1][0]);
    expect(byMean[0][0]).toBe(where.value);
  });

  it('concentrates broken promises in the planted segment', () => {
    const promises: { c: Case; at: number; due: number }[] = [];
    for (const c of cases) {
      for (const r of c) if (r.ActivityName === Activity.PromiseToPayReceived) promises.push({ c, at: r.EventTime, due: num(r, 'PromiseDate') });
    }
    const judged = promises.filter((p) => p.due + DAY <= DEFAULT_CUTOFF);
    const broken = ranked(
      rates(
        judged,
        (p) => str(p.c[0], PLANTED.brokenPromises.attribute),
        (p) => !p.c.some((r) => r.ActivityName === Activity.PaymentReceived && r.EventTime >= p.at && r.EventTime < p.due + DAY),
      ),
      50,
    );
    expect(broken[0][0]).toBe(PLANTED.brokenPromises.value);
  });

  it('has the teams dun at different speeds', () => {
    const spacing = new Map<string, [number, number]>();
    for (const c of cases) {
      const letters = c.filter((r) => r.ActivityName === Activity.DunningLetterIssued);
      for (let i = 1; i < letters.length; i++) {
        const e = spacing.get(str(c[0], 'CreditTeam')) ?? [0, 0];
        e[0]++;
        e[1] += (letters[i].EventTime - letters[i - 1].EventTime) / DAY;
        spacing.set(str(c[0], 'CreditTeam'), e);
      }
    }
    const byMean = [...spacing].map(([team, [n, days]]) => [team, days / n] as const).sort((a, b) => a[1] - b[1]);
    expect(byMean).toHaveLength(4);
    expect(byMean[0][0]).toBe(PLANTED.dunningSpeed.fastest);
    expect(byMean[3][0]).toBe(PLANTED.dunningSpeed.slowest);
    expect(byMean[3][1]).toBeGreaterThan(byMean[0][1] * 1.3);
  });
});

describe('npm run generate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'generate-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const run = (...args: string[]) => spawnSync('npx', ['tsx', 'api/cli/generate.ts', ...args], { cwd: REPO, encoding: 'utf8' });

  it('writes a CSV with a header and at least the events asked for', () => {
    const out = join(dir, 'sample.csv');
    const result = run('--events', '2000', '--out', out, '--seed', '42');
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^Wrote 2,\d{3} events \([\d,]+ invoices\) to .*sample\.csv in [\d.]+ s/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0].startsWith('InvoiceNumber,ActivityName,EventTime,')).toBe(true);
    expect(lines.length - 1).toBeGreaterThanOrEqual(2000);
    expect(lines.length - 1).toBeLessThan(2100);
  });

  it('writes gzipped XES for .xes.gz', () => {
    const out = join(dir, 'sample.xes.gz');
    const result = run('--events', '1000', '--out', out);
    expect(result.status, result.stderr).toBe(0);
    const xml = gunzipSync(readFileSync(out)).toString('utf8');
    expect(xml.startsWith('<?xml')).toBe(true);
    expect(xml.match(/<event>/g)?.length ?? 0).toBeGreaterThanOrEqual(1000);
  });

  it('refuses an event count out of range with a clear message', () => {
    const result = run('--events', '999', '--out', join(dir, 'x.csv'));
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--events must be a whole number from 1,000 to 10,000,000');
  });
});
