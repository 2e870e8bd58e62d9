import { z } from 'zod';
import { CANONICAL_ACTIVITIES, type CanonicalActivity } from '../domain/activities.ts';
import { WEEKDAY_NAMES } from '../domain/calendar.ts';

/**
 * The dunning policy as data: a credit manager edits the JSON, the product checks every
 * overdue invoice against it. Fields are optional where a sensible default exists; defaults are
 * applied when rules are compiled, not here, so an override's `set` only changes what it names.
 * Human-readable messages live next to each field; policy-errors.ts turns zod issues into
 * sentences naming the rule.
 */

const WHOLE_DAYS = 'must be a whole number of days ≥ 0';
const wholeDays = z.number({ error: WHOLE_DAYS }).int({ error: WHOLE_DAYS }).min(0, { error: WHOLE_DAYS });

export const ACTIVITY_MESSAGE = 'must be one of the canonical activity names (e.g. "Reminder Sent")';
const activity = z.enum(CANONICAL_ACTIVITIES as unknown as [CanonicalActivity, ...CanonicalActivity[]], { error: ACTIVITY_MESSAGE });
const activities = z.array(activity, { error: 'must be a list of canonical activity names' }).min(1, { error: 'must name at least one activity' });
const dayType = z.enum(['calendar', 'business'], { error: 'must be "calendar" or "business"' });
const level = z.string({ error: 'must be a dunning level (e.g. "2" or "Legal") or "final"' }).min(1, { error: 'must not be empty' });
const text = z.string({ error: 'must be text' });

/** Case attribute → value(s) it must have, e.g. `{ "CustomerSegment": "Government" }`. All must match. */
export const caseConditionSchema = z
  .record(
    z.string().min(1, { error: 'attribute names must not be empty' }),
    z.union([z.string(), z.array(z.string()).min(1)], { error: 'must be a value or a list of values' }),
    { error: 'must map case attributes (e.g. "CustomerSegment") to values' },
  )
  .refine((when) => Object.keys(when).length > 0, { error: 'must name at least one case attribute' });
export type CaseCondition = z.infer<typeof caseConditionSchema>;

const common = {
  enabled: z.boolean({ error: 'must be true or false' }).optional(),
  description: text.optional(),
};

const requiredAfterParams = {
  ...common,
  /** The activity that starts the clock. */
  anchor: activity,
  /** Any one of these satisfies the requirement. */
  step: activities,
  withinDays: wholeDays,
  /** Default calendar. */
  dayType: dayType.optional(),
  /** While such a window is open (a dispute) the clock stops; it restarts in full when the window closes. */
  pausedBetween: z.strictObject({ start: activity, end: activity }, { error: 'must be { "start": activity, "end": activity }' }).optional(),
};
const followUpParams = {
  ...requiredAfterParams,
  /** Default Promise to Pay Broken. */
  anchor: activity.optional(),
  /** Default Collection Contact Made. */
  step: activities.optional(),
};
const minGapParams = {
  ...common,
  minDays: wholeDays,
  dayType: dayType.optional(),
  /** The higher level of each pair checked (["2", "3"]: 1→2 and 2→3); default every level after the first. */
  levels: z.array(level, { error: 'must be a list of dunning levels' }).optional(),
};
const noSkipParams = { ...common };
const forbiddenDuringParams = {
  ...common,
  forbidden: activities,
  /** Window start; omitted = from the start of the case. */
  from: activity.optional(),
  /** Window end; omitted = to the end of the case. */
  until: activity.optional(),
};
const preconditionParams = {
  ...common,
  target: activity,
  /** Only target events at this dunning level. */
  targetLevel: level.optional(),
  requires: z
    .array(
      z.strictObject(
        { activity, atLeastLevel: level.optional() },
        { error: 'must be { "activity": name, "atLeastLevel"?: level }' },
      ),
      { error: 'must be a list of required prior activities' },
    )
    .min(1, { error: 'must name at least one required prior activity' })
    .max(20, { error: 'must name at most 20 required prior activities' }),
};

