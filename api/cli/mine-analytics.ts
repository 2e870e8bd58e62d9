import { readFile } from 'node:fs/promises';
import {
  buildWorklist,
  checkConformance,
  computeKpis,
  findRootCauses,
  parsePolicy,
  PolicyValidationError,
  DEFAULT_POLICY,
  type ConformanceResult,
  type DunningPolicy,
  type EventLog,
  type KpiName,
  type KpiReport,
  type OutcomeRootCauses,
  type RootCauseReport,
} from '../engine/index.ts';
import { formatCount, formatInstant } from './format.ts';

/** What `mine` adds to the log summary: the policy check, the KPIs and the root causes of bad outcomes. */
export interface Analytics {
  readonly policy: DunningPolicy;
  readonly conformance: ConformanceResult;
  readonly kpis: KpiReport;
  readonly rootCauses: RootCauseReport;
}

export class PolicyFileError extends Error {}

/** The policy in a JSON file, or the default one; a bad file names every problem. */
export async function loadPolicy(file: string | undefined): Promise<DunningPolicy> {
  if (file === undefined) return DEFAULT_POLICY;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new PolicyFileError(`Cannot read the policy ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parsePolicy(json);
  } catch (error) {
    if (error instanceof PolicyValidationError) throw new PolicyFileError(`${file}: ${error.message}`);
    throw error;
  }
}

export function analyse(log: EventLog, policy: DunningPolicy): Analytics {
  // One policy check serves adherence, the KPIs and the policyViolated outcome.
  const conformance = checkConformance(log, policy);
  return {
    policy,
    conformance,
    kpis: computeKpis(log, { policy, conformance }),
    rootCauses: findRootCauses(log, { policy, conformance }),
  };
}

const KPI_KEYS: readonly KpiName[] = [
  'dso',
  'countbackDso',
  'averageDaysToPay',
  'averageDaysDelinquent',
  'onTimeRate',
  'cei',
  'writeOffRate',
  'writeOffValueRate',
  'promiseKeptRate',
  'collectionSuccessRate',
  'dunningAdherence',
  'disputeResolutionDays',
  'cashApplicationLagDays',
  'creditApprovalDays',
  'aging',
];

/** The keys `mine --json` adds (rates are fractions; a KPI the log has no inputs for is null). */
export function analyticsJson(a: Analytics): Record<string, unknown> {
  const causes = (o: OutcomeRootCauses | undefined) =>
    (o?.attributes ?? []).map((c) => ({
      attribute: c.attribute,
      value: c.value,
      lift: c.lift,
      support: c.support,
      cases: c.cases,
      ...(c.explainedBy ? { explainedBy: c.explainedBy } : {}),
    }));
  const { kpis } = a;
  return {
    conformance: {
      adherence: a.conformance.adherence,
      byRule: a.conformance.byRule.map((r) => ({ rule: r.ruleId, violations: r.violations, cases: r.cases })),
      byCollector: a.conformance.byCollector.map((o) => ({ collector: o.key, cases: o.overdueCases, violations: o.violations, rate: o.rate })),
    },
    rootCauses: {
      writtenOff: causes(a.rootCauses.outcomes.writtenOff),
      paidLate: causes(a.rootCauses.outcomes.paidLate),
      disputed: causes(a.rootCauses.outcomes.disputed),
    },
    kpis: {
      ...Object.fromEntries(KPI_KEYS.map((k) => [k, kpis[k]])),
      period: { start: formatInstant(kpis.period.start), end: formatInstant(kpis.period.end), days: kpis.period.days },
      reportingCurrency: kpis.reportingCurrency,
      unavailable: kpis.unavailable,
    },
  };
}

/** The readable sections: policy adherence, KPIs, root causes, and the invoices to chase first. */
export function analyticsText(log: EventLog, a: Analytics): string[] {
  const lines: string[] = [];
  const pct = (x: number | null) => (x === null ? 'n/a' : `${(x * 100).toFixed(1)}%`);
  const days = (x: number | null) => (x === null ? 'n/a' : `${x.toFixed(1)} days`);
  const { conformance: c, kpis: k } = a;
  lines.push('', `Dunning policy "${a.policy.name ?? 'unnamed'}": ${pct(c.adherence)} of ${formatCount(c.overdueCases)} overdue invoices followed it.`);
  for (const r of c.byRule.filter((r) => r.violations > 0)) lines.push(`  ${formatCount(r.violations).padStart(7)}  ${r.ruleId}`);
  lines.push('  Collectors by share of overdue invoices with a violation:');
  for (const o of c.byCollector.slice(0, 3)) lines.push(`    ${pct(o.rate).padStart(6)}  ${o.key ?? '(none)'} (${formatCount(o.overdueCases)} overdue)`);

  lines.push('', `KPIs (${k.period.days.toFixed(0)} days to ${formatInstant(k.period.end)}, ${k.reportingCurrency}):`);
  lines.push(`  DSO ${k.dso === null ? 'n/a' : k.dso.toFixed(1)} · days to pay ${days(k.averageDaysToPay)} · days delinquent ${days(k.averageDaysDelinquent)} · on time ${pct(k.onTimeRate)}`);
  lines.push(`  write-off rate ${pct(k.writeOffRate)} · promises kept ${pct(k.promiseKeptRate)} · dispute resolution ${days(k.disputeResolutionDays)} · cash application lag ${days(k.cashApplicationLagDays)}`);

  lines.push('', 'What goes with bad outcomes (case attributes, by lift):');
  for (const [name, o] of Object.entries(a.rootCauses.outcomes)) {
    if (!o) continue;
    if (o.unavailable) {
      lines.push(`  ${name}: n/a (${o.unavailable})`);
      continue;
    }
    const top = o.attributes.filter((x) => !x.explainedBy).slice(0, 3);
    const listed = top.map((x) => `${x.label} ×${x.lift.toFixed(2)} (${formatCount(x.cases)} invoices)`).join('; ');
    lines.push(`  ${name} (${pct(o.rate)} of ${formatCount(o.population)}): ${listed || 'nothing stands out'}`);
  }

  const worklist = buildWorklist(log, { policy: a.policy });
  lines.push('', `Open invoices to chase first (${formatCount(worklist.items.length)} open):`);
  for (const item of worklist.items.slice(0, 5)) {
    const balance = item.openBalanceReporting === null ? 'n/a' : `${Math.round(item.openBalanceReporting).toLocaleString('en-US')} ${worklist.reportingCurrency}`;
    const overdue = item.daysOverdue === null ? '' : item.daysOverdue > 0 ? `, ${item.daysOverdue} day${item.daysOverdue === 1 ? '' : 's'} overdue` : ', not yet due';
    lines.push(`  ${item.caseId} ${balance}${overdue}: ${item.nextStep.action}`);
    if (item.prediction) lines.push(`      pays ~${formatInstant(item.prediction.date).slice(0, 10)} (${item.prediction.reason})`);
  }
  return lines;
}
