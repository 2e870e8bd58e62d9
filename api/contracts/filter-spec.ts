import { z } from 'zod';
import type { FilterSpec as EngineFilterSpec } from '../engine/filtering/filter-spec.ts';
import { named } from './registry.ts';

/**
 * The engine's FilterSpec as a schema: what `?filter=` decodes to. The engine's own
 * parseFilterSpec remains the authority (it also checks that ISO times parse); this schema
 * documents the shape and types the tab's client.
 */
const negatable = { negate: z.boolean().optional().describe('Select exactly the invoices this filter would not.') };
const timeValue = z.union([z.number(), z.string()]).describe('Epoch milliseconds or ISO-8601 text (a date alone is midnight UTC).');

export const timeRangeFilterSchema = z.object({
  kind: z.literal('timeRange'),
  mode: z.enum(['started', 'ended', 'active', 'contained']),
  from: timeValue.optional().describe('Inclusive.'),
  to: timeValue.optional().describe('Exclusive.'),
  ...negatable,
});
export const attributeFilterSchema = z.object({
  kind: z.literal('attribute'),
  attribute: z.string().min(1),
  values: z.array(z.union([z.string(), z.number(), z.boolean(), z.null()])),
  ...negatable,
});
export const rangeFilterSchema = z.object({
  kind: z.literal('range'),
  attribute: z.string().min(1),
  min: z.union([z.number(), z.string()]).optional(),
  max: z.union([z.number(), z.string()]).optional(),
  ...negatable,
});
export const variantFilterSchema = z.object({ kind: z.literal('variant'), variants: z.array(z.array(z.string())), ...negatable });
export const activityFilterSchema = z.object({
  kind: z.literal('activity'),
  activities: z.array(z.string()),
  match: z.enum(['any', 'all']).optional(),
  ...negatable,
});
export const followsFilterSchema = z.object({
  kind: z.literal('follows'),
  from: z.string().min(1),
  to: z.string().min(1),
  directly: z.boolean().optional(),
  withinDays: z.number().min(0).optional(),
  overDays: z.number().min(0).optional(),
  ...negatable,
});
export const outcomeFilterSchema = z.object({ kind: z.literal('outcome'), outcomes: z.array(z.enum(['settled', 'writtenOff', 'open'])), ...negatable });

export const filterSchema = named(
  'Filter',
  z.discriminatedUnion('kind', [
    timeRangeFilterSchema,
    attributeFilterSchema,
    rangeFilterSchema,
    variantFilterSchema,
    activityFilterSchema,
    followsFilterSchema,
    outcomeFilterSchema,
  ]),
  'One filter; see docs/API.md for the meaning of each kind.',
);

export const filterSpecSchema = named(
  'FilterSpec',
  z.object({
    filters: z.array(filterSchema).optional().describe('AND-combined; absent or empty = every invoice.'),
    hideDerived: z.boolean().optional().describe('Leave out derived events (Payment Due Date Passed, Promise to Pay Broken, Invoice Settled).'),
  }),
  'The filters of a view, as the engine takes them.',
);

export type FilterSpec = z.infer<typeof filterSpecSchema>;

// The schema must describe what the engine accepts: a drift fails the type check here.
const _sameShape: EngineFilterSpec = {} as FilterSpec;
void _sameShape;
