import { describe, expect, it } from 'vitest';
import { appendEvents, caseTimeline, prepareLog, valueAt } from '../../api/engine/index.ts';
import { logOf, t, trace } from '../helpers/logs.ts';

/** A promise made on 1 May for 10 May, never paid: the prepared log has it broken on 11 May. */
function brokenPromiseLog() {
  const raw = logOf(
    [
      { c: 'A', a: 'Invoice Posted', at: '2024-04-01T08:00:00Z' },
      { c: 'A', a: 'Promise to Pay Received', at: '2024-05-01T09:00:00Z', attrs: { PromiseDate: '2024-05-10' } },
      { c: 'B', a: 'Invoice Posted', at: '2024-04-02T08:00:00Z' },
    ],
    { A: { InvoiceAmount: 100, DueDate: '2024-04-30' }, B: { InvoiceAmount: 50, DueDate: '2024-05-02' } },
    '2024-06-30T00:00:00Z',
  );
  return prepareLog(raw).log;
}

describe('appendEvents (recorded events into a mining log)', () => {
  it('drops derived events, merges new ones in time order (after equal times), keeps cases and the as-of instant', () => {
    const prepared = brokenPromiseLog();
    expect(trace(prepared, 'A')).toEqual(['Invoice Posted', 'Payment Due Date Passed', 'Promise to Pay Received', 'Promise to Pay Broken']);
    const { log, appended, unknownCases } = appendEvents(prepared, [
      { caseId: 'A', activity: 'Collection Contact Made', time: t('2024-05-01T09:00:00Z'), attributes: { SourceSystem: 'Teams', Note: 'called' } },
      { caseId: 'B', activity: 'Follow-up Snoozed', time: t('2024-04-03T00:00:00Z'), attributes: { SnoozedUntil: t('2024-04-10T00:00:00Z') } },
      { caseId: 'ZZ', activity: 'Collection Contact Made', time: t('2024-05-01T00:00:00Z') },
    ]);
    expect(appended).toBe(2);
    expect(unknownCases).toEqual(['ZZ']);
    expect(log.derived.every((d) => d === 0)).toBe(true);
    expect(log.derivationRules).toEqual([]);
    expect(trace(log, 'A')).toEqual(['Invoice Posted', 'Promise to Pay Received', 'Collection Contact Made']);
    expect(trace(log, 'B')).toEqual(['Invoice Posted', 'Follow-up Snoozed']);
    expect(log.caseIds).toEqual(prepared.caseIds);
    expect(log.caseAttributes).toBe(prepared.caseAttributes);
    expect(log.lastDataUpdate).toBe(prepared.lastDataUpdate);

    const note = log.eventAttributes.get('Note')!;
    const source = log.eventAttributes.get('SourceSystem')!;
    expect(valueAt(note, 2)).toBe('called');
    expect(valueAt(source, 2)).toBe('Teams');
    expect(valueAt(note, 1)).toBeNull();
    // A canonical attribute the log did not have gets the canonical kind; others their value's.
    expect(log.eventAttributes.get('SnoozedUntil')!.kind).toBe('number');
    // The input log is untouched (its dictionaries are shared, never grown in place).
    expect(prepared.eventAttributes.get('Note')).toBeUndefined();
  });

  it('a promise recorded later replaces the broken one once the log is prepared again', () => {
    const prepared = brokenPromiseLog();
    const { log } = appendEvents(prepared, [
      { caseId: 'A', activity: 'Promise to Pay Received', time: t('2024-05-09T12:00:00Z'), attributes: { PromiseDate: t('2024-07-15T00:00:00Z'), PromiseAmount: 100 } },
    ]);
    expect(log.eventAttributes.get('PromiseAmount')!.kind).toBe('number');
    const again = prepareLog(log).log;
    // Renegotiated before its date: no longer broken; the new promise is not due before the as-of.
    expect(trace(again, 'A')).toEqual(['Invoice Posted', 'Payment Due Date Passed', 'Promise to Pay Received', 'Promise to Pay Received']);
    const events = caseTimeline(again, 'A')!.events;
    expect(events[3].attributes).toMatchObject({ PromiseAmount: 100, PromiseDate: t('2024-07-15T00:00:00Z') });
    expect(events[1].derivedRule).toContain('Payment Due Date Passed');
  });

  it('events with no valid time are refused', () => {
    expect(() => appendEvents(brokenPromiseLog(), [{ caseId: 'A', activity: 'X', time: Number.NaN }])).toThrow(RangeError);
  });
});
