import { z } from 'zod';
import type { KpiGroupReport, KpiReport } from '../engine/kpis/types.ts';
import { filterQuery, logRefSchema } from './common.ts';
import { named } from './registry.ts';

export const kpisQuery = z.object({
  ...filterQuery,
  periodDays: z.coerce.number().positive().max(3660).optional().describe('Length of the period ending at periodEnd; default 90.'),
  periodEnd: z.string().optional().describe('ISO-8601 cut-off; default the log\'s lastDataUpdate.'),
  periodStart: z.string().optional().describe('ISO-8601 (exclusive); overrides periodDays.'),
  period: z.enum(['all']).optional().describe('all = from the first event to the cut-off.'),
  groupBy: z.string().min(1).optional().describe('A case attribute (CreditTeam, CollectorName, CustomerSegment, …) or "month" (posting month).'),
  reportingCurrency: z.string().length(3).optional().describe('ISO 4217; default USD.'),
});

const agingSchema = z.object({
  current: z.number(),
  d1_30: z.number(),
  d31_60: z.number(),
  d61_90: z.number(),
  d90plus: z.number(),
  noDueDate: z.number(),
});

const amountsSchema = z.object({
  beginAr: z.number(),
  endAr: z.number(),
  currentEndAr: z.number(),
  creditSales: z.number(),
  closedValue: z.number(),
  writtenOffValue: z.number(),
});

const countsSchema = z.object({
  cases: z.number().int(),
  postedInPeriod: z.number().int(),
  openAtCutoff: z.number().int(),
  amountExcluded: z.number().int(),
  settledInPeriod: z.number().int(),
  settledWithDueDate: z.number().int(),
  settledOnTime: z.number().int(),
  disputesResolved: z.number().int(),
  cashApplications: z.number().int(),
  creditApprovals: z.number().int(),
  dunnedClosed: z.number().int(),
  dunnedCollected: z.number().int(),
  closedInPeriod: z.number().int(),
  writtenOffInPeriod: z.number().int(),
  promisesDue: z.number().int(),
  promisesKept: z.number().int(),
  overdueInPeriod: z.number().int(),
  overdueWithViolation: z.number().int(),
});

const n = z.number().nullable();
export const kpiValuesSchema = named(
  'Kpis',
  z.object({
    dso: n,
    countbackDso: n,
    averageDaysToPay: n,
    averageDaysDelinquent: n,
    onTimeRate: n,
    cei: n,
    disputeResolutionDays: n,
    cashApplicationLagDays: n,
    creditApprovalDays: n,
    collectionSuccessRate: n,
    dunningAdherence: n,
    writeOffRate: n,
    writeOffValueRate: n,
    promiseKeptRate: n,
    aging: agingSchema.nullable(),
    amounts: amountsSchema.nullable(),
    counts: countsSchema,
  }),
  'Rates are fractions, durations days, amounts in the reporting currency; null = not computable (docs/KPIS.md).',
);

const contextSchema = {
  period: z.object({ start: z.number(), end: z.number(), days: z.number() }).describe('Epoch ms; start exclusive, end inclusive.'),
  reportingCurrency: z.string(),
  excludedCurrencies: z.array(z.object({ currency: z.string().nullable(), cases: z.number().int(), amount: z.number() })),
  unavailable: z.record(z.string(), z.string()).describe('KPIs the log has no inputs for, with what is missing.'),
};

export const kpiResultSchema = named(
  'KpiResult',
  z.object({
    log: logRefSchema,
    policyVersion: z.number().int().describe('Policy behind dunning adherence (0 = the built-in default).'),
    kpis: kpiValuesSchema.nullable().describe('Without groupBy.'),
    groups: z
      .array(z.object({ key: z.string().nullable(), kpis: kpiValuesSchema }))
      .nullable()
      .describe('With groupBy: one entry per value (null = invoices without one).'),
    ...contextSchema,
  }),
);
export type KpiResult = z.infer<typeof kpiResultSchema>;

// Engine results must fit the documented shapes.
type Values = z.infer<typeof kpiValuesSchema>;
const _report: Values = {} as KpiReport;
const _groups: { key: string | null; kpis: Values }[] = [] as unknown as KpiGroupReport['groups'][number][];
void _report;
void _groups;
