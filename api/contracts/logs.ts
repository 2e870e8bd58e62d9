import { z } from 'zod';
import { named } from './registry.ts';

export const logInfoSchema = named(
  'LogInfo',
  z.object({
    id: z.string(),
    name: z.string(),
    source: z.string(),
    version: z.number().int().describe('Grows with every import into this log; never reused.'),
    cases: z.number().int(),
    events: z.number().int(),
    activities: z.number().int(),
    lastDataUpdate: z.string().describe('ISO-8601: the "as of" instant of the data.'),
    importedAt: z.string().describe('ISO-8601.'),
  }),
  'An event log in the store (catalogue data).',
);

export const logListSchema = named('LogList', z.object({ logs: z.array(logInfoSchema) }));

export const logDetailSchema = named(
  'LogDetail',
  z.object({
    log: logInfoSchema,
    visibleCases: z.number().int().describe('Invoices of this log you may see.'),
    importing: z.boolean().describe('An import into this log is running.'),
  }),
);

export const templateQuery = z.object({ format: z.enum(['csv', 'xlsx']).default('csv') });

export const uploadQuery = z.object({
  file: z
    .string()
    .min(1)
    .max(255)
    .describe('The uploaded file\'s name; its extension picks the reader (.csv, .tsv, .txt, .xlsx, .xes, .xes.gz).'),
  name: z.string().min(1).max(200).optional().describe('Display name of a new log; default the file name.'),
  case: z.string().optional().describe('Header holding the invoice number, when not InvoiceNumber.'),
  activity: z.string().optional().describe('Header holding the activity, when not ActivityName.'),
  time: z.string().optional().describe('Header holding the event time, when not EventTime.'),
  timeFormat: z.string().optional().describe('For non-ISO times, e.g. DD/MM/YYYY HH:mm (read as UTC).'),
  delimiter: z.enum([',', ';', '\t', '|']).optional().describe('CSV delimiter; default detected.'),
  raw: z.enum(['true', 'false']).optional().describe('true = no lifecycle merging and no derived events.'),
});
