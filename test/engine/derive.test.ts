import { describe, expect, it } from 'vitest';
import { Activity } from '../../api/engine/domain/activities.ts';
import { deriveEvents, DerivationRule } from '../../api/engine/derive/index.ts';
import { logOf, t, trace } from '../helpers/logs.ts';

const CUTOFF = '2024-06-30T00:00:00Z';

function derivedOf(log: ReturnType<typeof logOf>, caseId: string): { activity: string; time: string; rule: string }[] {
  const c = log.caseIds.indexOf(caseId);
  const out = [];
  for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
    if (log.derived[e] !== 0) {
      out.push({ activity: log.activities[log.activity[e]], time: new Date(log.time[e]).toISOString(), rule: log.derivationRules[log.derived[e] - 1] });
    }
  }
  return out;
}

describe('derived events', () => {
  it('infers Invoice Settled where payments and a credit memo reach the invoice amount', () => {
    const log = logOf(
      [
        { c: 'I1', a: Activity.InvoicePosted, at: '2024-01-01T10:00:00Z' },
        { c: 'I1', a: Activity.PaymentApplied, at: '2024-01-20T10:00:00Z', attrs: { SettledAmount: 600 } },
        { c: 'I1', a: Activity.CreditMemoIssued, at: '2024-01-25T10:00:00Z', attrs: { SettledAmount: 400 } },
        { c: 'I1', a: Activity.CollectionContactMade, at: '2024-01-25T10:00:00Z' },
      ],
      { I1: { InvoiceAmount: 1000, DueDate: '2024-01-31' } },
      CUTOFF,
    );
    const { log: out, made } = deriveEvents(log);
    // 600 + 400 = 1000 at the credit memo; the settled event goes after the events of that instant.
    expect(trace(out, 'I1')).toEqual([
      Activity.InvoicePosted,
      Activity.PaymentApplied,
      Activity.CreditMemoIssued,
      Activity.CollectionContactMade,
      Activity.InvoiceSettled,
    ]);
    expect(derivedOf(out, 'I1')).toEqual([{ activity: Activity.InvoiceSettled, time: '2024-01-25T10:00:00.000Z', rule: DerivationRule.InvoiceSettled }]);
    // Settled before the due date: no Payment Due Date Passed.
    expect(made).toEqual({ [DerivationRule.InvoiceSettled]: 1 });
  });

  it('adds Payment Due Date Passed at DueDate + 1 day for an invoice settled late, and the settlement', () => {
    const log = logOf(
      [
        { c: 'I2', a: Activity.InvoicePosted, at: '2024-01-01T10:00:00Z' },
        { c: 'I2', a: Activity.PaymentApplied, at: '2024-03-05T09:00:00Z', attrs: { SettledAmount: 250.5 } },
      ],
      { I2: { InvoiceAmount: 250.5, DueDate: '2024-02-29' } },
      CUTOFF,
    );
    const { log: out } = deriveEvents(log);
    expect(derivedOf(out, 'I2').map((d) => [d.activity, d.time])).toEqual([
      [Activity.PaymentDueDatePassed, '2024-03-01T00:00:00.000Z'],
      [Activity.InvoiceSettled, '2024-03-05T09:00:00.000Z'],
    ]);
  });

  it('makes no settlement while a partial payment leaves a balance, and no due event before its time or after the cut-off', () => {
    const log = logOf(
      [
        { c: 'open', a: Activity.InvoicePosted, at: '2024-05-01T10:00:00Z' },
        { c: 'open', a: Activity.PaymentApplied, at: '2024-06-10T10:00:00Z', attrs: { SettledAmount: 100 } },
        { c: 'notyet', a: Activity.InvoicePosted, at: '2024-06-01T10:00:00Z' },
      ],
      { open: { InvoiceAmount: 300, DueDate: '2024-05-31' }, notyet: { InvoiceAmount: 50, DueDate: '2024-06-30' } },
      CUTOFF,
    );
    const { log: out } = deriveEvents(log);
    expect(derivedOf(out, 'open').map((d) => d.activity)).toEqual([Activity.PaymentDueDatePassed]);
    // DueDate 2024-06-30 + 1 day is after the cut-off of 2024-06-30T00:00Z.
    expect(derivedOf(out, 'notyet')).toEqual([]);
  });

  it('marks a promise broken at PromiseDate + 1 day when no payment came, and kept when one did', () => {
    const log = logOf(
      [
        { c: 'P1', a: Activity.PromiseToPayReceived, at: '2024-03-01T10:00:00Z', attrs: { PromiseDate: '2024-03-10', PromiseAmount: 500 } },
        { c: 'P1', a: Activity.PaymentReceived, at: '2024-03-20T10:00:00Z' },
        { c: 'P2', a: Activity.PromiseToPayReceived, at: '2024-03-01T10:00:00Z', attrs: { PromiseDate: '2024-03-10', PromiseAmount: 500 } },
        { c: 'P2', a: Activity.PaymentReceived, at: '2024-03-10T16:00:00Z' },
      ],
      {},
      CUTOFF,
    );
    const { log: out } = deriveEvents(log);
    expect(derivedOf(out, 'P1').map((d) => [d.activity, d.time])).toEqual([[Activity.PromiseToPayBroken, '2024-03-11T00:00:00.000Z']]);
    expect(trace(out, 'P1')).toEqual([Activity.PromiseToPayReceived, Activity.PromiseToPayBroken, Activity.PaymentReceived]);
    expect(derivedOf(out, 'P2')).toEqual([]);
  });

  it('treats a promise replaced by a newer one before its date as renegotiated', () => {
    const log = logOf(
      [
        { c: 'P', a: Activity.PromiseToPayReceived, at: '2024-03-01T10:00:00Z', attrs: { PromiseDate: '2024-03-10' } },
        { c: 'P', a: Activity.PromiseToPayReceived, at: '2024-03-08T10:00:00Z', attrs: { PromiseDate: '2024-03-20' } },
      ],
      {},
      CUTOFF,
    );
    expect(derivedOf(deriveEvents(log).log, 'P').map((d) => d.time)).toEqual(['2024-03-21T00:00:00.000Z']);
  });

  it('makes nothing when the attributes a rule needs are absent', () => {
    const log = logOf(
      [
        { c: 'X', a: Activity.InvoicePosted, at: '2024-01-01T10:00:00Z' },
        { c: 'X', a: Activity.PromiseToPayReceived, at: '2024-01-05T10:00:00Z' },
        { c: 'X', a: Activity.PaymentApplied, at: '2024-03-05T10:00:00Z' },
      ],
      {},
      CUTOFF,
    );
    const result = deriveEvents(log);
    expect(result.made).toEqual({});
    expect(result.log).toBe(log);
  });

  it('never derives an activity the source already records for the invoice', () => {
    const log = logOf(
      [
        { c: 'R', a: Activity.InvoicePosted, at: '2024-01-01T10:00:00Z' },
        { c: 'R', a: Activity.PaymentDueDatePassed, at: '2024-02-01T00:00:00Z' },
        { c: 'R', a: Activity.InvoiceSettled, at: '2024-02-10T00:00:00Z' },
        { c: 'R', a: Activity.PaymentApplied, at: '2024-02-10T00:00:00Z', attrs: { SettledAmount: 10 } },
      ],
      { R: { InvoiceAmount: 10, DueDate: '2024-01-31' } },
      CUTOFF,
    );
    expect(deriveEvents(log).made).toEqual({});
  });

  it('keeps event attributes on recorded events and leaves them missing on derived ones', () => {
    const log = logOf(
      [
        { c: 'I', a: Activity.InvoicePosted, at: '2024-01-01T10:00:00Z', attrs: { SourceSystem: 'Dynamics 365 Finance' } },
        { c: 'I', a: Activity.PaymentApplied, at: '2024-03-01T10:00:00Z', attrs: { SettledAmount: 5, SourceSystem: 'Dynamics 365 Finance' } },
      ],
      { I: { InvoiceAmount: 5, DueDate: '2024-01-31' } },
      CUTOFF,
    );
    const out = deriveEvents(log).log;
    const source = out.eventAttributes.get('SourceSystem');
    expect(source?.kind).toBe('string');
    const codes = source!.kind === 'string' ? Array.from(source!.codes) : [];
    // Posted, Due Date Passed (derived), Payment Applied, Invoice Settled (derived).
    expect(codes.map((code) => (code === 0 ? null : 'D365'))).toEqual(['D365', null, 'D365', null]);
    expect(out.time[1]).toBe(t('2024-02-01T00:00:00Z'));
  });

  it('uses the last payment as the settlement when the log has no balance information at all', () => {
    const log = logOf(
      [
        { c: 'on-time', a: Activity.InvoicePosted, at: '2024-01-01T10:00:00Z' },
        { c: 'on-time', a: Activity.PaymentReceived, at: '2024-01-30T10:00:00Z' },
        { c: 'late', a: Activity.InvoicePosted, at: '2024-01-01T10:00:00Z' },
        { c: 'late', a: Activity.PaymentReceived, at: '2024-02-15T10:00:00Z' },
      ],
      { 'on-time': { DueDate: '2024-01-31' }, late: { DueDate: '2024-01-31' } },
      CUTOFF,
    );
    const out = deriveEvents(log).log;
    expect(derivedOf(out, 'on-time')).toEqual([]);
    expect(derivedOf(out, 'late').map((d) => d.activity)).toEqual([Activity.PaymentDueDatePassed]);
  });
});
