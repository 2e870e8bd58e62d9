import { DAY_MS, dayIndex, monthIndex, monthStart } from '../domain/calendar.ts';
import { openBalanceAt } from './open-balance.ts';
import type { KpiAmounts, KpiContext, KpiCounts, Kpis } from './types.ts';

/** Balance-based KPIs: DSO, countback DSO, CEI, aging (see docs/KPIS.md). */
export type ReceivableKpis = Pick<Kpis, 'dso' | 'countbackDso' | 'cei' | 'aging'> & {
  readonly amounts: Pick<KpiAmounts, 'beginAr' | 'endAr' | 'currentEndAr' | 'creditSales'> | null;
  readonly counts: Pick<KpiCounts, 'postedInPeriod' | 'openAtCutoff' | 'amountExcluded'>;
};

/** Countback looks back at most this many months; AR older than that is rare and only lengthens the loop. */
export const COUNTBACK_MONTHS = 36;

export function receivableKpis(ctx: KpiContext): ReceivableKpis[] {
  const { groups, balance, facts, factor, period } = ctx;
  const G = groups.keys.length;
  const amount = balance.amount;
  if (!amount) return Array.from({ length: G }, () => unavailable());

  const group = groups.group;
  const begin = new Float64Array(G);
  const endAr = new Float64Array(G);
  const sales = new Float64Array(G);
  const aging = new Float64Array(G * 6);
  const posted = new Uint32Array(G);
  const open = new Uint32Array(G);
  const excluded = new Uint32Array(G);
  const endMonth = monthIndex(period.end);
  const firstMonth = endMonth - COUNTBACK_MONTHS + 1;
  const firstMonthStart = monthStart(firstMonth);
  const monthSales = new Float64Array(G * COUNTBACK_MONTHS);
  // Day → month slot of the countback window: a table lookup instead of a calendar computation per invoice.
  const firstDay = dayIndex(firstMonthStart);
  const monthOfDay = new Uint8Array(dayIndex(period.end) - firstDay + 1);
  for (let m = 1; m < COUNTBACK_MONTHS; m++) monthOfDay.fill(m, dayIndex(monthStart(firstMonth + m)) - firstDay);
  const endDay = dayIndex(period.end);
  const dueDay = facts.dueDay;
  const postedAt = balance.postedAt;

  for (let c = 0; c < group.length; c++) {
    const g = group[c];
    if (g < 0) continue;
    const p = postedAt[c];
    const postedInPeriod = p > period.start && p <= period.end;
    if (postedInPeriod) posted[g]++;
    const f = factor[c];
    const a = amount[c];
    if (f !== f || a !== a) {
      excluded[g]++;
      continue;
    }
    if (postedInPeriod) sales[g] += a * f;
    if (p >= firstMonthStart && p <= period.end) monthSales[g * COUNTBACK_MONTHS + monthOfDay[dayIndex(p) - firstDay]] += a * f;
    begin[g] += openBalanceAt(balance, c, period.start) * f;
    const b = openBalanceAt(balance, c, period.end) * f;
    if (b <= 0) continue;
    endAr[g] += b;
    open[g]++;
    const due = dueDay ? dueDay[c] : Number.NaN;
    aging[g * 6 + agingBucket(due, endDay)] += b;
  }

  const result: ReceivableKpis[] = [];
  for (let g = 0; g < G; g++) {
    const a = aging.subarray(g * 6, g * 6 + 6);
    const current = a[0];
    const ceiDenominator = begin[g] + sales[g] - current;
    result.push({
      dso: sales[g] > 0 ? (endAr[g] / sales[g]) * period.days : null,
      countbackDso: countback(endAr[g], monthSales.subarray(g * COUNTBACK_MONTHS, (g + 1) * COUNTBACK_MONTHS), firstMonth, period.end),
      cei: dueDay && ceiDenominator > 0 ? ((begin[g] + sales[g] - endAr[g]) / ceiDenominator) * 100 : null,
      aging: dueDay ? { current, d1_30: a[1], d31_60: a[2], d61_90: a[3], d90plus: a[4], noDueDate: a[5] } : null,
      amounts: { beginAr: begin[g], endAr: endAr[g], currentEndAr: current, creditSales: sales[g] },
      counts: { postedInPeriod: posted[g], openAtCutoff: open[g], amountExcluded: excluded[g] },
    });
  }
  return result;
}

/** 0 current (not past due), 1: 1–30, 2: 31–60, 3: 61–90, 4: 90+, 5: no due date. */
function agingBucket(dueDay: number, day: number): number {
  if (dueDay !== dueDay) return 5;
  const past = day - dueDay;
  return past <= 0 ? 0 : past <= 30 ? 1 : past <= 60 ? 2 : past <= 90 ? 3 : 4;
}

/**
 * Countback DSO: walk back month by month from the cut-off (the current month counts its days
 * so far), absorbing each month's credit sales into the end AR, until the AR is used up; the
 * last month counts pro rata. Null when the AR is open but there were no sales to count back.
 */
function countback(endAr: number, monthSales: Float64Array, firstMonth: number, end: number): number | null {
  if (endAr <= 0) return 0;
  let remaining = endAr;
  let days = 0;
  let anySales = false;
  for (let k = monthSales.length - 1; k >= 0; k--) {
    const month = firstMonth + k;
    const from = monthStart(month);
    const to = Math.min(monthStart(month + 1), end);
    const monthDays = Math.max(0, to - from) / DAY_MS;
    const s = monthSales[k];
    if (s > 0) anySales = true;
    if (s >= remaining) return days + (monthDays * remaining) / s;
    days += monthDays;
    remaining -= s;
  }
  return anySales ? days : null;
}

function unavailable(): ReceivableKpis {
  return { dso: null, countbackDso: null, cei: null, aging: null, amounts: null, counts: { postedInPeriod: 0, openAtCutoff: 0, amountExcluded: 0 } };
}
