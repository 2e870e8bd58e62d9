import type { z } from 'zod';
import type { Role } from '../auth/roles.ts';

/** Who may call: nobody needs a token, any signed-in role, or only these roles. */
export type Access = 'public' | 'signed-in' | readonly Role[];

type Schema = z.ZodType;
type ObjectSchema = z.ZodType<Record<string, unknown>>;

/**
 * One HTTP operation: its path, who may call it and the schemas of what goes in and out.
 * The server validates requests with these schemas, the OpenAPI document is generated from
 * them, and the tab's client types are inferred from them.
 */
export interface Operation<P extends ObjectSchema = ObjectSchema, Q extends ObjectSchema = ObjectSchema, B extends Schema = Schema, R extends Schema = Schema> {
  readonly id: string;
  readonly method: 'get' | 'post' | 'put' | 'delete';
  /** Express-style: /api/logs/:id/map. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly access: Access;
  readonly params?: P;
  readonly query?: Q;
  /** JSON body. */
  readonly body?: B;
  /** A raw (streamed) request body instead of JSON: its media types. */
  readonly upload?: readonly string[];
  /** Success status; default 200. */
  readonly status?: number;
  /** Other success statuses with the same body (a PUT: 201 when it created, `status` when it replaced). */
  readonly alsoStatus?: readonly number[];
  /** JSON response body; absent = none (204) or `produces`. */
  readonly response?: R;
  /** Non-JSON success responses (files, event streams). */
  readonly produces?: readonly string[];
  /** Result carries an ETag and answers If-None-Match with 304. */
  readonly etag?: boolean;
  /** Problem statuses worth documenting beyond 400/401/403/500. */
  readonly errors?: readonly number[];
}

export function operation<P extends ObjectSchema, Q extends ObjectSchema, B extends Schema, R extends Schema>(
  spec: Operation<P, Q, B, R>,
): Operation<P, Q, B, R> {
  return spec;
}

/** What a client receives from an operation. */
export type ResponseOf<O> = O extends Operation<ObjectSchema, ObjectSchema, Schema, infer R> ? z.output<R> : never;
/** What a client sends as the JSON body. */
export type BodyOf<O> = O extends Operation<ObjectSchema, ObjectSchema, infer B, Schema> ? z.input<B> : never;
/** What a client may put in the query string. */
export type QueryOf<O> = O extends Operation<ObjectSchema, infer Q, Schema, Schema> ? z.input<Q> : never;
