import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { discoverDfg } from '../../api/engine/discovery/dfg.ts';
import { simplifyMap } from '../../api/engine/discovery/simplify.ts';
import { applyFilters } from '../../api/engine/filtering/apply-filters.ts';
import type { Filter } from '../../api/engine/filtering/filter-spec.ts';
import type { Selection } from '../../api/engine/filtering/selection.ts';
import { LogBuilder } from '../../api/engine/log/builder.ts';
import { completionTime, type EventLog } from '../../api/engine/log/event-log.ts';
import { durationStats } from '../../api/engine/statistics/distribution.ts';
import { caseDurations } from '../../api/engine/statistics/durations.ts';
import { throughputTime } from '../../api/engine/statistics/throughput.ts';
import { discoverVariants } from '../../api/engine/statistics/variants.ts';
import { H, T0, isConnected } from './mining-logs.ts';

const NAMES = ['A', 'B', 'C', 'D', 'Invoice Settled', 'Invoice Written Off'];

/** A random log: up to 25 cases of 1–8 events, coarse times (many ties), some durations, some derived events. */
const logs = fc
  .array(
    fc.record({
      events: fc.array(
        fc.record({
          activity: fc.constantFrom(...NAMES),
          hour: fc.integer({ min: 0, max: 40 }),
          duration: fc.option(fc.integer({ min: 0, max: 6 }), { freq: 4 }),
          derived: fc.boolean(),
        }),
        { minLength: 1, maxLength: 8 },
      ),
      segment: fc.constantFrom('Enterprise', 'SMB', 'Government'),
      amount: fc.option(fc.integer({ min: 0, max: 10_000 })),
    }),
    { minLength: 1, maxLength: 25 },
  )
  .map((cases) => {
    const b = new LogBuilder();
    const derivedInput: boolean[] = [];
    cases.forEach((spec, i) => {
      for (const ev of spec.events) {
        b.addEvent(`c${i}`, ev.activity, T0 + ev.hour * H, ev.duration === null ? Number.NaN : T0 + (ev.hour + ev.duration) * H);
        derivedInput.push(ev.derived);
      }
      b.setCaseAttribute(`c${i}`, 'CustomerSegment', spec.segment);
      if (spec.amount !== null) b.setCaseAttribute(`c${i}`, 'InvoiceAmount', spec.amount);
    });
    const log = b.build();
    // Derived flags: the generated coins, spread over the sorted events in a fixed pattern.
    const derived = new Uint8Array(log.activity.length);
    for (let e = 0; e < derived.length; e++) derived[e] = derivedInput[(e * 7) % derivedInput.length] ? 1 : 0;
    return { ...log, derived, derivationRules: ['random'] } as EventLog;
  });

const selections = (log: EventLog) =>
  fc.record({
    cases: fc.array(fc.boolean(), { minLength: log.caseIds.length, maxLength: log.caseIds.length }).map((bits) => Uint8Array.from(bits, Number)),
    hideDerived: fc.boolean(),
    activities: fc.option(
      // mostly shown: each activity hidden with probability 1/5
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: log.activities.length, maxLength: log.activities.length }).map((d) => Uint8Array.from(d, (x) => (x === 0 ? 0 : 1))),
    ),
  });

const withSelection = logs.chain((log) => selections(log).map((selection) => ({ log, selection: selection as Selection })));

/** Shown events of each selected case, the slow obvious way. */
function shownSequences(log: EventLog, selection: Selection): number[][] {
  const out: number[][] = [];
  for (let c = 0; c < log.caseIds.length; c++) {
    if (!selection.cases[c]) continue;
    const events: number[] = [];
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
      if (selection.hideDerived && log.derived[e]) continue;
      if (selection.activities && !selection.activities[log.activity[e]]) continue;
      events.push(e);
    }
    if (events.length > 0) out.push(events);
  }
  return out;
}

