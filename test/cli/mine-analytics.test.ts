import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeCsv } from '../../api/adapters/export/csv-writer.ts';
import { DEFAULT_POLICY } from '../../api/engine/index.ts';
import { generateSample, PLANTED } from '../../api/sample/generator.ts';
import { runCli } from '../helpers/run-cli.ts';

const KPI_KEYS = [
  'dso',
  'averageDaysToPay',
  'averageDaysDelinquent',
  'onTimeRate',
  'writeOffRate',
  'promiseKeptRate',
  'disputeResolutionDays',
  'cashApplicationLagDays',
  'collectionSuccessRate',
  'dunningAdherence',
];
const RATES = ['onTimeRate', 'writeOffRate', 'promiseKeptRate', 'collectionSuccessRate', 'dunningAdherence'];

interface Cause {
  attribute: string;
  value: string;
  lift: number;
  support: number;
  cases: number;
  explainedBy?: string;
}

describe('mine --json: conformance, root causes and KPIs', () => {
  let dir = '';
  // The default policy without its last rule, to see that --policy is the one applied.
  const custom = { ...DEFAULT_POLICY, name: 'Custom', rules: DEFAULT_POLICY.rules.slice(0, -1) };
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'clens-analytics-'));
    await writeCsv(generateSample(), join(dir, 'sample.csv'));
    await writeFile(join(dir, 'policy.json'), JSON.stringify(custom));
    const broken = { rules: [{ ...DEFAULT_POLICY.rules[0], withinDays: -3 }] };
    await writeFile(join(dir, 'broken-policy.json'), JSON.stringify(broken));
    // Just invoices and events: no amounts, due dates, promises or disputes.
    await writeFile(
      join(dir, 'bare.csv'),
      ['InvoiceNumber,ActivityName,EventTime', 'A,Invoice Posted,2024-01-01T09:00:00Z', 'A,Reminder Sent,2024-02-01T09:00:00Z', 'B,Invoice Posted,2024-01-05T09:00:00Z'].join('\n'),
    );
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reports the planted findings first, with the policy given', async () => {
    const result = await runCli('mine', [join(dir, 'sample.csv'), '--json', '--policy', join(dir, 'policy.json')]);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);

    expect(out.conformance.adherence).toBeGreaterThan(0);
    expect(out.conformance.adherence).toBeLessThan(1);
    expect(out.conformance.byRule.map((r: { rule: string }) => r.rule)).toEqual(custom.rules.map((r) => r.id));
    for (const r of out.conformance.byRule) expect(Number.isInteger(r.violations)).toBe(true);
    const collectors = out.conformance.byCollector as { collector: string; cases: number; violations: number; rate: number }[];
    expect(Object.keys(collectors[0]).sort()).toEqual(['cases', 'collector', 'rate', 'violations']);
    expect(collectors.map((c) => c.rate)).toEqual(collectors.map((c) => c.rate).sort((a, b) => b - a));
    expect(collectors[0].collector).toBe(PLANTED.policySkippingCollector);

    expect(Object.keys(out.rootCauses).sort()).toEqual(['disputed', 'paidLate', 'writtenOff']);
    for (const { outcome, attribute, value } of PLANTED.causes) {
      const causes = out.rootCauses[outcome] as Cause[];
      expect(causes[0]).toMatchObject({ attribute, value });
      for (const c of causes) {
        expect(c.lift).toBeGreaterThan(1);
        expect(c.support).toBeGreaterThan(0);
        expect(c.support).toBeLessThan(1);
        expect(Number.isInteger(c.cases)).toBe(true);
      }
      // Strongest first; values that only stand in for another come after the rest.
      const kept = causes.filter((c) => !c.explainedBy).map((c) => c.lift);
      expect(kept).toEqual([...kept].sort((a, b) => b - a));
    }

    for (const key of KPI_KEYS) expect(out.kpis).toHaveProperty(key);
    for (const key of RATES) {
      expect(out.kpis[key]).toBeGreaterThan(0);
      expect(out.kpis[key]).toBeLessThan(1);
    }
    expect(out.kpis.unavailable).toEqual({});

    expect(out.bottlenecks[0]).toMatchObject({ from: PLANTED.bottleneck.from, to: PLANTED.bottleneck.to });
  });

  it('keeps a KPI whose inputs the log lacks, as null', async () => {
    const result = await runCli('mine', [join(dir, 'bare.csv'), '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout);
    for (const key of KPI_KEYS) expect(out.kpis[key], key).toBeNull();
    expect(out.kpis.unavailable.dso).toBe('the log has no InvoiceAmount');
    expect(out.conformance).toMatchObject({ adherence: null, byCollector: [] });
    expect(out.rootCauses).toEqual({ writtenOff: [], paidLate: [], disputed: [] });
  });

  it('refuses a policy that does not validate, saying what is wrong', async () => {
    const result = await runCli('mine', [join(dir, 'bare.csv'), '--policy', join(dir, 'broken-policy.json')]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('broken-policy.json');
    expect(result.stderr).toContain("Rule 'reminder-after-due': 'withinDays' must be a whole number of days ≥ 0, found -3");
  });
});
