import type { z } from 'zod';
import { CANONICAL_ACTIVITIES } from '../domain/activities.ts';
import { resolveActivity } from '../domain/aliases.ts';
import { ACTIVITY_MESSAGE, policySchema, RULE_SETTINGS, type DunningPolicy, type RuleKind } from './policy-schema.ts';

/**
 * Policy validation with messages a credit manager can act on, e.g.
 * "Rule 'reminder-after-due': 'withinDays' must be a whole number of days ≥ 0, found -3".
 */
export class PolicyValidationError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`The dunning policy is not valid:\n- ${problems.join('\n- ')}`);
  }
}

export type PolicyValidation = { readonly ok: true; readonly policy: DunningPolicy } | { readonly ok: false; readonly problems: readonly string[] };

export function validatePolicy(input: unknown): PolicyValidation {
  const parsed = policySchema.safeParse(input);
  if (parsed.success) return { ok: true, policy: parsed.data };
  return { ok: false, problems: parsed.error.issues.map((issue) => describeIssue(issue, input)) };
}

/** The policy, or a {@link PolicyValidationError} listing every problem. */
export function parsePolicy(input: unknown): DunningPolicy {
  const result = validatePolicy(input);
  if (!result.ok) throw new PolicyValidationError(result.problems);
  return result.policy;
}

function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const path = issue.path as (string | number)[];
  const { subject, rest, kind } = locate(path, input);
  const value = valueAt(input, path);

  if (issue.code === 'unrecognized_keys') {
    const where = rest.length ? `${subject}, ${describePath(rest)}` : subject;
    const allowed = kind ? RULE_SETTINGS[kind] : [];
    return issue.keys
      .map((key) => {
        const hint = closest(key, allowed);
        return `${where}: '${key}' is not a setting${kind ? ` of a '${kind}' rule` : ''}${hint ? ` (did you mean '${hint}'?)` : ''}`;
      })
      .join('; ');
  }

  const field = rest.length ? describePath(rest) : null;
  const head = field ? `${subject}: ${field}` : subject;
  if (value === undefined && issue.code !== 'custom') return `${head} is missing; it ${issue.message}`;
  let sentence = `${head} ${issue.message}`;
  // A refinement speaks about a whole object or list; "found an object" would add nothing.
  if (issue.code !== 'custom' || (value !== null && typeof value !== 'object')) sentence += `, found ${show(value)}`;
  if (issue.message === ACTIVITY_MESSAGE && typeof value === 'string') {
    const suggestion = resolveActivity(value) ?? closest(value, CANONICAL_ACTIVITIES);
    if (suggestion) sentence += ` (did you mean "${suggestion}"?)`;
  }
  return sentence;
}

/** "Rule 'id'" (or "Rule 3" without a usable id) and the path inside it; "The policy" otherwise. */
function locate(path: (string | number)[], input: unknown): { subject: string; rest: (string | number)[]; kind: RuleKind | null } {
  if (path[0] === 'rules' && typeof path[1] === 'number') {
    const rule = valueAt(input, path.slice(0, 2)) as { id?: unknown; kind?: unknown } | undefined;
    const id = typeof rule?.id === 'string' && rule.id ? `'${rule.id}'` : String(path[1] + 1);
    const kind = typeof rule?.kind === 'string' && rule.kind in RULE_SETTINGS ? (rule.kind as RuleKind) : null;
    return { subject: `Rule ${id}`, rest: path.slice(2), kind };
  }
  return { subject: 'The policy', rest: path, kind: null };
}

/** ['overrides', 0, 'set', 'minDays'] → "override 1: 'minDays'"; ['requires', 1, 'activity'] → "'requires' entry 2: 'activity'". */
function describePath(path: (string | number)[]): string {
  const parts: string[] = [];
  for (let i = 0; i < path.length; i++) {
    const key = path[i];
    const next = path[i + 1];
    if (key === 'overrides' && typeof next === 'number') {
      parts.push(`override ${next + 1}`);
      i++;
      if (path[i + 1] === 'set') i++;
    } else if (typeof key === 'string' && typeof next === 'number') {
      parts.push(`'${key}' entry ${next + 1}`);
      i++;
    } else {
      parts.push(typeof key === 'number' ? `entry ${key + 1}` : `'${key}'`);
    }
  }
  // The last part is the field the message is about; the ones before say where it sits.
  return parts.length > 1 ? `${parts.slice(0, -1).join(', ')}: ${parts[parts.length - 1]}` : parts[0];
}

function valueAt(input: unknown, path: (string | number)[]): unknown {
  let v: unknown = input;
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[key];
  }
  return v;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** The allowed key nearest to a mistyped one (edit distance ≤ 3), or null. */
function closest(key: string, allowed: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = 4;
  for (const candidate of allowed) {
    const d = editDistance(key.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}
