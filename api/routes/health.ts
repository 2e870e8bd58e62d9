import { openApiDocument } from '../contracts/openapi.ts';
import { ops } from '../contracts/operations.ts';
import { routes } from './index.ts';
import { bind, json, type Binding } from '../server/operation.ts';
import { HttpProblem } from '../server/problem.ts';

let document: Record<string, unknown> | null = null;

export const healthRoutes: Binding[] = [
  bind(ops.getHealth, async ({ services }) => json({ status: 'ok' as const, version: services.version, uptimeSeconds: services.readiness.uptimeSeconds() })),

  bind(ops.getReadiness, async ({ services }) => {
    const { ready, status, checks } = await services.readiness.check();
    return json({ status, checks }, ready ? 200 : 503);
  }),

  bind(ops.getOpenApi, async ({ services }) => {
    // Every registered route, those other resources add included (read at call time: index.ts imports this file).
    document ??= openApiDocument(routes().map((binding) => binding.op), {
      title: 'Collections Lens API',
      version: services.version,
      description:
        'Process mining of the credit-to-cash process. Every analysis is limited to the invoices the caller may see (collector: own, manager: their teams, executive: all) and takes the same ?filter= (base64url JSON FilterSpec). See docs/API.md.',
    });
    return json(document);
  }),

  bind(ops.getJwks, async ({ services }) => {
    if (!services.keys.jwks) throw new HttpProblem(404, 'not-found', 'Not found', 'Tokens come from Entra ID here; its keys are published by Entra.');
    return json(services.keys.jwks as { keys: Record<string, unknown>[] });
  }),
];
