import { canonicalJson } from '../../../../api/contracts/filter-encoding.ts';
import type { DunningPolicy, PolicyRule } from '../../api/types.ts';

/** What the form edits of a rule; everything else stays as the JSON says. */
export interface EditableRule {
  readonly id: string;
  readonly kind: PolicyRule['kind'];
  readonly description: string | null;
  readonly enabled: boolean;
  /** required-after / follow-up-after: the deadline in days; null when the kind has none. */
  readonly withinDays: number | null;
  /** min-gap: days between letters. */
  readonly minDays: number | null;
  readonly dayType: 'calendar' | 'business' | null;
  readonly overrides: number;
}

export function editableRules(policy: DunningPolicy): EditableRule[] {
  return policy.rules.map((rule) => {
    const r = rule as PolicyRule & { withinDays?: number; minDays?: number; dayType?: 'calendar' | 'business' };
    const hasDeadline = rule.kind === 'required-after' || rule.kind === 'follow-up-after';
    const hasDayType = hasDeadline || rule.kind === 'min-gap';
    return {
      id: rule.id,
      kind: rule.kind,
      description: rule.description ?? null,
      enabled: rule.enabled !== false,
      withinDays: hasDeadline ? (r.withinDays ?? null) : null,
      minDays: rule.kind === 'min-gap' ? (r.minDays ?? null) : null,
      dayType: hasDayType ? (r.dayType ?? (rule.kind === 'follow-up-after' ? 'business' : 'calendar')) : null,
      overrides: rule.overrides?.length ?? 0,
    };
  });
}

export type RuleField = 'enabled' | 'withinDays' | 'minDays' | 'dayType';

/** A copy of the policy with one setting of one rule changed (the form's edit). */
export function withRuleSetting(policy: DunningPolicy, ruleId: string, field: RuleField, value: boolean | number | string): DunningPolicy {
  return {
    ...policy,
    rules: policy.rules.map((rule) => (rule.id === ruleId ? ({ ...rule, [field]: value } as PolicyRule) : rule)),
  };
}

export function samePolicy(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

export function policyText(policy: unknown): string {
  return JSON.stringify(policy, null, 2);
}

/** The JSON text as a value, or the parser's message. */
export function parsePolicyText(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}
