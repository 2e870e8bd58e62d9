import { DAY_MS, dayIndex } from '../domain/calendar.ts';
import { inPeriod } from './period.ts';
import { ratio, type KpiContext, type KpiCounts, type Kpis } from './types.ts';

/** Settlement-based KPIs over invoices settled in the period (see docs/KPIS.md). */
export type PaymentKpis = Pick<Kpis, 'averageDaysToPay' | 'averageDaysDelinquent' | 'onTimeRate'> & {
  readonly counts: Pick<KpiCounts, 'settledInPeriod' | 'settledWithDueDate' | 'settledOnTime'>;
};

export function paymentKpis(ctx: KpiContext): PaymentKpis[] {
  const { groups, facts, period } = ctx;
  const G = groups.keys.length;
  const settled = new Uint32Array(G);
  const daysToPay = new Float64Array(G);
  const withDue = new Uint32Array(G);
  const delinquent = new Float64Array(G);
  const onTime = new Uint32Array(G);
  const { settledAt, postedAt, dueDay } = facts;
  const group = groups.group;

  for (let c = 0; c < group.length; c++) {
    const g = group[c];
    const s = settledAt[c];
    if (g < 0 || !inPeriod(period, s)) continue;
    settled[g]++;
    daysToPay[g] += (s - postedAt[c]) / DAY_MS;
    const due = dueDay ? dueDay[c] : Number.NaN;
    if (due !== due) continue;
    // Calendar days: paid any time on the due date is on time, whatever the hour.
    const late = dayIndex(s) - due;
    withDue[g]++;
    if (late > 0) delinquent[g] += late;
    else onTime[g]++;
  }

  const result: PaymentKpis[] = [];
  for (let g = 0; g < G; g++) {
    result.push({
      averageDaysToPay: ratio(daysToPay[g], settled[g]),
      averageDaysDelinquent: ratio(delinquent[g], withDue[g]),
      onTimeRate: ratio(onTime[g], withDue[g]),
      counts: { settledInPeriod: settled[g], settledWithDueDate: withDue[g], settledOnTime: onTime[g] },
    });
  }
  return result;
}
