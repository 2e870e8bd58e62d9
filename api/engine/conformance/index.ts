export { checkConformance } from './check.ts';
export { DEFAULT_POLICY, defaultPolicyJson } from './default-policy.ts';
export { parsePolicy, validatePolicy, PolicyValidationError, type PolicyValidation } from './policy-errors.ts';
export {
  policySchema,
  policyRuleSchema,
  caseConditionSchema,
  RULE_KINDS,
  DEFAULT_DUNNING_LEVELS,
  type DunningPolicy,
  type PolicyRule,
  type RuleKind,
  type CaseCondition,
  type RequiredAfterRule,
  type FollowUpAfterRule,
  type MinGapRule,
  type NoSkipRule,
  type ForbiddenDuringRule,
  type PreconditionRule,
} from './policy-schema.ts';
export { allowlistSchema, allowlistEntrySchema, type Allowlist, type AllowlistEntry } from './allowlist.ts';
export type {
  ConformanceOptions,
  ConformanceResult,
  Violation,
  AllowedViolation,
  ViolationKind,
  RuleSummary,
  OwnerSummary,
} from './types.ts';
export { VIOLATION_KINDS } from './types.ts';
