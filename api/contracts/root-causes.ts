import { z } from 'zod';
import type { OutcomeRootCauses, RootCause, RootCauseReport } from '../engine/index.ts';
import { filterQuery, logRefSchema } from './common.ts';
import { named } from './registry.ts';

export const ROOT_CAUSE_OUTCOME_NAMES = ['writtenOff', 'paidLate', 'disputed', 'policyViolated'] as const;

export const rootCausesQuery = z.object({
  ...filterQuery,
  outcomes: z
    .string()
    .regex(/^(writtenOff|paidLate|disputed|policyViolated)(,(writtenOff|paidLate|disputed|policyViolated))*$/)
    .optional()
    .describe('Comma-separated outcomes to explain: writtenOff, paidLate, disputed, policyViolated; default all.'),
  limit: z.coerce.number().int().min(1).max(50).default(10).describe('Causes per list.'),
  minCases: z.coerce.number().int().min(1).optional().describe('A cause needs at least this many invoices (default 20, or 1 % of the population).'),
  graceDays: z.coerce.number().min(0).max(365).optional().describe('Days after the due date a payment still counts as on time (paidLate).'),
});

export const rootCauseSchema = named(
  'RootCause',
  z.object({
    kind: z.enum(['attribute', 'path']),
    attribute: z.string(),
    value: z.string(),
    label: z.string(),
    lift: z.number().describe('Outcome rate with the feature ÷ outcome rate of the population.'),
    support: z.number(),
    cases: z.number().int(),
    outcomeCases: z.number().int(),
    rate: z.number(),
    explainedBy: z.string().optional(),
  }),
);

export const outcomeRootCausesSchema = named(
  'OutcomeRootCauses',
  z.object({
    outcome: z.enum(ROOT_CAUSE_OUTCOME_NAMES),
    definition: z.string(),
    population: z.number().int(),
    outcomeCases: z.number().int(),
    rate: z.number().nullable(),
    minCases: z.number().int(),
    attributes: z.array(rootCauseSchema),
    paths: z.array(rootCauseSchema),
    unavailable: z.string().nullable(),
  }),
);

export const rootCauseReportSchema = named(
  'RootCauseReport',
  z.object({
    log: logRefSchema,
    policyVersion: z.number().int(),
    outcomes: z.array(outcomeRootCausesSchema),
    skippedAttributes: z.array(z.object({ attribute: z.string(), reason: z.string() })),
  }),
  'For each outcome, the invoice attributes and path features most over-represented among the invoices of the view that had it.',
);

// Engine results must fit the documented shapes (lists compared item by item: theirs are readonly).
const _cause: z.infer<typeof rootCauseSchema> = {} as RootCause;
const _outcome: Omit<z.infer<typeof outcomeRootCausesSchema>, 'attributes' | 'paths'> = {} as Omit<OutcomeRootCauses, 'attributes' | 'paths'>;
const _skipped: z.infer<typeof rootCauseReportSchema>['skippedAttributes'][number] = {} as RootCauseReport['skippedAttributes'][number];
void _cause;
void _outcome;
void _skipped;
