import type { ConformanceResult } from '../conformance/types.ts';
import { inPeriod } from './period.ts';
import { ratio, type KpiContext, type KpiCounts, type Kpis } from './types.ts';

/** Dunning adherence: invoices that fell overdue in the period with no policy violation. */
export type AdherenceKpis = Pick<Kpis, 'dunningAdherence'> & {
  readonly counts: Pick<KpiCounts, 'overdueInPeriod' | 'overdueWithViolation'>;
};

export function adherenceKpis(ctx: KpiContext, conformance: ConformanceResult | null): AdherenceKpis[] {
  const G = ctx.groups.keys.length;
  const overdue = new Uint32Array(G);
  const violating = new Uint32Array(G);
  if (conformance) {
    const { overdueSince, caseViolations } = conformance;
    const group = ctx.groups.group;
    for (let c = 0; c < group.length; c++) {
      const g = group[c];
      if (g < 0 || !inPeriod(ctx.period, overdueSince[c])) continue;
      overdue[g]++;
      if (caseViolations[c] > 0) violating[g]++;
    }
  }
  return ctx.groups.keys.map((_, g) => ({
    dunningAdherence: conformance ? ratio(overdue[g] - violating[g], overdue[g]) : null,
    counts: { overdueInPeriod: overdue[g], overdueWithViolation: violating[g] },
  }));
}
