import type { CaseSelection } from '../filtering/selection.ts';
import type { EventLog } from '../log/event-log.ts';
import { caseStrings } from '../kpis/groupings.ts';
import type { PolicyRule } from './policy-schema.ts';
import { VIOLATION_KINDS, type OwnerSummary, type RuleSummary, type ViolationKind } from './types.ts';

/** Running totals per rule, filled while violations are recorded. */
export class RuleTally {
  readonly violations: Uint32Array;
  readonly cases: Uint32Array;
  readonly exposure: Float64Array;
  readonly allowed: Uint32Array;
  /** [rule × kinds + kind]. */
  private readonly kinds: Uint32Array;
  private readonly lastCase: Int32Array;

  constructor(ruleCount: number) {
    this.violations = new Uint32Array(ruleCount);
    this.cases = new Uint32Array(ruleCount);
    this.exposure = new Float64Array(ruleCount);
    this.allowed = new Uint32Array(ruleCount);
    this.kinds = new Uint32Array(ruleCount * VIOLATION_KINDS.length);
    this.lastCase = new Int32Array(ruleCount).fill(-1);
  }

  add(rule: number, kind: number, c: number, exposure: number): void {
    this.violations[rule]++;
    this.kinds[rule * VIOLATION_KINDS.length + kind]++;
    if (exposure === exposure) this.exposure[rule] += exposure;
    // A rule's violations of one case arrive together, so a new case index means a new violating case.
    if (this.lastCase[rule] !== c) {
      this.cases[rule]++;
      this.lastCase[rule] = c;
    }
  }

  summaries(rules: readonly PolicyRule[]): RuleSummary[] {
    return rules.map((rule, r) => ({
      ruleId: rule.id,
      ruleKind: rule.kind,
      description: rule.description ?? null,
      violations: this.violations[r],
      cases: this.cases[r],
      byKind: Object.fromEntries(VIOLATION_KINDS.map((k, i) => [k, this.kinds[r * VIOLATION_KINDS.length + i]])) as Record<ViolationKind, number>,
      exposure: this.exposure[r],
      allowed: this.allowed[r],
    }));
  }
}

/** Overdue invoices, violating ones and violations per value of a case attribute (collector, team). */
export function ownerSummaries(
  log: EventLog,
  attribute: string,
  overdueSince: Float64Array,
  caseViolations: Uint32Array,
  cases?: CaseSelection,
): OwnerSummary[] {
  const values = caseStrings(log, attribute);
  if (!values) return [];
  const n = values.dict.length;
  const overdue = new Uint32Array(n);
  const violating = new Uint32Array(n);
  const violations = new Uint32Array(n);
  const present = new Uint8Array(n);
  const codes = values.codes;
  for (let c = 0; c < overdueSince.length; c++) {
    if (cases && !cases[c]) continue;
    const k = codes[c];
    present[k] = 1;
    violations[k] += caseViolations[c];
    if (overdueSince[c] === overdueSince[c]) {
      overdue[k]++;
      if (caseViolations[c] > 0) violating[k]++;
    }
  }
  const result: OwnerSummary[] = [];
  for (let k = 0; k < n; k++) {
    if (!present[k]) continue;
    result.push({
      key: k === 0 ? null : values.dict[k],
      overdueCases: overdue[k],
      violatingCases: violating[k],
      violations: violations[k],
      rate: overdue[k] > 0 ? violating[k] / overdue[k] : null,
    });
  }
  return result.sort((a, b) => (b.rate ?? -1) - (a.rate ?? -1) || b.overdueCases - a.overdueCases);
}