describe('mining properties on random logs', () => {
  it('DFG edge counts sum to events − cases', () => {
    fc.assert(
      fc.property(withSelection, ({ log, selection }) => {
        const dfg = discoverDfg(log, selection);
        const shown = shownSequences(log, selection);
        expect(dfg.cases).toBe(shown.length);
        expect(dfg.events).toBe(shown.reduce((n, s) => n + s.length, 0));
        expect(dfg.edges.reduce((n, e) => n + e.events, 0)).toBe(dfg.events - dfg.cases);
        expect(dfg.starts.reduce((n, s) => n + s.cases, 0)).toBe(dfg.cases);
        expect(dfg.ends.reduce((n, s) => n + s.cases, 0)).toBe(dfg.cases);
      }),
      { numRuns: 200 },
    );
  });

  it('DFG arcs match a string-keyed reference: counts, cases, waiting statistics', () => {
    fc.assert(
      fc.property(withSelection, ({ log, selection }) => {
        const ref = new Map<string, { events: number; cases: Set<number>; waits: number[] }>();
        shownSequences(log, selection).forEach((events, i) => {
          for (let k = 1; k < events.length; k++) {
            const key = `${log.activities[log.activity[events[k - 1]]]}→${log.activities[log.activity[events[k]]]}`;
            const entry = ref.get(key) ?? { events: 0, cases: new Set<number>(), waits: [] };
            entry.events++;
            entry.cases.add(i);
            entry.waits.push(Math.max(0, log.time[events[k]] - completionTime(log, events[k - 1])));
            ref.set(key, entry);
          }
        });
        const dfg = discoverDfg(log, selection);
        expect(dfg.edges.length).toBe(ref.size);
        for (const edge of dfg.edges) {
          const r = ref.get(`${edge.from}→${edge.to}`)!;
          const sorted = [...r.waits].sort((a, b) => a - b);
          expect([edge.events, edge.cases]).toEqual([r.events, r.cases.size]);
          const n = sorted.length;
          const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
          expect(edge.waiting).toMatchObject({ min: sorted[0], max: sorted[n - 1], median, total: sorted.reduce((s, w) => s + w, 0) });
        }
      }),
      { numRuns: 150 },
    );
  });

  it('ranked indexes match the obvious computations exactly: p90, amount × wait, activity cases, variants, durations, throughput', () => {
    fc.assert(
      fc.property(withSelection, ({ log, selection }) => {
        // Fractional amounts, so that sums of wait × amount round and their order shows.
        const amounts = Float64Array.from(log.caseIds, (_, c) => c * 1.37 + 0.01);
        const amountOf = (c: number) => amounts[c];
        const weighed: EventLog = { ...log, caseAttributes: new Map([...log.caseAttributes, ['Weight', { kind: 'number', values: amounts }]]) };
        const caseOf = (e: number) => {
          let c = 0;
          while (log.caseOffsets[c + 1] <= e) c++;
          return c;
        };
        const sequences = shownSequences(log, selection);
        // Map: waits per arc in case and event order, Σ wait × amount in that same order.
        const arcs = new Map<string, { waits: number[]; amountWaiting: number }>();
        const activityCases = new Map<string, number>();
        const caseTimes: number[] = [];
        const byVariant = new Map<string, number[]>();
        const pairTimes: number[] = [];
        for (const events of sequences) {
          const c = caseOf(events[0]);
          for (let k = 1; k < events.length; k++) {
            const key = `${log.activities[log.activity[events[k - 1]]]}→${log.activities[log.activity[events[k]]]}`;
            const entry = arcs.get(key) ?? { waits: [], amountWaiting: 0 };
            const wait = Math.max(0, log.time[events[k]] - completionTime(log, events[k - 1]));
            entry.waits.push(wait);
            entry.amountWaiting += wait * amountOf(c);
            arcs.set(key, entry);
          }
          for (const name of new Set(events.map((e) => log.activities[log.activity[e]]))) activityCases.set(name, (activityCases.get(name) ?? 0) + 1);
          const duration = Math.max(...events.map((e) => completionTime(log, e))) - log.time[events[0]];
          caseTimes.push(duration);
          const variant = events.map((e) => log.activities[log.activity[e]]).join(',');
          byVariant.set(variant, [...(byVariant.get(variant) ?? []), duration]);
          const from = events.findIndex((e) => log.activities[log.activity[e]] === 'A');
          const to = from < 0 ? -1 : events.findIndex((e, i) => i > from && log.activities[log.activity[e]] === 'B');
          if (to >= 0) pairTimes.push(completionTime(log, events[to]) - log.time[events[from]]);
        }

        const dfg = discoverDfg(weighed, selection, { amountAttribute: 'Weight' });
        for (const edge of dfg.edges) {
          const r = arcs.get(`${edge.from}→${edge.to}`)!;
          expect(edge.waiting).toEqual(durationStats(Float64Array.from(r.waits)));
          expect(edge.amountWaiting).toBe(r.amountWaiting);
        }
        for (const a of dfg.activities) expect(a.cases).toBe(activityCases.get(a.name));
        const variants = discoverVariants(log, selection);
        for (const v of variants.variants) expect(v.duration).toEqual(durationStats(Float64Array.from(byVariant.get(v.activities.join(','))!)));
        expect(caseDurations(log, selection).stats).toEqual(durationStats(Float64Array.from(caseTimes)));
        expect(throughputTime(log, 'A', 'B', selection).stats).toEqual(durationStats(Float64Array.from(pairTimes)));
      }),
      { numRuns: 200 },
    );
  });

  it('variant counts sum to cases, and each variant is its cases’ sequence', () => {
    fc.assert(
      fc.property(withSelection, ({ log, selection }) => {
        const result = discoverVariants(log, selection);
        expect(result.variants.reduce((n, v) => n + v.cases, 0)).toBe(result.cases);
        expect(result.cases).toBe(discoverDfg(log, selection).cases);
        const byKey = new Map<string, number>();
        for (const events of shownSequences(log, selection)) {
          const key = events.map((e) => log.activities[log.activity[e]]).join('|');
          byKey.set(key, (byKey.get(key) ?? 0) + 1);
        }
        expect(result.variants.length).toBe(byKey.size);
        for (const v of result.variants) expect(v.cases).toBe(byKey.get(v.activities.join('|')));
        for (let i = 1; i < result.variants.length; i++) expect(result.variants[i - 1].cases).toBeGreaterThanOrEqual(result.variants[i].cases);
      }),
      { numRuns: 150 },
    );
  });

  const filters: fc.Arbitrary<Filter> = fc.oneof(
    fc.record({
      kind: fc.constant('timeRange' as const),
      mode: fc.constantFrom('started' as const, 'ended' as const, 'active' as const, 'contained' as const),
      from: fc.integer({ min: 0, max: 40 }).map((h) => T0 + h * H),
      to: fc.integer({ min: 0, max: 50 }).map((h) => T0 + h * H),
    }),
    fc.record({ kind: fc.constant('attribute' as const), attribute: fc.constant('CustomerSegment'), values: fc.subarray(['Enterprise', 'SMB', 'Government']) }),
    fc.record({ kind: fc.constant('range' as const), attribute: fc.constant('InvoiceAmount'), min: fc.integer({ min: 0, max: 10_000 }) }),
    fc.record({ kind: fc.constant('activity' as const), activities: fc.subarray(NAMES, { minLength: 1 }), match: fc.constantFrom('any' as const, 'all' as const) }),
    fc.record({
      kind: fc.constant('follows' as const),
      from: fc.constantFrom(...NAMES),
      to: fc.constantFrom(...NAMES),
      directly: fc.boolean(),
      withinDays: fc.option(fc.constantFrom(0.1, 0.5, 1), { nil: undefined }),
    }),
    fc.record({ kind: fc.constant('outcome' as const), outcomes: fc.subarray(['settled' as const, 'writtenOff' as const, 'open' as const]) }),
    fc.record({ kind: fc.constant('variant' as const), variants: fc.array(fc.array(fc.constantFrom(...NAMES), { minLength: 1, maxLength: 3 }), { maxLength: 3 }) }),
  );

  it('a filter and its complement partition the cases', () => {
    fc.assert(
      fc.property(logs, filters, fc.boolean(), (log, filter, hideDerived) => {
        const yes = applyFilters(log, { filters: [filter], hideDerived }).cases;
        const no = applyFilters(log, { filters: [{ ...filter, negate: true }], hideDerived }).cases;
        for (let c = 0; c < log.caseIds.length; c++) expect(yes[c] + no[c]).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('combined filters select the intersection of each one', () => {
    fc.assert(
      fc.property(logs, filters, filters, (log, f, g) => {
        const both = applyFilters(log, { filters: [f, g] }).cases;
        const a = applyFilters(log, { filters: [f] }).cases;
        const b = applyFilters(log, { filters: [g] }).cases;
        for (let c = 0; c < log.caseIds.length; c++) expect(both[c]).toBe(a[c] & b[c]);
      }),
      { numRuns: 150 },
    );
  });

  it('simplification at 100 % / 100 % is the full DFG, and any setting stays connected', () => {
    fc.assert(
      fc.property(withSelection, fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), ({ log, selection }, activities, paths) => {
        expect(simplifyMap(log, selection, { activities: 100, paths: 100 })).toEqual(discoverDfg(log, selection));
        const simple = simplifyMap(log, selection, { activities, paths });
        expect(isConnected(simple)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