function ruleSchema<K extends string, P extends z.ZodRawShape>(kind: K, params: P) {
  const paramsSchema = z.strictObject(params);
  return z.strictObject({
    id: z.string({ error: 'must be a short text id (e.g. "reminder-after-due")' }).min(1, { error: 'must not be empty' }),
    kind: z.literal(kind),
    ...params,
    overrides: z
      .array(
        z.strictObject(
          { when: caseConditionSchema, set: paramsSchema.partial(), note: text.optional() },
          { error: 'must be { "when": {...}, "set": {...} }' },
        ),
        { error: 'must be a list of overrides' },
      )
      .max(16, { error: 'must have at most 16 overrides' })
      .optional(),
  });
}

export const requiredAfterRuleSchema = ruleSchema('required-after', requiredAfterParams);
export const followUpAfterRuleSchema = ruleSchema('follow-up-after', followUpParams);
export const minGapRuleSchema = ruleSchema('min-gap', minGapParams);
export const noSkipRuleSchema = ruleSchema('no-skip', noSkipParams);
export const forbiddenDuringRuleSchema = ruleSchema('forbidden-during', forbiddenDuringParams);
export const preconditionRuleSchema = ruleSchema('precondition', preconditionParams);

export const RULE_KINDS = ['required-after', 'follow-up-after', 'min-gap', 'no-skip', 'forbidden-during', 'precondition'] as const;
export type RuleKind = (typeof RULE_KINDS)[number];

/** The settings each kind accepts, for "did you mean" hints. */
export const RULE_SETTINGS: Readonly<Record<RuleKind, readonly string[]>> = {
  'required-after': Object.keys(requiredAfterRuleSchema.shape),
  'follow-up-after': Object.keys(followUpAfterRuleSchema.shape),
  'min-gap': Object.keys(minGapRuleSchema.shape),
  'no-skip': Object.keys(noSkipRuleSchema.shape),
  'forbidden-during': Object.keys(forbiddenDuringRuleSchema.shape),
  precondition: Object.keys(preconditionRuleSchema.shape),
};

export const policyRuleSchema = z.discriminatedUnion(
  'kind',
  [requiredAfterRuleSchema, followUpAfterRuleSchema, minGapRuleSchema, noSkipRuleSchema, forbiddenDuringRuleSchema, preconditionRuleSchema],
  { error: `must be one of ${RULE_KINDS.join(', ')}` },
);

const ISO_DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export const policySchema = z
  .strictObject({
    name: text.optional(),
    /** In escalation order; default ["1", "2", "3", "Legal"]. The last is the final level. */
    dunningLevels: z.array(level, { error: 'must be a list of levels in escalation order' }).min(1, { error: 'must name at least one level' }).optional(),
    /** The activity that carries DunningLevel; default Dunning Letter Issued. */
    dunningActivity: activity.optional(),
    calendar: z
      .strictObject(
        {
          weekendDays: z.array(z.enum(WEEKDAY_NAMES, { error: 'must be day names like "Saturday"' })).optional(),
          holidays: z.array(z.string().regex(ISO_DATE, { error: 'must be dates written YYYY-MM-DD' })).optional(),
        },
        { error: 'must be { "weekendDays": [...], "holidays": [...] }' },
      )
      .optional(),
    rules: z.array(policyRuleSchema, { error: 'must be a list of rules' }),
  }, { error: 'a policy must be a JSON object with "rules"' })
  .superRefine((policy, ctx) => {
    contradictoryLetterWindows(policy, ctx);
    const levels = policy.dunningLevels ?? DEFAULT_DUNNING_LEVELS;
    const known = new Set(levels.map(levelKey));
    const seen = new Set<string>();
    policy.rules.forEach((rule, i) => {
      if (seen.has(rule.id)) ctx.addIssue({ code: 'custom', path: ['rules', i, 'id'], message: `is used by more than one rule` });
      seen.add(rule.id);
      for (const { path, value } of levelsOf(rule)) {
        if (value !== 'final' && !known.has(levelKey(value))) {
          ctx.addIssue({ code: 'custom', path: ['rules', i, ...path], message: `must be one of the dunning levels ${levels.join(', ')} or "final"` });
        }
      }
    });
  });

