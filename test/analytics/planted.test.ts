import { beforeAll, describe, expect, it } from 'vitest';
import { logFromRecords } from '../../api/adapters/import/records.ts';
import { analyse, analyticsJson } from '../../api/cli/mine-analytics.ts';
import { DEFAULT_POLICY, prepareLog, rankBottlenecks, summarizeLog, type EventLog, type LogSummary } from '../../api/engine/index.ts';
import { generateSample, PLANTED } from '../../api/sample/generator.ts';

interface MineJson {
  conformance: { byCollector: { collector: string | null; rate: number | null }[] };
  rootCauses: Record<string, { attribute: string; value: string; lift: number; explainedBy?: string }[]>;
}

/**
 * What the generator plants is what `mine --json` reports first: the same preparation, policy
 * check, root causes and summary as the command line, on the default sample log and on another seed.
 */
describe.each([{ seed: undefined }, { seed: 1 }])('planted behaviours come out first (seed $seed, 60,000 events)', ({ seed }) => {
  let log: EventLog;
  let json: MineJson;
  let summary: LogSummary;
  beforeAll(() => {
    log = prepareLog(logFromRecords(generateSample({ seed }))).log;
    json = analyticsJson(analyse(log, DEFAULT_POLICY)) as unknown as MineJson;
    summary = summarizeLog(log);
  });

  it('puts the policy-skipping collector first by violation rate', () => {
    const [first, second] = json.conformance.byCollector;
    expect(first.collector).toBe(PLANTED.policySkippingCollector);
    expect(first.rate!).toBeGreaterThan(second.rate! * 1.2);
  });

  it.each(PLANTED.causes)('puts the planted cause of $outcome first: $attribute = $value', ({ outcome, attribute, value }) => {
    const causes = json.rootCauses[outcome];
    expect(causes[0]).toMatchObject({ attribute, value });
    expect(causes[0].explainedBy).toBeUndefined();
    // Ahead of every value that is not merely standing in for it.
    const next = causes.slice(1).find((c) => !c.explainedBy);
    if (next) expect(causes[0].lift).toBeGreaterThan(next.lift);
  });

  it('puts the planted bottleneck first by total waiting time, with its wait where PLANTED says', () => {
    const { from, to, where } = PLANTED.bottleneck;
    expect(summary.bottlenecks[0]).toMatchObject({ from, to });
    expect(summary.bottlenecks[0].totalWaitSeconds).toBeGreaterThan(summary.bottlenecks[1].totalWaitSeconds * 1.1);
    const column = log.caseAttributes.get(where.attribute);
    if (column?.kind !== 'string') throw new Error(`${where.attribute} is not a text column`);
    const code = column.dict.indexOf(where.value);
    const inPlace = Uint8Array.from(column.codes, (c) => (c === code ? 1 : 0));
    const elsewhere = Uint8Array.from(inPlace, (b) => 1 - b);
    const meanWait = (cases: Uint8Array) => rankBottlenecks(log, cases).find((b) => b.from === from && b.to === to)!.meanWait;
    expect(meanWait(inPlace)).toBeGreaterThan(10 * meanWait(elsewhere));
  });
});
