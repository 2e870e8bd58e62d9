import { describe, expect, it } from 'vitest';
import { applyFilters, caseMask, canonicalJson } from '../../api/engine/filtering/apply-filters.ts';
import { FilterSpecError, parseFilterSpec, parseInstant, type Filter, type FilterSpec } from '../../api/engine/filtering/filter-spec.ts';
import { LogBuilder } from '../../api/engine/log/builder.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';
import { H, T0, idsOf, markDerived, mine, sequences } from './mining-logs.ts';

const selected = (log: EventLog, spec: FilterSpec) => idsOf(log, applyFilters(log, spec).cases);
const one = (log: EventLog, filter: Filter, hideDerived = false) => selected(log, { filters: [filter], hideDerived });

describe('time range filter', () => {
  // c1 runs 0–10 h, c2 5–20 h, c3 15–30 h, c4 9–12 h; the range is [8 h, 16 h).
  const log = mine({
    c1: [['A', 0], ['B', 10]],
    c2: [['A', 5], ['B', 20]],
    c3: [['A', 15], ['B', 30]],
    c4: [['A', 9], ['B', 11, 12]],
  });
  const range = { from: T0 + 8 * H, to: T0 + 16 * H };

  it('selects cases started, ended, active or contained in the range', () => {
    expect(one(log, { kind: 'timeRange', mode: 'started', ...range })).toEqual(['c3', 'c4']);
    expect(one(log, { kind: 'timeRange', mode: 'ended', ...range })).toEqual(['c1', 'c4']); // c4 ends at its completion, 12 h
    expect(one(log, { kind: 'timeRange', mode: 'active', ...range })).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(one(log, { kind: 'timeRange', mode: 'contained', ...range })).toEqual(['c4']);
  });

  it('includes from, excludes to, leaves a missing bound open, reads ISO text', () => {
    expect(one(log, { kind: 'timeRange', mode: 'started', from: '2024-01-01T09:00:00Z', to: '2024-01-01T15:00' })).toEqual(['c4']);
    expect(one(log, { kind: 'timeRange', mode: 'ended', to: T0 + 12 * H })).toEqual(['c1']);
    expect(one(log, { kind: 'timeRange', mode: 'started', from: '2024-01-01T15:00:00+00:00' })).toEqual(['c3']);
  });
});

describe('attribute filters', () => {
  const b = new LogBuilder();
  const add = (id: string, attrs: Record<string, string | number | boolean>) => {
    b.addEvent(id, 'Invoice Created', T0);
    for (const [k, v] of Object.entries(attrs)) b.setCaseAttribute(id, k, v);
  };
  add('c1', { CustomerSegment: 'Enterprise', InvoiceAmount: 1000, CollectorName: 'Ann', Priority: true });
  add('c2', { CustomerSegment: 'SMB', InvoiceAmount: 5000, CollectorName: 'Bob' });
  add('c3', { CustomerSegment: 'Government', InvoiceAmount: 250.5, Priority: false });
  add('c4', { InvoiceAmount: 5000.01 });
  const e = b.addEvent('c2', 'Dunning Letter Issued', T0 + H);
  b.setEventAttribute(e, 'DunningLevel', '2');
  const log = b.build();

  it('matches any of the values of a case attribute; null matches missing', () => {
    expect(one(log, { kind: 'attribute', attribute: 'CustomerSegment', values: ['SMB', 'Enterprise'] })).toEqual(['c1', 'c2']);
    expect(one(log, { kind: 'attribute', attribute: 'CustomerSegment', values: [null] })).toEqual(['c4']);
    expect(one(log, { kind: 'attribute', attribute: 'CollectorName', values: ['Nobody'] })).toEqual([]);
    expect(one(log, { kind: 'attribute', attribute: 'InvoiceAmount', values: [5000] })).toEqual(['c2']);
    expect(one(log, { kind: 'attribute', attribute: 'Priority', values: [true] })).toEqual(['c1']);
    expect(one(log, { kind: 'attribute', attribute: 'Priority', values: [false, null] })).toEqual(['c2', 'c3', 'c4']);
  });

  it('matches a case when one of its events has an event attribute value', () => {
    expect(one(log, { kind: 'attribute', attribute: 'DunningLevel', values: ['2'] })).toEqual(['c2']);
  });

  it('treats an attribute the log lacks as missing everywhere', () => {
    expect(one(log, { kind: 'attribute', attribute: 'Nope', values: ['x'] })).toEqual([]);
    expect(one(log, { kind: 'attribute', attribute: 'Nope', values: [null] })).toEqual(['c1', 'c2', 'c3', 'c4']);
  });

  it('selects numeric ranges inclusively, with open bounds; missing never matches', () => {
    expect(one(log, { kind: 'range', attribute: 'InvoiceAmount', min: 1000, max: 5000 })).toEqual(['c1', 'c2']);
    expect(one(log, { kind: 'range', attribute: 'InvoiceAmount', min: 5000 })).toEqual(['c2', 'c4']);
    expect(one(log, { kind: 'range', attribute: 'InvoiceAmount', max: 999 })).toEqual(['c3']);
    expect(one(log, { kind: 'range', attribute: 'InvoiceAmount', min: 1000, negate: true })).toEqual(['c3']);
  });

  it('combines filters with AND', () => {
    expect(
      selected(log, {
        filters: [
          { kind: 'range', attribute: 'InvoiceAmount', min: 1000 },
          { kind: 'attribute', attribute: 'CustomerSegment', values: ['SMB', 'Government', null] },
        ],
      }),
    ).toEqual(['c2', 'c4']);
  });
});

