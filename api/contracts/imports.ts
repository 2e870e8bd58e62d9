import { z } from 'zod';
import { named } from './registry.ts';

export const importErrorSchema = named(
  'ImportFailure',
  z.object({
    message: z.string().describe('Why the import failed, with file, row, column and what was expected when known.'),
    file: z.string().optional(),
    row: z.number().int().optional().describe('1-based data row (the header is not counted).'),
    line: z.number().int().optional(),
    column: z.string().optional(),
    field: z.string().optional(),
    value: z.string().optional(),
    expected: z.string().optional(),
  }),
);

export const importJobSchema = named(
  'ImportJob',
  z.object({
    id: z.string(),
    status: z.enum(['receiving', 'queued', 'importing', 'saving', 'succeeded', 'failed']),
    logName: z.string(),
    fileName: z.string(),
    logId: z.string().nullable().describe('Set once known: at once when replacing a log, on success for a new one.'),
    logVersion: z.number().int().nullable().describe('The version the import created (on success).'),
    bytes: z.number().int().nullable().describe('Size of the uploaded file.'),
    progress: z.object({
      bytesRead: z.number().int(),
      totalBytes: z.number().int(),
      events: z.number().int(),
      fraction: z.number().min(0).max(1),
    }),
    events: z.number().int().nullable().describe('Events stored (on success).'),
    notes: z.array(z.string()).describe('What preparation did and warnings worth reading.'),
    error: importErrorSchema.nullable(),
    createdBy: z.string().nullable(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  }),
  'A background import; poll GET /api/imports/{id} or follow GET /api/imports/{id}/events (server-sent events).',
);

export const importJobListSchema = named('ImportJobList', z.object({ jobs: z.array(importJobSchema) }));
export const importIdParams = z.object({ id: z.string().min(1) });
