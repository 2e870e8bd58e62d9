import { describe, expect, it } from 'vitest';
import { Activity as A } from '../../api/engine/domain/activities.ts';
import { AliasError, applyAliases, resolveActivity, unmappedActivities } from '../../api/engine/domain/aliases.ts';
import { LogBuilder } from '../../api/engine/log/builder.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';

const at = (iso: string) => Date.parse(`${iso}T00:00:00Z`);

/** One invoice per row of [case, activity, date]. */
function buildLog(rows: readonly (readonly [string, string, string])[]): EventLog {
  const b = new LogBuilder();
  for (const [id, activity, date] of rows) b.addEvent(id, activity, at(date));
  return b.build();
}

/** The activity names of each event, case by case. */
function traces(log: EventLog): string[][] {
  return log.caseIds.map((_, c) => Array.from(log.activity.subarray(log.caseOffsets[c], log.caseOffsets[c + 1]), (code) => log.activities[code]));
}

describe('activity aliases', () => {
  it('resolves English variants regardless of case and whitespace', () => {
    expect(resolveActivity('Reminder sent')).toBe(A.ReminderSent);
    expect(resolveActivity('  PAYMENT   reminder ')).toBe(A.ReminderSent);
    expect(resolveActivity('REMINDER_SENT')).toBe(A.ReminderSent);
    expect(resolveActivity('Dunning letter level 2')).toBe(A.DunningLetterIssued);
    expect(resolveActivity('invoice posted')).toBe(A.InvoicePosted);
    expect(resolveActivity('Coffee break')).toBeNull();
  });

  it('maps a French log onto canonical activities and merges names that meet', () => {
    const log = buildLog([
      ['F1', 'Facture comptabilisée', '2024-01-02'],
      ['F1', 'Relance envoyée', '2024-02-05'],
      ['F1', 'Lettre de relance niveau 2', '2024-02-20'],
      ['F1', 'Paiement reçu', '2024-03-01'],
      ['F2', 'Facture comptabilisée', '2024-01-03'],
      ['F2', 'relance', '2024-02-06'],
      ['F2', 'Appel au comptable', '2024-02-07'],
    ]);
    const mapped = applyAliases(log);
    expect(traces(mapped)).toEqual([
      [A.InvoicePosted, A.ReminderSent, A.DunningLetterIssued, A.PaymentReceived],
      [A.InvoicePosted, A.ReminderSent, 'Appel au comptable'],
    ]);
    // 'Relance envoyée' and 'relance' now share one code: 6 names → 5.
    expect(log.activities).toHaveLength(6);
    expect(mapped.activities).toHaveLength(5);
    // Events themselves are untouched: same times, same order.
    expect(mapped.time).toBe(log.time);
  });

  it('maps a Chinese log, with user aliases taking precedence', () => {
    const log = buildLog([
      ['C1', '发票过账', '2024-01-02'],
      ['C1', '发送催款提醒', '2024-02-05'],
      ['C1', '收到付款', '2024-03-01'],
      ['C1', '核销付款', '2024-03-02'],
      ['C1', '财务复核', '2024-03-03'],
    ]);
    const mapped = applyAliases(log, { 财务复核: A.PaymentApplied });
    expect(traces(mapped)).toEqual([[A.InvoicePosted, A.ReminderSent, A.PaymentReceived, A.PaymentApplied, A.PaymentApplied]]);
    expect(unmappedActivities(mapped)).toEqual([]);
  });

  it('lists activities that are not canonical, most frequent first, with a suggestion when one exists', () => {
    const log = buildLog([
      ['G1', 'Rechnung gebucht', '2024-01-02'],
      ['G1', 'Mahnung', '2024-02-05'],
      ['G2', 'Rechnung gebucht', '2024-01-03'],
      ['G2', 'Invoice Posted', '2024-01-03'],
      ['G2', 'Kaffeepause', '2024-01-04'],
    ]);
    expect(unmappedActivities(log)).toEqual([
      { name: 'Rechnung gebucht', events: 2, suggestion: A.InvoicePosted },
      { name: 'Kaffeepause', events: 1, suggestion: null },
      { name: 'Mahnung', events: 1, suggestion: A.DunningLetterIssued },
    ]);
  });

  it('rejects an alias that does not lead to a canonical activity', () => {
    const log = buildLog([['X', 'Foo', '2024-01-01']]);
    expect(() => applyAliases(log, { Foo: 'Bar' as never })).toThrow(AliasError);
  });
});