describe('sequence filters', () => {
  const log = mine({
    c1: [['Dispute Registered', 0], ['Reminder Sent', 24], ['Dispute Resolved', 24 * 40]], // resolved after 40 days, eventually
    c2: [['Dispute Registered', 0], ['Dispute Resolved', 24 * 5]], // directly, 5 days
    c3: [['Dispute Resolved', 0], ['Dispute Registered', 24]], // the wrong way round
    c4: [['Reminder Sent', 0]],
    c5: [['Dispute Registered', 0], ['Dispute Registered', 24 * 20], ['Dispute Resolved', 24 * 22]], // pairs 0→22 d and 20→22 d
  });

  it('contains any or all of the activities, or not', () => {
    expect(one(log, { kind: 'activity', activities: ['Reminder Sent'] })).toEqual(['c1', 'c4']);
    expect(one(log, { kind: 'activity', activities: ['Reminder Sent', 'Dispute Resolved'], match: 'all' })).toEqual(['c1']);
    expect(one(log, { kind: 'activity', activities: ['Reminder Sent', 'Nope'] })).toEqual(['c1', 'c4']);
    expect(one(log, { kind: 'activity', activities: ['Reminder Sent', 'Nope'], match: 'all' })).toEqual([]);
    expect(one(log, { kind: 'activity', activities: ['Dispute Registered'], negate: true })).toEqual(['c4']);
  });

  it('follows directly or eventually', () => {
    const f = { kind: 'follows', from: 'Dispute Registered', to: 'Dispute Resolved' } as const;
    expect(one(log, f)).toEqual(['c1', 'c2', 'c5']);
    expect(one(log, { ...f, directly: true })).toEqual(['c2', 'c5']);
  });

  it('follows within or over N days, pairing each A with its next B', () => {
    const f = { kind: 'follows', from: 'Dispute Registered', to: 'Dispute Resolved' } as const;
    expect(one(log, { ...f, withinDays: 5 })).toEqual(['c2', 'c5']); // c5: 20 d → 22 d is 2 days
    expect(one(log, { ...f, overDays: 21 })).toEqual(['c1', 'c5']); // c5: 0 → 22 d
    expect(one(log, { ...f, overDays: 5 })).toEqual(['c1', 'c5']); // c2's 5 days is not over 5
    expect(one(log, { ...f, overDays: 3, withinDays: 10 })).toEqual(['c2']);
    expect(one(log, { ...f, directly: true, overDays: 3 })).toEqual(['c2']); // c5's direct pair is 2 days
  });

  it('follows an activity by itself', () => {
    expect(one(log, { kind: 'follows', from: 'Dispute Registered', to: 'Dispute Registered' })).toEqual(['c5']);
    expect(one(log, { kind: 'follows', from: 'Dispute Registered', to: 'Dispute Registered', withinDays: 19 })).toEqual([]);
  });

  it('selects variants by their activity sequence', () => {
    const v = sequences({ c1: 'A B', c2: 'A C', c3: 'A B', c4: 'B' });
    expect(one(v, { kind: 'variant', variants: [['A', 'B'], ['B']] })).toEqual(['c1', 'c3', 'c4']);
    expect(one(v, { kind: 'variant', variants: [['A'], ['A', 'Nope']] })).toEqual([]);
  });
});

