import { z } from 'zod';
import { durationStatsSchema, filterQuery, logRefSchema } from './common.ts';
import { named } from './registry.ts';

export const mapQuery = z.object({
  ...filterQuery,
  activities: z.coerce.number().min(0).max(100).default(100).describe('Activity slider: % of activities kept, most frequent first.'),
  paths: z.coerce.number().min(0).max(100).default(100).describe('Path slider: % of arcs kept, most frequent first (connectivity is repaired).'),
  metric: z.enum(['frequency', 'performance']).default('frequency').describe('What `value` on nodes and edges is.'),
  statistic: z
    .enum(['mean', 'median', 'p90', 'max', 'total'])
    .default('mean')
    .describe('Performance metric: which duration statistic `value` carries.'),
});

export const mapNodeSchema = named(
  'MapNode',
  z.object({
    name: z.string(),
    events: z.number().int(),
    cases: z.number().int(),
    duration: durationStatsSchema.nullable().describe('Activity durations (end - start), null when no event has an end time.'),
    value: z.number().nullable().describe('frequency: events; performance: the statistic of `duration` (null without durations).'),
  }),
);

export const mapEdgeSchema = named(
  'MapEdge',
  z.object({
    from: z.string(),
    to: z.string(),
    events: z.number().int(),
    cases: z.number().int(),
    waiting: durationStatsSchema,
    value: z.number().describe('frequency: events; performance: the statistic of `waiting`, ms.'),
  }),
);

export const mapEndpointSchema = z.object({ name: z.string(), cases: z.number().int() });

export const processMapSchema = named(
  'ProcessMap',
  z.object({
    log: logRefSchema,
    metric: z.enum(['frequency', 'performance']),
    statistic: z.enum(['mean', 'median', 'p90', 'max', 'total']),
    sliders: z.object({ activities: z.number(), paths: z.number() }),
    cases: z.number().int(),
    events: z.number().int(),
    nodes: z.array(mapNodeSchema),
    edges: z.array(mapEdgeSchema),
    starts: z.array(mapEndpointSchema),
    ends: z.array(mapEndpointSchema),
  }),
  'The process map (directly-follows graph) of the view.',
);
export type ProcessMap = z.infer<typeof processMapSchema>;
