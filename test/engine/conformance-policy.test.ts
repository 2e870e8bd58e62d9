import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  defaultPolicyJson,
  parsePolicy,
  PolicyValidationError,
  validatePolicy,
} from '../../api/engine/conformance/index.ts';

/** The problems of an invalid policy (fails the test when it is valid). */
function problems(input: unknown): readonly string[] {
  const result = validatePolicy(input);
  if (result.ok) throw new Error('expected the policy to be invalid');
  return result.problems;
}

const reminderRule = {
  id: 'reminder-after-due',
  kind: 'required-after',
  anchor: 'Payment Due Date Passed',
  step: ['Reminder Sent'],
  withinDays: 3,
};

describe('dunning policy validation', () => {
  it('accepts the default policy, also after a JSON round trip', () => {
    expect(validatePolicy(DEFAULT_POLICY).ok).toBe(true);
    const fromJson = parsePolicy(JSON.parse(defaultPolicyJson()));
    expect(fromJson.rules.map((r) => r.kind)).toEqual([
      'required-after',
      'min-gap',
      'no-skip',
      'forbidden-during',
      'follow-up-after',
      'precondition',
      'forbidden-during',
      'precondition',
    ]);
  });

  it('names the rule, the setting, what is expected and what was found', () => {
    expect(problems({ rules: [{ ...reminderRule, withinDays: -3 }] })).toEqual([
      "Rule 'reminder-after-due': 'withinDays' must be a whole number of days ≥ 0, found -3",
    ]);
    expect(problems({ rules: [{ ...reminderRule, withinDays: 2.5 }] })).toEqual([
      "Rule 'reminder-after-due': 'withinDays' must be a whole number of days ≥ 0, found 2.5",
    ]);
    const { withinDays: _, ...withoutDays } = reminderRule;
    expect(problems({ rules: [withoutDays] })).toEqual([
      "Rule 'reminder-after-due': 'withinDays' is missing; it must be a whole number of days ≥ 0",
    ]);
  });

  it('suggests the canonical activity and the setting that was meant', () => {
    expect(problems({ rules: [{ ...reminderRule, step: ['reminder sent!'] }] })).toEqual([
      `Rule 'reminder-after-due': 'step' entry 1 must be one of the canonical activity names (e.g. "Reminder Sent"), found 'reminder sent!' (did you mean "Reminder Sent"?)`,
    ]);
    expect(problems({ rules: [{ ...reminderRule, withinDays: undefined, withinDay: 3 }] })).toContain(
      "Rule 'reminder-after-due': 'withinDay' is not a setting of a 'required-after' rule (did you mean 'withinDays'?)",
    );
  });

  it('explains unknown rule kinds, bad overrides, unknown levels and duplicate ids', () => {
    expect(problems({ rules: [{ id: 'x', kind: 'max-gap' }] })).toEqual([
      "Rule 'x': 'kind' must be one of required-after, follow-up-after, min-gap, no-skip, forbidden-during, precondition, found 'max-gap'",
    ]);
    expect(
      problems({ rules: [{ id: 'gap', kind: 'min-gap', minDays: 14, overrides: [{ when: { CustomerSegment: 'Enterprise' }, set: { minDays: 'three weeks' } }] }] }),
    ).toEqual(["Rule 'gap': override 1: 'minDays' must be a whole number of days ≥ 0, found 'three weeks'"]);
    expect(
      problems({ rules: [{ id: 'w', kind: 'precondition', target: 'Invoice Written Off', requires: [{ activity: 'Dunning Letter Issued', atLeastLevel: '4' }] }] }),
    ).toEqual([`Rule 'w': 'requires' entry 1: 'atLeastLevel' must be one of the dunning levels 1, 2, 3, Legal or "final", found '4'`]);
    expect(problems({ rules: [{ id: 'a', kind: 'no-skip' }, { id: 'a', kind: 'no-skip' }] })).toEqual([
      "Rule 'a': 'id' is used by more than one rule, found 'a'",
    ]);
  });

  it('throws all problems at once from parsePolicy', () => {
    const attempt = () => parsePolicy({ rules: [{ ...reminderRule, withinDays: -1, dayType: 'weekdays' }] });
    expect(attempt).toThrow(PolicyValidationError);
    expect(attempt).toThrow(/'dayType' must be "calendar" or "business", found 'weekdays'/);
  });
});
