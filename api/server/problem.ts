import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';
import { ZodError } from 'zod';
import { CaseNotVisible, InvalidAnalysis, LogNotFound, NoRole } from '../access/errors.ts';
import { AuthError, KeysUnavailable } from '../auth/verify.ts';
import { OboError } from '../auth/obo.ts';
import { FilterEncodingError } from '../contracts/filter-encoding.ts';
import { FilterSpecError } from '../engine/index.ts';
import { requestIdOf } from './request-context.ts';

/** Problem type URIs: tag URIs, stable names that need not resolve (RFC 9457 §3.1.1). */
export const problemType = (slug: string) => `tag:collections-lens,2026:problem/${slug}`;

/** An error that is an HTTP answer: thrown anywhere below a route, written as problem+json. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    detail: string,
    readonly extensions: Record<string, unknown> = {},
    readonly headers: Record<string, string> = {},
  ) {
    super(detail);
    this.name = 'HttpProblem';
  }
}

export function sendProblem(res: Response, status: number, slug: string, title: string, detail: string, extensions: Record<string, unknown> = {}): void {
  const body = {
    type: problemType(slug),
    title,
    status,
    detail,
    instance: `urn:request:${requestIdOf(res)}`,
    ...extensions,
  };
  res.status(status).type('application/problem+json').send(JSON.stringify(body));
}

/** Every known error to its problem; anything else is a 500 that says no more than that. */
export function toProblem(error: unknown): HttpProblem {
  if (error instanceof HttpProblem) return error;
  if (error instanceof AuthError) {
    return new HttpProblem(401, 'unauthenticated', 'Not signed in', error.message, {}, { 'WWW-Authenticate': `Bearer error="${error.code}"` });
  }
  if (error instanceof KeysUnavailable) {
    return new HttpProblem(503, 'auth-unavailable', 'Sign-in service unavailable', error.message, {}, { 'Retry-After': '5' });
  }
  if (error instanceof NoRole) return new HttpProblem(403, 'no-role', 'No role', error.message);
  if (error instanceof LogNotFound) return new HttpProblem(404, 'log-not-found', 'Log not found', error.message);
  if (error instanceof CaseNotVisible) return new HttpProblem(404, 'case-not-found', 'Invoice not found', error.message);
  if (error instanceof FilterSpecError || error instanceof FilterEncodingError) {
    return new HttpProblem(400, 'invalid-filter', 'Invalid filter', `The filter parameter is not valid: ${error.message}.`);
  }
  if (error instanceof InvalidAnalysis) return new HttpProblem(400, 'invalid-analysis', 'Invalid analysis options', error.message);
  if (error instanceof ZodError) {
    return new HttpProblem(400, 'invalid-request', 'Invalid request', 'Some parameters are not valid; see errors.', {
      errors: error.issues.map((issue) => ({ path: issue.path.join('.') || '(root)', message: issue.message })),
    });
  }
  if (error instanceof OboError) return new HttpProblem(502, 'delegation-failed', 'Could not act on your behalf', error.message);
  const type = (error as { type?: unknown }).type;
  if (type === 'entity.parse.failed') return new HttpProblem(400, 'invalid-json', 'Invalid JSON', 'The request body is not valid JSON.');
  if (type === 'entity.too.large') return new HttpProblem(413, 'too-large', 'Request too large', 'The request body is too large.');
  return new HttpProblem(500, 'internal', 'Internal error', 'Something went wrong on the server; the request id in the response helps find it in the server log.');
}

/**
 * The last middleware: logs server faults, answers problem+json. `challenge` (Entra ID mode) is
 * put in every 401's Bearer challenge: authorization_uri and resource_id (see bearerChallenge).
 */
export function problemHandler(logger: Logger, challenge: string | null = null) {
  return (error: unknown, req: Request, res: Response, _next: NextFunction): void => {
    const problem = toProblem(error);
    if (problem.status >= 500) logger.error({ err: error, reqId: requestIdOf(res), url: req.originalUrl }, 'request failed');
    if (res.headersSent) {
      res.destroy();
      return;
    }
    // A cached-result header set before the failure must not label the problem.
    for (const name of ['ETag', 'Cache-Control', 'Vary']) res.removeHeader(name);
    for (const [name, value] of Object.entries(problem.headers)) res.setHeader(name, value);
    if (problem.status === 401) {
      const error = /^Bearer\s+(.*)$/.exec(problem.headers['WWW-Authenticate'] ?? '')?.[1];
      const params = [challenge, error].filter((p): p is string => Boolean(p));
      res.setHeader('WWW-Authenticate', params.length ? `Bearer ${params.join(', ')}` : 'Bearer');
    }
    sendProblem(res, problem.status, problem.slug, problem.title, problem.message, problem.extensions);
  };
}