describe('outcome filter', () => {
  const outcomes = markDerived(
    mine({
      settled: [['Invoice Created', 0], ['Invoice Settled', 1]],
      lost: [['Invoice Created', 0], ['Invoice Written Off', 1]],
      open: [['Invoice Created', 0]],
    }),
    ['Invoice Settled'],
  );

  it('classifies settled, written off and open invoices', () => {
    expect(one(outcomes, { kind: 'outcome', outcomes: ['settled'] })).toEqual(['settled']);
    expect(one(outcomes, { kind: 'outcome', outcomes: ['writtenOff'] })).toEqual(['lost']);
    expect(one(outcomes, { kind: 'outcome', outcomes: ['open'] })).toEqual(['open']);
    expect(one(outcomes, { kind: 'outcome', outcomes: ['open', 'writtenOff'] })).toEqual(['lost', 'open']);
  });

  it('still sees settlement when derived events are hidden', () => {
    expect(one(outcomes, { kind: 'outcome', outcomes: ['settled'] }, true)).toEqual(['settled']);
    // …while an activity filter looks at what the view shows.
    expect(one(outcomes, { kind: 'activity', activities: ['Invoice Settled'] }, true)).toEqual([]);
    expect(one(outcomes, { kind: 'activity', activities: ['Invoice Settled'] }, false)).toEqual(['settled']);
  });
});

describe('derived events and the selection', () => {
  const log = markDerived(
    mine({
      c1: [['A', 0], ['D', 30]], // D is derived: hidden, c1 ends at 0
      c2: [['A', 0], ['B', 1]],
    }),
    ['D'],
  );

  it('carries hideDerived into the selection and into view-dependent filters', () => {
    expect(applyFilters(log, { hideDerived: true }).hideDerived).toBe(true);
    expect(applyFilters(log, {}).hideDerived).toBe(false);
    const endsLate = { kind: 'timeRange', mode: 'ended', from: T0 + 2 * H } as const;
    expect(one(log, endsLate)).toEqual(['c1']);
    expect(one(log, endsLate, true)).toEqual([]);
    expect(one(log, { kind: 'variant', variants: [['A']] }, true)).toEqual(['c1']);
  });
});

describe('filter specs', () => {
  const log = sequences({ c1: 'A B', c2: 'A C', c3: 'B' });

  it('gives every case for an empty spec', () => {
    expect(selected(log, {})).toEqual(['c1', 'c2', 'c3']);
    expect(selected(log, { filters: [] })).toEqual(['c1', 'c2', 'c3']);
  });

  it('recomputes a changed filter instead of reusing a cached mask', () => {
    const f = (activities: string[]): FilterSpec => ({ filters: [{ kind: 'activity', activities }] });
    expect(selected(log, f(['B']))).toEqual(['c1', 'c3']);
    expect(selected(log, f(['C']))).toEqual(['c2']);
    expect(selected(log, f(['B']))).toEqual(['c1', 'c3']);
    const masks = [caseMask(log, { kind: 'activity', activities: ['B'] }), caseMask(log, { kind: 'activity', activities: ['B'], negate: true })];
    expect(Array.from(masks[0])).toEqual([1, 0, 1]);
    expect(Array.from(masks[1])).toEqual([0, 1, 0]);
  });

  it('does not let a caller corrupt the cache through the returned selection', () => {
    const spec: FilterSpec = { filters: [{ kind: 'activity', activities: ['A'] }] };
    applyFilters(log, spec).cases.fill(0);
    expect(selected(log, spec)).toEqual(['c1', 'c2']);
  });

  it('keys filters by content, not by key order', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: null }], skip: undefined })).toBe('{"a":[{"c":null,"d":2}],"b":1}');
  });

  it('rejects malformed specs with a clear error', () => {
    const bad: unknown[] = [
      { filters: [{ kind: 'bogus' }] },
      { filters: [{ kind: 'timeRange', mode: 'sometime' }] },
      { filters: [{ kind: 'timeRange', mode: 'started', from: 'yesterday' }] },
      { filters: [{ kind: 'attribute', attribute: 'X', values: [{}] }] },
      { filters: [{ kind: 'follows', from: 'A', to: 'B', withinDays: -1 }] },
      { filters: [{ kind: 'outcome', outcomes: ['paid'] }] },
      { filters: {} },
      { hideDerived: 'yes' },
      'nonsense',
    ];
    for (const spec of bad) expect(() => parseFilterSpec(spec), JSON.stringify(spec)).toThrow(FilterSpecError);
    expect(() => applyFilters(log, { filters: [{ kind: 'nope' } as unknown as Filter] })).toThrow(/kind must be one of/);
  });

  it('parses instants as epoch ms or ISO-8601, UTC unless an offset is given', () => {
    expect(parseInstant(5)).toBe(5);
    expect(parseInstant('2024-01-01')).toBe(T0);
    expect(parseInstant('2024-01-01T02:30')).toBe(T0 + 2.5 * H);
    expect(parseInstant('2024-01-01 02:30:00.5')).toBe(T0 + 2.5 * H + 500);
    expect(parseInstant('2024-01-01T02:00:00+02:00')).toBe(T0);
    expect(parseInstant('2023-12-31T22:00:00-0200')).toBe(T0);
    expect(() => parseInstant('2023-02-30')).toThrow(FilterSpecError);
  });
});
