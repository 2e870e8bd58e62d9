import { z } from 'zod';
import { durationStatsSchema, filterQuery, logRefSchema, pageOf, pageQuery } from './common.ts';
import { named } from './registry.ts';

export const variantsQuery = z.object({ ...filterQuery, ...pageQuery });

export const variantSchema = named(
  'Variant',
  z.object({
    rank: z.number().int().describe('0 = most frequent.'),
    activities: z.array(z.string()),
    cases: z.number().int(),
    share: z.number(),
    duration: durationStatsSchema,
  }),
);

export const variantPageSchema = named(
  'VariantPage',
  z.object({ log: logRefSchema, cases: z.number().int().describe('Invoices in the view.'), ...pageOf(variantSchema) }),
);
