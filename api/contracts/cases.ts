import { z } from 'zod';
import { attributesSchema, filterQuery, logIdParams, logRefSchema, pageOf, pageQuery } from './common.ts';
import { named } from './registry.ts';

export const casesQuery = z.object({
  ...filterQuery,
  ...pageQuery,
  sort: z.enum(['log', 'duration', 'start']).default('log').describe('log = import order; duration and start descending.'),
});

export const caseSummarySchema = named(
  'CaseSummary',
  z.object({
    caseId: z.string().describe('The invoice number.'),
    events: z.number().int().describe('Events of the invoice in the log.'),
    start: z.number().nullable().describe('Epoch ms of the first shown event.'),
    end: z.number().nullable().describe('Epoch ms of the latest completion among shown events.'),
    durationMs: z.number().nullable(),
    attributes: attributesSchema.describe('Invoice attributes (customer, amount, currency, due date, collector, team, …).'),
  }),
);

export const casePageSchema = named('CasePage', z.object({ log: logRefSchema, ...pageOf(caseSummarySchema) }));

export const caseParams = logIdParams.extend({ caseId: z.string().min(1).describe('Invoice number.') });
export const timelineQuery = z.object({
  hideDerived: z.enum(['true', 'false']).default('false').describe('Leave out derived events.'),
});

export const timelineEventSchema = named(
  'TimelineEvent',
  z.object({
    index: z.number().int().describe("Event index in the caller's view of the log (Violation.event refers to it)."),
    activity: z.string(),
    time: z.number().describe('Epoch ms.'),
    endTime: z.number().nullable(),
    derivedRule: z.string().nullable().describe('The rule that made a derived event; null for recorded events.'),
    attributes: attributesSchema,
    waitSincePrevious: z.number().nullable().describe('ms since the previous shown event completed.'),
  }),
);

export const caseTimelineSchema = named(
  'CaseTimeline',
  z.object({ log: logRefSchema, caseId: z.string(), attributes: attributesSchema, events: z.array(timelineEventSchema) }),
  "One invoice's events in order.",
);
