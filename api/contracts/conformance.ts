import { z } from 'zod';
import { RULE_KINDS } from '../engine/conformance/policy-schema.ts';
import { VIOLATION_KINDS, type RuleSummary, type Violation } from '../engine/conformance/types.ts';
import { filterQuery, logRefSchema, pageOf, pageQuery } from './common.ts';
import { named } from './registry.ts';

const violationKind = z.enum(VIOLATION_KINDS as unknown as [string, ...string[]]);

export const conformanceQuery = z.object({ ...filterQuery });

export const ruleSummarySchema = named(
  'RuleSummary',
  z.object({
    ruleId: z.string(),
    ruleKind: z.enum(RULE_KINDS),
    description: z.string().nullable(),
    violations: z.number().int(),
    cases: z.number().int(),
    byKind: z.record(z.string(), z.number().int()),
    exposure: z.number(),
    allowed: z.number().int(),
  }),
);

export const ownerSummarySchema = named(
  'OwnerSummary',
  z.object({
    key: z.string().nullable(),
    overdueCases: z.number().int(),
    violatingCases: z.number().int(),
    violations: z.number().int(),
    rate: z.number().nullable(),
  }),
);

export const conformanceSummarySchema = named(
  'ConformanceSummary',
  z.object({
    log: logRefSchema,
    policyVersion: z.number().int(),
    asOf: z.number().describe('Epoch ms: steps due after it are not violations yet.'),
    reportingCurrency: z.string(),
    violations: z.number().int(),
    overdueCases: z.number().int(),
    conformingOverdueCases: z.number().int(),
    adherence: z.number().nullable(),
    byRule: z.array(ruleSummarySchema),
    byCollector: z.array(ownerSummarySchema),
    byTeam: z.array(ownerSummarySchema),
    warnings: z.array(z.string()),
  }),
  'How the invoices of the view follow the dunning policy in force.',
);

export const violationsQuery = z.object({
  ...filterQuery,
  ...pageQuery,
  rule: z.string().optional().describe('Only this rule id.'),
  kind: violationKind.optional(),
});

export const violationSchema = named(
  'Violation',
  z.object({
    ruleId: z.string(),
    kind: violationKind,
    caseId: z.string(),
    event: z.number().int().nullable().describe("Event index in the caller's view (see TimelineEvent.index)."),
    dueAt: z.number().nullable().describe('Epoch ms.'),
    exposure: z.number().nullable().describe('Open balance at stake, reporting currency.'),
    detail: z.string().optional(),
  }),
);

export const violationPageSchema = named('ViolationPage', z.object({ log: logRefSchema, policyVersion: z.number().int(), ...pageOf(violationSchema) }));

// Drift between engine and contract fails the type check.
const _rule: z.infer<typeof ruleSummarySchema> = {} as RuleSummary;
const _violation: Omit<z.infer<typeof violationSchema>, 'kind'> = {} as Omit<Violation, 'kind' | 'caseIndex'>;
void _rule;
void _violation;
