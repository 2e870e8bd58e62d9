import { Activity } from '../domain/activities.ts';
import { DAY_MS, dayIndex } from '../domain/calendar.ts';
import { Column } from '../domain/columns.ts';
import { NumberReader } from '../log/columns.ts';
import { activityMask, casePresence, presenceBits } from './activity-codes.ts';
import { openBalanceBefore } from './open-balance.ts';
import { inPeriod } from './period.ts';
import { ratio, type KpiAmounts, type KpiContext, type KpiCounts, type Kpis } from './types.ts';

/** Outcome KPIs: collection success, write-offs, promises kept (see docs/KPIS.md). */
export type CollectionKpis = Pick<Kpis, 'collectionSuccessRate' | 'writeOffRate' | 'writeOffValueRate' | 'promiseKeptRate'> & {
  readonly amounts: Pick<KpiAmounts, 'closedValue' | 'writtenOffValue'> | null;
  readonly counts: Pick<KpiCounts, 'dunnedClosed' | 'dunnedCollected' | 'closedInPeriod' | 'writtenOffInPeriod' | 'promisesDue' | 'promisesKept'>;
};

/** A promise counts as kept when money arrives by the end of its PromiseDate. */
const PAYMENT_ACTIVITIES = [Activity.PaymentReceived, Activity.PaymentApplied, Activity.InvoiceSettled];

export function collectionKpis(ctx: KpiContext): CollectionKpis[] {
  const { groups, facts, period, balance, factor } = ctx;
  const G = groups.keys.length;
  const dunnedClosed = new Uint32Array(G);
  const collected = new Uint32Array(G);
  const closed = new Uint32Array(G);
  const writtenOff = new Uint32Array(G);
  const closedValue = new Float64Array(G);
  const writtenOffValue = new Float64Array(G);
  const { dunnedAt, closedAt, writtenOffAt, writeOffEvent } = facts;
  const amount = balance.amount;
  const group = groups.group;

  for (let c = 0; c < group.length; c++) {
    const g = group[c];
    const closedT = closedAt[c];
    if (g < 0 || !inPeriod(period, closedT)) continue;
    // A write-off after the cut-off is not known yet at the cut-off.
    const isWrittenOff = writtenOffAt[c] <= period.end;
    closed[g]++;
    if (isWrittenOff) writtenOff[g]++;
    if (dunnedAt[c] <= closedT) {
      dunnedClosed[g]++;
      if (!isWrittenOff) collected[g]++;
    }
    const f = factor[c];
    const a = amount ? amount[c] : Number.NaN;
    if (f !== f || a !== a) continue;
    closedValue[g] += a * f;
    if (isWrittenOff) writtenOffValue[g] += openBalanceBefore(balance, c, writeOffEvent[c]) * f;
  }

  const promises = promiseOutcomes(ctx);
  const result: CollectionKpis[] = [];
  for (let g = 0; g < G; g++) {
    result.push({
      collectionSuccessRate: ratio(collected[g], dunnedClosed[g]),
      writeOffRate: ratio(writtenOff[g], closed[g]),
      writeOffValueRate: amount ? ratio(writtenOffValue[g], closedValue[g]) : null,
      promiseKeptRate: promises ? ratio(promises.kept[g], promises.due[g]) : null,
      amounts: amount ? { closedValue: closedValue[g], writtenOffValue: writtenOffValue[g] } : null,
      counts: {
        dunnedClosed: dunnedClosed[g],
        dunnedCollected: collected[g],
        closedInPeriod: closed[g],
        writtenOffInPeriod: writtenOff[g],
        promisesDue: promises ? promises.due[g] : 0,
        promisesKept: promises ? promises.kept[g] : 0,
      },
    });
  }
  return result;
}

/**
 * Per group: promises whose PromiseDate ended inside the period (their outcome is known), and
 * how many were followed by a payment by the end of that day. Null without PromiseDate.
 */
function promiseOutcomes(ctx: KpiContext): { due: Uint32Array; kept: Uint32Array } | null {
  const { log, groups, period } = ctx;
  const column = log.eventAttributes.get(Column.PromiseDate) ?? log.caseAttributes.get(Column.PromiseDate);
  const promiseCode = log.activities.indexOf(Activity.PromiseToPayReceived);
  if (!column || (column.kind !== 'time' && column.kind !== 'number') || promiseCode < 0) return null;
  const perEvent = log.eventAttributes.get(Column.PromiseDate) === column;
  const promiseDate = new NumberReader(column);
  const isPayment = activityMask(log, PAYMENT_ACTIVITIES);
  const G = groups.keys.length;
  const due = new Uint32Array(G);
  const kept = new Uint32Array(G);
  const { activity, time, caseOffsets: off } = log;
  const group = groups.group;
  const presence = casePresence(log);
  const promiseBit = presenceBits([promiseCode]);
  for (let c = 0; c < group.length; c++) {
    const g = group[c];
    if (g < 0 || (presence[c] & promiseBit) === 0) continue;
    const end = off[c + 1];
    for (let e = off[c]; e < end; e++) {
      if (activity[e] !== promiseCode) continue;
      const date = promiseDate.get(perEvent ? e : c);
      if (date !== date) continue;
      const decided = (dayIndex(date) + 1) * DAY_MS;
      if (!inPeriod(period, decided)) continue;
      due[g]++;
      for (let p = e + 1; p < end && time[p] < decided; p++) {
        if (isPayment[activity[p]]) {
          kept[g]++;
          break;
        }
      }
    }
  }
  return { due, kept };
}
