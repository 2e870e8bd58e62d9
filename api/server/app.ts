import express, { type RequestHandler } from 'express';
import { routes } from '../routes/index.ts';
import { authenticate } from './authenticate.ts';
import { authFailureLimit, bearerChallenge, cors, securityHeaders } from './http-guards.ts';
import { HttpProblem, problemHandler } from './problem.ts';
import { requestContext } from './request-context.ts';
import { mountTab } from './static-tab.ts';
import type { Services } from './services.ts';

export interface AppOptions {
  /**
   * Endpoints with their own authentication, mounted before the API's bearer check: the bot's
   * /api/messages (Bot Framework tokens).
   */
  readonly mounts?: readonly { readonly path: string; readonly handler: RequestHandler }[];
}

/**
 * The Express app: request ids and logging, security headers, CORS (closed by default), the
 * failed-authentication limit, public endpoints, then the bearer check for the rest of /api,
 * the routes of the contract, the built tab, problem+json for every error.
 */
export function createApp(services: Services, options: AppOptions = {}): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false); // ETags are the result cache's, computed before the work
  app.set('query parser', 'simple');
  app.set('trust proxy', services.config.trustProxy);
  app.use(requestContext(services.logger));
  // Before the mounts, so the bot's endpoints get them too.
  app.use(securityHeaders());
  app.use(cors(services.config.corsOrigins));
  app.use(authFailureLimit(services.limits.authFailures));

  for (const mount of options.mounts ?? []) app.use(mount.path, mount.handler);

  const bindings = routes();
  const publicPaths = new Set(bindings.filter((b) => b.op.access === 'public').map((b) => b.op.path));
  app.use('/api', express.json({ limit: '1mb' }));
  app.use('/api', authenticate(services.keys, services.access, publicPaths, (ok, detail) => services.readiness.report('entraKeys', ok, detail)));
  for (const binding of bindings) binding.register(app, services);
  app.use('/api', () => {
    throw new HttpProblem(404, 'not-found', 'Not found', 'No such API route.');
  });

  mountTab(app, services.config.tabDir, services.config.auth);

  app.use(problemHandler(services.logger, bearerChallenge(services.config.auth)));
  return app;
}
