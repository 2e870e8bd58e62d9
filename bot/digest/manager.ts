import { checkConformance, Column, DAY_MS, type ConformanceResult } from '../../api/engine/index.ts';
import type { ManagerDigest, TeamDigest, TeamFigures } from '../cards/model.ts';
import type { Analysis } from './analysis.ts';
import { openAt, overdueAt } from './case-state.ts';

export interface TeamScope {
  readonly name: string;
  /** The team's invoices (1 = the team's), as the access layer scopes a manager. */
  readonly cases: Uint8Array;
}

const WORST_RULES = 3;
const TOP_COLLECTORS = 5;
const WEEK_MS = 7 * DAY_MS;

/**
 * A manager's digest (pure): per team, overdue totals, open receivables, dunning adherence and
 * the rules broken most, each beside the same figure a week earlier in the data (the policy check
 * run with the cut-off a week back, so steps taken since do not count yet).
 */
export function composeManagerDigest(a: Analysis, manager: string, teams: readonly TeamScope[], day: string): ManagerDigest {
  return {
    kind: 'manager',
    manager,
    logId: a.logId,
    day,
    asOf: a.asOf,
    reportingCurrency: a.reportingCurrency,
    teams: teams.map((team) => teamDigest(a, team)),
  };
}

function teamDigest(a: Analysis, team: TeamScope): TeamDigest {
  const cases: number[] = [];
  for (let c = 0; c < team.cases.length; c++) if (team.cases[c]) cases.push(c);
  const weekAgo = a.asOf - WEEK_MS;
  const currency = { reporting: a.reportingCurrency };
  const nowCheck = checkConformance(a.log, a.policy, { cases: team.cases, asOf: a.asOf, currency });
  const thenCheck = checkConformance(a.log, a.policy, { cases: team.cases, asOf: weekAgo, currency });
  const before = new Map(thenCheck.byRule.map((r) => [r.ruleId, r.violations]));
  const worstRules = nowCheck.byRule
    .filter((r) => r.violations > 0)
    .sort((x, y) => y.violations - x.violations || (x.ruleId < y.ruleId ? -1 : 1))
    .slice(0, WORST_RULES)
    .map((r) => ({ ruleId: r.ruleId, rule: r.description ?? r.ruleId, violations: r.violations, lastWeek: before.get(r.ruleId) ?? 0 }));
  const overdueNow = overdueAt(a, cases, a.asOf);
  const perCollector = new Map<string, { overdueCount: number; overdueTotal: number }>();
  for (const [c, amount] of overdueNow.overdue) {
    const name = a.text(Column.CollectorName, c) ?? '—';
    const entry = perCollector.get(name) ?? { overdueCount: 0, overdueTotal: 0 };
    entry.overdueCount++;
    entry.overdueTotal += amount;
    perCollector.set(name, entry);
  }
  return {
    team: team.name,
    now: figures(a, cases, a.asOf, nowCheck),
    lastWeek: figures(a, cases, weekAgo, thenCheck),
    worstRules,
    byCollector: [...perCollector]
      .map(([collector, f]) => ({ collector, ...f }))
      .sort((x, y) => y.overdueTotal - x.overdueTotal || y.overdueCount - x.overdueCount)
      .slice(0, TOP_COLLECTORS),
  };
}

function figures(a: Analysis, cases: readonly number[], t: number, check: ConformanceResult): TeamFigures {
  const overdue = overdueAt(a, cases, t);
  let openTotal = 0;
  for (const c of cases) {
    const open = openAt(a, c, t);
    const reporting = open === null ? 0 : open * a.factor[c];
    if (reporting === reporting) openTotal += reporting;
  }
  return {
    overdueCount: overdue.overdue.size,
    overdueTotal: overdue.total,
    openTotal,
    adherence: check.adherence,
    violations: check.byRule.reduce((n, r) => n + r.violations, 0),
  };
}
