import { z } from 'zod';
import { filterQuery, logRefSchema } from './common.ts';
import { named } from './registry.ts';

export const bottlenecksQuery = z.object({
  ...filterQuery,
  rankBy: z.enum(['wait', 'exposure']).default('wait'),
  limit: z.coerce.number().int().min(1).max(500).default(20),
  annualCostOfCapital: z.coerce.number().min(0).max(1).optional().describe('Default 0.08.'),
});

export const bottleneckSchema = named(
  'Bottleneck',
  z.object({
    from: z.string(),
    to: z.string(),
    events: z.number().int(),
    cases: z.number().int(),
    totalWait: z.number().describe('ms'),
    meanWait: z.number(),
    medianWait: z.number(),
    exposure: z.number().describe('Financing cost of the waiting, in the invoice amounts\' currency.'),
  }),
);

export const bottleneckListSchema = named('BottleneckList', z.object({ log: logRefSchema, items: z.array(bottleneckSchema) }));
