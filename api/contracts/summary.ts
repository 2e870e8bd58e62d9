import { z } from 'zod';
import { filterQuery, logRefSchema } from './common.ts';
import { named } from './registry.ts';

export const summaryQuery = z.object({ ...filterQuery });

export const logSummarySchema = named(
  'LogSummary',
  z.object({
    log: logRefSchema,
    cases: z.number().int(),
    events: z.number().int(),
    activities: z.number().int(),
    variants: z.number().int(),
    startActivities: z.record(z.string(), z.number().int()),
    endActivities: z.record(z.string(), z.number().int()),
    dfg: z.array(z.object({ from: z.string(), to: z.string(), count: z.number().int(), meanSeconds: z.number(), medianSeconds: z.number() })),
    topVariants: z.array(z.object({ activities: z.array(z.string()), count: z.number().int() })),
    caseDurationSeconds: z.object({ mean: z.number(), median: z.number() }),
    bottlenecks: z.array(
      z.object({ from: z.string(), to: z.string(), cases: z.number().int(), totalWaitSeconds: z.number(), meanWaitSeconds: z.number(), exposure: z.number() }),
    ),
  }),
  'Counts, arcs, top variants, durations and bottlenecks of the view (what `npm run mine` prints).',
);
