import { describe, expect, it } from 'vitest';
import { LogBuilder } from '../../api/engine/log/builder.ts';
import { valueAt } from '../../api/engine/log/columns.ts';
import { logOf, t, trace } from '../helpers/logs.ts';

describe('LogBuilder', () => {
  it('groups events by case in order of first appearance and sorts each case by time', () => {
    const log = logOf([
      { c: 'B', a: 'Invoice Posted', at: '2024-01-02T00:00:00Z' },
      { c: 'A', a: 'Invoice Sent to Customer', at: '2024-01-05T00:00:00Z' },
      { c: 'A', a: 'Invoice Created', at: '2024-01-01T00:00:00Z' },
      { c: 'B', a: 'Invoice Created', at: '2024-01-01T00:00:00Z' },
    ]);
    expect(log.caseIds).toEqual(['B', 'A']);
    expect(trace(log, 'A')).toEqual(['Invoice Created', 'Invoice Sent to Customer']);
    expect(trace(log, 'B')).toEqual(['Invoice Created', 'Invoice Posted']);
    expect(Array.from(log.caseOffsets)).toEqual([0, 2, 4]);
  });

  it('keeps input order for equal timestamps, also in long cases sorted the slow way', () => {
    const events = [];
    // 40 events (> the insertion-sort cut-off), all at two instants, given out of time order.
    for (let i = 0; i < 40; i++) events.push({ c: 'X', a: `step ${i}`, at: i % 2 === 0 ? '2024-02-01T00:00:00Z' : '2024-01-01T00:00:00Z' });
    const log = logOf(events);
    const odd = Array.from({ length: 20 }, (_, k) => `step ${2 * k + 1}`);
    const even = Array.from({ length: 20 }, (_, k) => `step ${2 * k}`);
    expect(trace(log, 'X')).toEqual([...odd, ...even]);
  });

  it('promotes attributes constant within every case to the case and keeps varying ones per event', () => {
    const b = new LogBuilder();
    const rows: [string, string, string, string, string][] = [
      ['I1', 'Invoice Created', '2024-01-01T00:00:00Z', 'Plant 7', 'x'],
      ['I1', 'Invoice Posted', '2024-01-02T00:00:00Z', 'Plant 7', 'y'],
      ['I2', 'Invoice Created', '2024-01-01T00:00:00Z', 'Plant 9', 'x'],
    ];
    for (const [c, a, at, plant, note] of rows) {
      const e = b.addEvent(c, a, t(at));
      b.setEventAttribute(e, 'Plant', plant);
      b.setEventAttribute(e, 'Remark', note);
    }
    const log = b.build();
    expect(log.caseAttributes.has('Plant')).toBe(true);
    expect(log.eventAttributes.has('Plant')).toBe(false);
    expect(valueAt(log.caseAttributes.get('Plant')!, 1)).toBe('Plant 9');
    expect(log.eventAttributes.has('Remark')).toBe(true);
    expect(log.caseAttributes.has('Remark')).toBe(false);
  });

  it('takes the latest value of a template case column that changes, and keeps its history per event', () => {
    const log = logOf([
      { c: 'I1', a: 'Invoice Posted', at: '2024-01-01T00:00:00Z', attrs: { InvoiceStatus: 'Open' } },
      { c: 'I1', a: 'Dispute Registered', at: '2024-01-09T00:00:00Z', attrs: { InvoiceStatus: 'Disputed' } },
    ]);
    expect(valueAt(log.caseAttributes.get('InvoiceStatus')!, 0)).toBe('Disputed');
    expect(valueAt(log.eventAttributes.get('InvoiceStatus')!, 0)).toBe('Open');
  });

  it('never promotes template event columns, even when constant in a case', () => {
    const log = logOf([{ c: 'I1', a: 'Dunning Letter Issued', at: '2024-01-01T00:00:00Z', attrs: { DunningLevel: '1' } }]);
    expect(log.eventAttributes.has('DunningLevel')).toBe(true);
    expect(log.caseAttributes.has('DunningLevel')).toBe(false);
  });

  it('turns a column that mixes types into strings without losing values', () => {
    const b = new LogBuilder();
    const e1 = b.addEvent('I1', 'A', t('2024-01-01T00:00:00Z'));
    const e2 = b.addEvent('I1', 'B', t('2024-01-02T00:00:00Z'));
    b.setEventAttribute(e1, 'Ref', 42);
    b.setEventAttribute(e2, 'Ref', 'R-9');
    const col = b.build().eventAttributes.get('Ref')!;
    expect(col.kind).toBe('string');
    expect([valueAt(col, 0), valueAt(col, 1)]).toEqual(['42', 'R-9']);
  });

  it('rejects an event without a valid time and drops cases that have no events', () => {
    const b = new LogBuilder();
    expect(() => b.addEvent('I1', 'A', Number.NaN)).toThrow(/I1/);
    b.setCaseAttribute('Empty', 'CustomerId', 'C-1');
    b.addEvent('I2', 'A', t('2024-01-01T00:00:00Z'));
    const log = b.build();
    expect(log.caseIds).toEqual(['I2']);
    expect(log.lastDataUpdate).toBe(t('2024-01-01T00:00:00Z'));
  });
});

describe('LogBuilder without promotion', () => {
  it('keeps every per-event attribute per event when the format declares levels itself', () => {
    const b = new LogBuilder({ promoteConstantAttributes: false });
    const e = b.addEvent('I1', 'A', t('2024-01-01T00:00:00Z'));
    b.setEventAttribute(e, 'org:resource', 'Ann');
    const log = b.build();
    expect(log.eventAttributes.has('org:resource')).toBe(true);
    expect(log.caseAttributes.has('org:resource')).toBe(false);
  });
});
