import type { ConformanceSummary, OwnerSummary, RuleSummary, Violation } from '../../api/types.ts';
import type { Translate } from '../../i18n/catalogue.ts';
import type { MessageKey } from '../../i18n/en.ts';
import type { Formatters } from '../../i18n/format.ts';

export interface ConformanceHeadline {
  readonly adherence: string;
  readonly overdue: string;
  readonly conforming: string;
  readonly violations: string;
  readonly violationCount: number;
  readonly exposure: string;
}

export interface RuleRow {
  readonly ruleId: string;
  readonly description: string;
  readonly kind: string;
  readonly violations: string;
  readonly cases: string;
  readonly exposure: string;
  readonly exposureShare: number;
  readonly allowed: string;
  readonly byKind: string;
}

export interface OwnerRow {
  readonly key: string;
  readonly name: string;
  readonly overdue: string;
  readonly violating: string;
  readonly violations: string;
  readonly rate: string;
  readonly rateValue: number;
}

export function conformanceHeadline(summary: ConformanceSummary, fmt: Formatters): ConformanceHeadline {
  const exposure = summary.byRule.reduce((s, r) => s + r.exposure, 0);
  return {
    adherence: fmt.percent(summary.adherence),
    overdue: fmt.integer(summary.overdueCases),
    conforming: fmt.integer(summary.conformingOverdueCases),
    violations: fmt.integer(summary.violations),
    violationCount: summary.violations,
    exposure: fmt.money(exposure, summary.reportingCurrency, true),
  };
}

export function kindLabel(t: Translate, kind: string): string {
  return t(`conformance.kind.${kind}` as MessageKey);
}

/** Rules by exposure, the money their violations put at stake: what to fix first. */
export function ruleRows(rules: readonly RuleSummary[], currency: string, t: Translate, fmt: Formatters): RuleRow[] {
  const max = Math.max(0, ...rules.map((r) => r.exposure));
  return [...rules]
    .sort((a, b) => b.exposure - a.exposure || b.violations - a.violations || a.ruleId.localeCompare(b.ruleId))
    .map((r) => ({
      ruleId: r.ruleId,
      description: r.description ?? r.ruleId,
      kind: t(`policy.kind.${r.ruleKind}` as MessageKey),
      violations: fmt.integer(r.violations),
      cases: fmt.integer(r.cases),
      exposure: fmt.money(r.exposure, currency, true),
      exposureShare: max > 0 ? r.exposure / max : 0,
      allowed: fmt.integer(r.allowed),
      byKind: Object.entries(r.byKind)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => `${kindLabel(t, kind)} ${fmt.integer(n)}`)
        .join(', '),
    }));
}

/** Owners by violation rate, most violations first among equals; the unassigned last. */
export function ownerRows(owners: readonly OwnerSummary[], t: Translate, fmt: Formatters): OwnerRow[] {
  return [...owners]
    .sort((a, b) => (a.key === null ? 1 : 0) - (b.key === null ? 1 : 0) || (b.rate ?? -1) - (a.rate ?? -1) || b.violations - a.violations)
    .map((o) => ({
      key: o.key ?? '',
      name: o.key ?? t('conformance.unassigned'),
      overdue: fmt.integer(o.overdueCases),
      violating: fmt.integer(o.violatingCases),
      violations: fmt.integer(o.violations),
      rate: fmt.percent(o.rate),
      rateValue: o.rate ?? 0,
    }));
}

export interface ViolationRow {
  readonly key: string;
  readonly caseId: string;
  readonly ruleId: string;
  readonly kind: string;
  readonly dueAt: string;
  readonly exposure: string;
  readonly detail: string;
}

export function violationRows(items: readonly Violation[], currency: string, t: Translate, fmt: Formatters): ViolationRow[] {
  return items.map((v, i) => ({
    key: `${v.caseId}|${v.ruleId}|${v.event ?? ''}|${i}`,
    caseId: v.caseId,
    ruleId: v.ruleId,
    kind: kindLabel(t, v.kind),
    dueAt: fmt.date(v.dueAt),
    exposure: fmt.money(v.exposure, currency),
    detail: v.detail ?? '',
  }));
}
