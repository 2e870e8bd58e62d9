import { z } from 'zod';
import type { WorklistItem } from '../engine/index.ts';
import { filterQuery, logRefSchema, pageOf, pageQuery } from './common.ts';
import { named } from './registry.ts';

export const worklistQuery = z.object({ ...filterQuery, ...pageQuery });

export const nextStepSchema = named(
  'NextStep',
  z.object({
    action: z.string().describe('In words: "Reminder Sent by 2024-06-12".'),
    activity: z.string().nullable(),
    level: z.string().nullable(),
    ruleId: z.string().nullable(),
    from: z.number().nullable().describe('Not before (epoch ms).'),
    dueAt: z.number().nullable().describe('Late from (epoch ms).'),
    overdue: z.boolean(),
  }),
);

export const payDatePredictionSchema = named(
  'PayDatePrediction',
  z.object({
    date: z.number(),
    from: z.number(),
    to: z.number(),
    medianDays: z.number(),
    p10Days: z.number(),
    p90Days: z.number(),
    basis: z.number().int(),
    writeOffShare: z.number(),
    reason: z.string(),
  }),
);

export const worklistItemSchema = named(
  'WorklistItem',
  z.object({
    caseId: z.string(),
    customer: z.string().nullable(),
    segment: z.string().nullable(),
    collector: z.string().nullable(),
    openBalance: z.number().nullable(),
    currency: z.string().nullable(),
    openBalanceReporting: z.number().nullable(),
    dueDate: z.number().nullable(),
    daysOverdue: z.number().nullable(),
    dunningLevel: z.string().nullable(),
    promiseDate: z.number().nullable(),
    brokenPromises: z.number().int(),
    dispute: z.enum(['none', 'open', 'resolved']),
    nextStep: nextStepSchema,
    priority: z.number().nullable(),
    prediction: payDatePredictionSchema.nullable(),
  }),
  'An open invoice with its next step, priority and predicted payment date.',
);

export const worklistPageSchema = named(
  'WorklistPage',
  z.object({
    log: logRefSchema,
    policyVersion: z.number().int(),
    asOf: z.number(),
    reportingCurrency: z.string(),
    model: z.object({ closedInvoices: z.number().int(), observations: z.number().int() }),
    ...pageOf(worklistItemSchema),
  }),
  'The open invoices of the view, highest priority first.',
);

const _item: z.infer<typeof worklistItemSchema> = {} as Omit<WorklistItem, 'caseIndex'>;
void _item;
