import { z } from 'zod';
import { named } from './registry.ts';

export const healthSchema = named(
  'Health',
  z.object({ status: z.literal('ok'), version: z.string(), uptimeSeconds: z.number() }),
  'Liveness: the process answers.',
);

export const readinessSchema = named(
  'Readiness',
  z.object({
    status: z
      .enum(['ready', 'degraded', 'starting', 'stopping', 'failing'])
      .describe('degraded: ready (HTTP 200), but a remote dependency (dynamics, botConnector, entra) failed its last call; its check says why.'),
    checks: z.record(z.string(), z.object({ ok: z.boolean(), detail: z.string().optional() })),
  }),
  'Readiness: the store answers, keys are loaded, the process is not shutting down; remote dependencies by their last outcome.',
);

export const jwksSchema = named(
  'JsonWebKeySet',
  z.object({ keys: z.array(z.record(z.string(), z.unknown())) }),
  'Public keys that sign local-mode tokens.',
);