/**
 * "A letter within N days after a letter" next to "a letter no earlier than M days after the
 * previous one" with M > N: every escalation breaks one of the two, whatever the invoices do.
 * Compared on the rules' own settings (overrides change them per segment; a mismatch there is
 * data-dependent) and only in the same kind of days.
 */
function contradictoryLetterWindows(policy: { readonly dunningActivity?: string; readonly rules: readonly PolicyRule[] }, ctx: z.RefinementCtx): void {
  const letter = policy.dunningActivity ?? 'Dunning Letter Issued';
  const gaps = policy.rules.filter((r): r is MinGapRule => r.kind === 'min-gap' && r.enabled !== false);
  policy.rules.forEach((rule, i) => {
    if ((rule.kind !== 'required-after' && rule.kind !== 'follow-up-after') || rule.enabled === false) return;
    if (rule.anchor !== letter || !rule.step?.includes(letter)) return;
    const dayType = rule.dayType ?? (rule.kind === 'follow-up-after' ? 'business' : 'calendar');
    for (const gap of gaps) {
      if ((gap.dayType ?? 'calendar') !== dayType || gap.minDays <= rule.withinDays) continue;
      ctx.addIssue({
        code: 'custom',
        path: ['rules', i, 'withinDays'],
        message: `asks for a ${letter} within ${rule.withinDays} ${dayType} days after each ${letter}, but rule '${gap.id}' allows the next one no earlier than ${gap.minDays} days after the previous: no invoice can satisfy both`,
      });
    }
  });
}

export type DunningPolicy = z.infer<typeof policySchema>;
export type PolicyRule = z.infer<typeof policyRuleSchema>;
export type RequiredAfterRule = z.infer<typeof requiredAfterRuleSchema>;
export type FollowUpAfterRule = z.infer<typeof followUpAfterRuleSchema>;
export type MinGapRule = z.infer<typeof minGapRuleSchema>;
export type NoSkipRule = z.infer<typeof noSkipRuleSchema>;
export type ForbiddenDuringRule = z.infer<typeof forbiddenDuringRuleSchema>;
export type PreconditionRule = z.infer<typeof preconditionRuleSchema>;

export const DEFAULT_DUNNING_LEVELS: readonly string[] = ['1', '2', '3', 'Legal'];

/** Levels compare without case or surrounding spaces ("legal" = "Legal"). */
export function levelKey(value: string): string {
  return value.trim().toLowerCase();
}

/** Every level a rule names (with its path inside the rule), overrides included. */
function levelsOf(rule: PolicyRule): { path: (string | number)[]; value: string }[] {
  const found: { path: (string | number)[]; value: string }[] = [];
  const visit = (params: Record<string, unknown>, prefix: (string | number)[]) => {
    if (typeof params.targetLevel === 'string') found.push({ path: [...prefix, 'targetLevel'], value: params.targetLevel });
    if (Array.isArray(params.levels)) params.levels.forEach((v, j) => typeof v === 'string' && found.push({ path: [...prefix, 'levels', j], value: v }));
    if (Array.isArray(params.requires)) {
      params.requires.forEach((r, j) => {
        const at = (r as { atLeastLevel?: unknown }).atLeastLevel;
        if (typeof at === 'string') found.push({ path: [...prefix, 'requires', j, 'atLeastLevel'], value: at });
      });
    }
  };
  visit(rule as Record<string, unknown>, []);
  rule.overrides?.forEach((o, k) => visit(o.set as Record<string, unknown>, ['overrides', k, 'set']));
  return found;
}
