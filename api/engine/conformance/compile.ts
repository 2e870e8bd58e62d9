import { Activity } from '../domain/activities.ts';
import type { PolicyRule } from './policy-schema.ts';
import type { Emit, EvalEnv, Evaluator } from './rules/env.ts';
import { forbiddenDuring } from './rules/forbidden-during.ts';
import { minGap } from './rules/min-gap.ts';
import { noSkip } from './rules/no-skip.ts';
import { precondition } from './rules/precondition.ts';
import { requiredAfter } from './rules/required-after.ts';

/**
 * A rule ready to run: the selected cases split by the combination of overrides that applies
 * to them, each group with the evaluator for its merged settings. Overrides apply in order, a
 * later one winning.
 */
export interface RuleRun {
  readonly evaluate: Evaluator;
  readonly cases: Uint32Array;
}

/** Per case: 1 where a case condition holds (cached per condition by the caller). */
export type MatchCases = (when: NonNullable<PolicyRule['overrides']>[number]['when']) => Uint8Array;

/**
 * `scratch` holds two case-sized buffers reused from rule to rule: a check over a large log would
 * otherwise allocate (and collect) megabytes per rule.
 */
export function compileRule(
  rule: PolicyRule,
  selectedCases: Uint32Array,
  env: EvalEnv,
  emit: Emit,
  matchCases: MatchCases,
  scratch: { readonly candidates: Uint32Array; readonly keys: Uint32Array },
): RuleRun[] {
  const overrides = rule.overrides ?? [];
  // Evaluators skip cases without a trigger themselves; narrowing first only pays when the
  // cases are split by override.
  if (overrides.length === 0) {
    const evaluate = evaluatorFor(rule, env, emit);
    return evaluate ? [{ evaluate, cases: selectedCases }] : [];
  }
  const selected = withTrigger(rule, selectedCases, env, scratch.candidates);

  // Which overrides match, as a bit set per selected case (the schema caps overrides at 16 per rule).
  const n = selected.length;
  const key = scratch.keys.subarray(0, n);
  key.fill(0);
  for (let o = 0; o < overrides.length; o++) {
    const mask = matchCases(overrides[o].when);
    const bit = 1 << o;
    for (let i = 0; i < n; i++) if (mask[selected[i]] === 1) key[i] |= bit;
  }
  const size = new Uint32Array(1 << overrides.length);
  for (let i = 0; i < n; i++) size[key[i]]++;

  const runs: RuleRun[] = [];
  const runOfKey = new Int32Array(size.length).fill(-1);
  const lists: Uint32Array[] = [];
  for (let k = 0; k < size.length; k++) {
    if (size[k] === 0) continue;
    const merged = ruleVariant(rule, (i) => (k & (1 << i)) !== 0);
    const evaluate = evaluatorFor(merged, env, emit);
    if (!evaluate) continue;
    runOfKey[k] = runs.length;
    const cases = new Uint32Array(size[k]);
    runs.push({ evaluate, cases });
    lists.push(cases);
  }
  // Case lists stay in case order, so violations of one variant come case by case.
  const fill = new Uint32Array(runs.length);
  for (let i = 0; i < n; i++) {
    const r = runOfKey[key[i]];
    if (r >= 0) lists[r][fill[r]++] = selected[i];
  }
  return runs;
}

/**
 * The rule as it applies to one group of invoices: the overrides for which `applies(index)` holds,
 * applied in order (a later one wins). The worklist reads a rule's settings for an invoice with it.
 */
export function ruleVariant(rule: PolicyRule, applies: (overrideIndex: number) => boolean): PolicyRule {
  return (rule.overrides ?? []).reduce<PolicyRule>((r, o, i) => (applies(i) ? ({ ...r, ...o.set } as PolicyRule) : r), rule);
}

/**
 * The selected cases that contain an activity that can trigger the rule (under any of its
 * overrides): the others cannot violate it, and most invoices have no dispute, write-off or
 * broken promise.
 */
function withTrigger(rule: PolicyRule, selected: Uint32Array, env: EvalEnv, buffer: Uint32Array): Uint32Array {
  const names = new Set<string>();
  for (const variant of [rule, ...(rule.overrides ?? []).map((o) => ({ ...rule, ...o.set }) as PolicyRule)]) {
    for (const name of triggers(variant, env)) names.add(name);
  }
  const bits = env.bits([...names]);
  const presence = env.presence;
  let n = 0;
  for (let i = 0; i < selected.length; i++) {
    const c = selected[i];
    if ((presence[c] & bits) !== 0) buffer[n++] = c;
  }
  return buffer.subarray(0, n);
}

/** Activities without which a case cannot violate the rule. */
function triggers(rule: PolicyRule, env: EvalEnv): readonly string[] {
  switch (rule.kind) {
    case 'required-after':
      return [rule.anchor];
    case 'follow-up-after':
      return [rule.anchor ?? Activity.PromiseToPayBroken];
    case 'min-gap':
    case 'no-skip':
      return env.dunningCode < 0 ? [] : [env.log.activities[env.dunningCode]];
    case 'forbidden-during':
      return rule.forbidden;
    case 'precondition':
      return [rule.target];
  }
}

function evaluatorFor(rule: PolicyRule, env: EvalEnv, emit: Emit): Evaluator | null {
  if (rule.enabled === false) return null;
  switch (rule.kind) {
    case 'required-after':
    case 'follow-up-after':
      return requiredAfter(rule, env, emit);
    case 'min-gap':
      return minGap(rule, env, emit);
    case 'no-skip':
      return noSkip(rule, env, emit);
    case 'forbidden-during':
      return forbiddenDuring(rule, env, emit);
    case 'precondition':
      return precondition(rule, env, emit);
  }
}
