import { z } from 'zod';
import { named } from './registry.ts';

/** RFC 9457 problem details: every error of this API. */
export const problemSchema = named(
  'Problem',
  z.object({
    type: z.string().describe('A URI naming the kind of problem (tag:collections-lens,2026:problem/<slug>), or about:blank.'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    instance: z.string().optional().describe('urn:request:<request id>; the same id is in the x-request-id header and the server log.'),
    errors: z
      .array(z.object({ path: z.string(), message: z.string() }))
      .optional()
      .describe('For invalid requests: each offending field.'),
    problems: z.array(z.string()).optional().describe('For an invalid policy: every problem, in words a credit manager can act on.'),
  }),
  'RFC 9457 problem details (application/problem+json).',
);
export type Problem = z.infer<typeof problemSchema>;

/** Durations in milliseconds. */
export const durationStatsSchema = named(
  'DurationStats',
  z.object({
    count: z.number().int(),
    total: z.number(),
    mean: z.number(),
    median: z.number(),
    p90: z.number(),
    min: z.number(),
    max: z.number(),
  }),
  'Distribution of durations, in milliseconds.',
);

export const logRefSchema = named(
  'LogRef',
  z.object({ id: z.string(), version: z.number().int() }),
  'The log and version a result was computed from.',
);

export const attributeValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const attributesSchema = z.record(z.string(), attributeValueSchema).describe('Attribute values; times as epoch milliseconds.');

/** One page of a long list; pass nextCursor back as `cursor` for the next page. */
export function pageOf<T extends z.ZodType>(item: T) {
  return {
    items: z.array(item),
    total: z.number().int().describe('Items in the whole list.'),
    nextCursor: z.string().nullable().describe('Opaque; null on the last page.'),
  };
}

export const logIdParams = z.object({ id: z.string().min(1).describe('Log id (from GET /api/logs).') });

/** The one filter encoding of every analysis route. */
export const filterQuery = {
  filter: z
    .string()
    .optional()
    .describe(
      'The view\'s filters: base64url (RFC 4648 §5, no padding) of the UTF-8 JSON of a FilterSpec (see the FilterSpec schema). Absent = every invoice you may see.',
    ),
};

export const pageQuery = {
  cursor: z.string().optional().describe('nextCursor of the previous page; absent = first page.'),
  limit: z.coerce.number().int().min(1).max(500).default(50).describe('Items per page (1-500).'),
};
