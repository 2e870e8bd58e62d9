import { z } from 'zod';
import { EXPORT_FORMATS, EXPORT_SCHEMA_VERSION, EXPORT_TABLE_NAMES, EXPORT_TABLES } from './export-schema.ts';
import { operation } from './operation.ts';
import { named } from './registry.ts';

export const EXPORT_MEDIA_TYPES = { csv: 'text/csv', parquet: 'application/vnd.apache.parquet' } as const;

export const exportParams = z.object({
  table: z.enum(EXPORT_TABLE_NAMES).describe('An export table (see GET /api/exports).'),
  format: z.enum(EXPORT_FORMATS).describe('csv (UTF-8, comma, header row, ISO-8601 UTC times) or parquet.'),
});

export const exportQuery = z.object({
  log: z.string().min(1).optional().describe('Log id (GET /api/logs); default the most recently imported log.'),
});

const exportColumnSchema = z.object({
  name: z.string(),
  type: z.enum(['string', 'int64', 'double', 'dateTime', 'boolean']),
  required: z.boolean(),
  description: z.string(),
});

export const exportCatalogueSchema = named(
  'ExportCatalogue',
  z.object({
    schemaVersion: z.number().int(),
    tables: z.array(
      z.object({
        name: z.enum(EXPORT_TABLE_NAMES),
        title: z.string(),
        grain: z.string(),
        description: z.string(),
        columns: z.array(exportColumnSchema),
        formats: z.array(z.enum(EXPORT_FORMATS)),
      }),
    ),
  }),
  'The export tables, their columns and types (docs/EXPORTS.md).',
);

export function exportCatalogue(): z.infer<typeof exportCatalogueSchema> {
  return {
    schemaVersion: EXPORT_SCHEMA_VERSION,
    tables: EXPORT_TABLES.map((table) => ({ ...table, columns: table.columns.map((c) => ({ ...c })), formats: [...EXPORT_FORMATS] })),
  };
}

export const exportOps = {
  listExports: operation({
    id: 'listExports', method: 'get', path: '/api/exports', summary: 'The export tables and their schema', tags: ['exports'],
    access: 'signed-in', response: exportCatalogueSchema,
  }),
  getExport: operation({
    id: 'getExport', method: 'get', path: '/api/exports/:table.:format', summary: 'One export table as CSV or Parquet (the Power BI model reads these)',
    description:
      'Only the invoices you may see (collectors: their own; managers: their teams\'; executives: all). The columns are those of the ' +
      'ExportCatalogue, in that order, whatever the log holds; the X-Export-Schema header names the schema version.',
    tags: ['exports'], access: 'signed-in', params: exportParams, query: exportQuery,
    produces: [EXPORT_MEDIA_TYPES.csv, EXPORT_MEDIA_TYPES.parquet], errors: [404, 409],
  }),
} as const;
