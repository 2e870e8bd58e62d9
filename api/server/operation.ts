import type { Express, Request, RequestHandler, Response } from 'express';
import type { Logger } from 'pino';
import type { z } from 'zod';
import type { AuthorisedView, Identity } from '../access/index.ts';
import type { Operation } from '../contracts/operation.ts';
import { decodeFilterParam, type DecodedFilter } from './filter-param.ts';
import { HttpProblem } from './problem.ts';
import { loggerOf } from './request-context.ts';
import { matchesIfNoneMatch } from './result-cache.ts';
import type { Services } from './services.ts';

type AnyOperation = Operation<z.ZodType<Record<string, unknown>>, z.ZodType<Record<string, unknown>>, z.ZodType, z.ZodType>;
type Out<S> = S extends z.ZodType ? z.output<S> : never;
/** Engine results are readonly; JSON does not care, so handlers may answer with them as they are. */
type DeepReadonly<T> = T extends readonly (infer U)[] ? readonly DeepReadonly<U>[] : T extends object ? { readonly [K in keyof T]: DeepReadonly<T[K]> } : T;

/** What a route handler gets: validated input, the caller, and the only way to a log. */
export interface HandlerContext<O extends AnyOperation> {
  readonly params: Out<O['params']>;
  readonly query: Out<O['query']>;
  readonly body: Out<O['body']>;
  /** Null only on public operations. */
  readonly identity: O['access'] extends 'public' ? Identity | null : Identity;
  /** A route reaches a log only through view(); services.logs is for in-process components with their own scoping. */
  readonly services: Services;
  readonly req: Request;
  readonly res: Response;
  readonly log: Logger;
  /** The log as the caller may see it (scoped below this point). */
  view(logId: string): Promise<AuthorisedView>;
  /** `?filter=` decoded and checked. */
  filter(): DecodedFilter;
}

/** What a handler answers. */
export type Reply<R> =
  | { readonly kind: 'json'; readonly body: R; readonly status?: number; readonly headers?: Record<string, string> }
  /** A result that depends only on `parts`: served with an ETag, from the cache when it can be. */
  | { readonly kind: 'cached'; readonly parts: readonly unknown[]; readonly compute: () => R | Promise<R> }
  | { readonly kind: 'empty'; readonly status?: number }
  /** The handler wrote the response itself (files, event streams). */
  | { readonly kind: 'handled' };

export const json = <R>(body: R, status?: number, headers?: Record<string, string>): Reply<R> => ({ kind: 'json', body, status, headers });
export const cached = <R>(parts: readonly unknown[], compute: () => R | Promise<R>): Reply<R> => ({ kind: 'cached', parts, compute });
export const empty = (status = 204): Reply<never> => ({ kind: 'empty', status });
export const handled: Reply<never> = { kind: 'handled' };

export interface Binding {
  readonly op: AnyOperation;
  register(app: Express, services: Services): void;
}

/** A route: an operation of the contract and the handler that composes its answer. */
export function bind<O extends AnyOperation>(op: O, handler: (ctx: HandlerContext<O>) => Promise<Reply<DeepReadonly<Out<O['response']>>>>): Binding {
  return {
    op,
    register(app, services) {
      const express: RequestHandler = async (req, res) => {
        const identity = (res.locals.identity as Identity | undefined) ?? null;
        if (op.access !== 'public') {
          // The authentication middleware runs before every non-public path; this is the backstop.
          if (!identity) throw new HttpProblem(401, 'unauthenticated', 'Not signed in', 'This API needs a bearer token.');
          if (op.access !== 'signed-in' && !op.access.includes(identity.role)) {
            throw new HttpProblem(403, 'forbidden', 'Not allowed', `This needs the ${op.access.join(' or ')} role; you are signed in as ${identity.role}.`);
          }
        }
        const params = op.params ? op.params.parse(req.params) : {};
        const query = op.query ? op.query.parse(req.query) : {};
        const body = op.body ? op.body.parse(req.body) : undefined;
        let filter: DecodedFilter | undefined;
        const ctx = {
          params,
          query,
          body,
          identity,
          services,
          req,
          res,
          log: loggerOf(res, services.logger),
          view: (logId: string) => services.access.view(logId, identity!),
          filter: () => (filter ??= decodeFilterParam((query as { filter?: string }).filter)),
        } as unknown as HandlerContext<O>;
        const reply = await handler(ctx);
        await send(reply, op, services, req, res);
      };
      app[op.method](op.path, express);
    },
  };
}

async function send(reply: Reply<unknown>, op: AnyOperation, services: Services, req: Request, res: Response): Promise<void> {
  switch (reply.kind) {
    case 'handled':
      return;
    case 'empty':
      res.status(reply.status ?? 204).end();
      return;
    case 'json':
      for (const [name, value] of Object.entries(reply.headers ?? {})) res.setHeader(name, value);
      res.status(reply.status ?? op.status ?? 200).type('application/json').send(JSON.stringify(reply.body));
      return;
    case 'cached': {
      const etag = services.results.etag([op.id, ...reply.parts]);
      res.setHeader('ETag', etag);
      // Private: results are per scope. no-cache: always revalidate, which costs a 304 at most.
      res.setHeader('Cache-Control', 'private, no-cache');
      res.setHeader('Vary', 'Authorization');
      if (matchesIfNoneMatch(req.get('if-none-match'), etag)) {
        res.status(304).end();
        return;
      }
      const body = await services.results.body(etag, reply.compute);
      res.status(op.status ?? 200).type('application/json').send(body);
      return;
    }
  }
}
