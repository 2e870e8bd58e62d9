import { z } from 'zod';
import { operation } from './operation.ts';
import { named } from './registry.ts';

export const embedConfigSchema = named(
  'PowerBiEmbedConfig',
  z.discriminatedUnion('configured', [
    z.object({
      configured: z.literal(true),
      mode: z.enum(['organization', 'customers']).describe('organization: your own Power BI identity (Aad token); customers: an embed token the service principal generated.'),
      tokenType: z.enum(['Aad', 'Embed']).describe('powerbi-client models.TokenType of accessToken.'),
      accessToken: z.string(),
      expiresAt: z.string().describe('ISO-8601: when accessToken stops working.'),
      refreshAt: z.string().describe('ISO-8601: ask for a new configuration then and hand it to report.setAccessToken().'),
      embedUrl: z.string(),
      reportId: z.string(),
      workspaceId: z.string(),
      datasetId: z.string().nullable(),
      rls: z
        .object({ username: z.string(), roles: z.array(z.string()), teams: z.array(z.string()) })
        .nullable()
        .describe('customers: the effective identity the token carries; organization: null (Power BI applies your own role membership).'),
    }),
    z.object({ configured: z.literal(false), reason: z.string() }),
  ]),
  'How the tab embeds the executive report.',
);

export const powerBiOps = {
  getPowerBiEmbedConfig: operation({
    id: 'getPowerBiEmbedConfig', method: 'get', path: '/api/powerbi/embed-config', summary: 'Embed URL, report id and a token for the executive report',
    description:
      'Managers and executives only: the report\'s row-level security is by credit team, wider than a collector\'s own invoices. Not cached; ' +
      'call again at refreshAt.',
    tags: ['powerbi'], access: ['manager', 'executive'], response: embedConfigSchema, errors: [502],
  }),
} as const;
