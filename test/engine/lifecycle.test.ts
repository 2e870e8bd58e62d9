import { describe, expect, it } from 'vitest';
import { valueAt } from '../../api/engine/log/columns.ts';
import { mergeLifecycle } from '../../api/engine/log/lifecycle.ts';
import { logOf, t, trace } from '../helpers/logs.ts';

const lc = (c: string, a: string, at: string, transition: string, resource?: string) => ({
  c,
  a,
  at,
  attrs: { 'lifecycle:transition': transition, ...(resource ? { 'org:resource': resource } : {}) },
});

describe('lifecycle merging', () => {
  it('merges start/complete pairs into one event with a duration, keeping the complete event attributes', () => {
    const log = logOf([
      lc('1', 'Collection Contact Made', '2024-01-01T09:00:00Z', 'start'),
      lc('1', 'Collection Contact Made', '2024-01-01T09:30:00Z', 'complete', 'Ann'),
      lc('1', 'Promise to Pay Received', '2024-01-01T09:40:00Z', 'complete', 'Bob'),
    ]);
    const { log: out, merged, dropped } = mergeLifecycle(log);
    expect([merged, dropped]).toEqual([1, 0]);
    expect(trace(out, '1')).toEqual(['Collection Contact Made', 'Promise to Pay Received']);
    expect(out.time[0]).toBe(t('2024-01-01T09:00:00Z'));
    expect(out.endTime?.[0]).toBe(t('2024-01-01T09:30:00Z'));
    expect(Number.isNaN(out.endTime?.[1] ?? 0)).toBe(true);
    expect(valueAt(out.eventAttributes.get('org:resource')!, 0)).toBe('Ann');
    expect(out.eventAttributes.has('lifecycle:transition')).toBe(false);
  });

  it('pairs overlapping instances of one activity first-in first-out and keeps unpaired ones as instants', () => {
    const log = logOf([
      lc('1', 'Call', '2024-01-01T09:00:00Z', 'start'),
      lc('1', 'Call', '2024-01-01T09:10:00Z', 'start'),
      lc('1', 'Call', '2024-01-01T09:20:00Z', 'complete'),
      lc('1', 'Call', '2024-01-01T09:25:00Z', 'complete'),
      lc('1', 'Call', '2024-01-01T09:50:00Z', 'complete'),
      lc('1', 'Letter', '2024-01-01T10:00:00Z', 'start'),
    ]);
    const { log: out, merged } = mergeLifecycle(log);
    expect(merged).toBe(2);
    expect(Array.from(out.time).map((x) => new Date(x).toISOString().slice(11, 16))).toEqual(['09:00', '09:10', '09:50', '10:00']);
    expect(Array.from(out.endTime!).map((x) => (Number.isNaN(x) ? null : new Date(x).toISOString().slice(11, 16)))).toEqual([
      '09:20',
      '09:25',
      null,
      null,
    ]);
  });

  it('leaves out other transitions and returns a log without lifecycle data unchanged', () => {
    const log = logOf([lc('1', 'A', '2024-01-01T09:00:00Z', 'schedule'), lc('1', 'A', '2024-01-01T09:05:00Z', 'complete')]);
    const result = mergeLifecycle(log);
    expect(result.dropped).toBe(1);
    expect(trace(result.log, '1')).toEqual(['A']);
    const plain = logOf([{ c: '1', a: 'A', at: '2024-01-01T09:00:00Z' }]);
    expect(mergeLifecycle(plain).log).toBe(plain);
  });
});
