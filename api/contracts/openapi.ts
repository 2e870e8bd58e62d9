import { z } from 'zod';
import type { Operation } from './operation.ts';
import { contractRegistry, registryForReferences } from './registry.ts';

type Json = Record<string, unknown>;

const COMPONENT = (id: string) => `#/components/schemas/${id}`;
// Descriptions (.describe) live in the global registry; ids only in contractRegistry, so inline stays inline.
const descriptions = z.globalRegistry;

export interface OpenApiInfo {
  readonly title: string;
  readonly version: string;
  readonly description?: string;
}

/** The OpenAPI 3.1 document of the operations, generated from their zod schemas. */
export function openApiDocument(operations: readonly Operation[], info: OpenApiInfo): Json {
  const paths: Record<string, Record<string, Json>> = {};
  for (const op of operations) {
    const path = op.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
    (paths[path] ??= {})[op.method] = operationObject(op);
  }
  return {
    openapi: '3.1.0',
    info,
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    servers: [{ url: '/' }],
    security: [{ bearerAuth: [] }],
    tags: [...new Set(operations.flatMap((op) => op.tags))].map((name) => ({ name })),
    paths,
    components: {
      schemas: components(),
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'In Teams: the tab\'s SSO token from Entra ID. Locally: `npm run token -- --user NAME --role collector|manager|executive`.',
        },
      },
    },
  };
}

function components(): Record<string, Json> {
  const { schemas } = z.toJSONSchema(contractRegistry, { uri: COMPONENT, unrepresentable: 'any', override: referToDocumented }) as {
    schemas: Record<string, Json>;
  };
  for (const schema of Object.values(schemas)) {
    delete schema.$schema;
    delete schema.$id;
    tidy(schema);
  }
  return schemas;
}

function operationObject(op: Operation): Json {
  const parameters: Json[] = [];
  for (const [location, schema] of [['path', op.params], ['query', op.query]] as const) {
    if (!schema) continue;
    const shape = (schema as unknown as z.ZodObject).shape as Record<string, z.ZodType>;
    for (const [name, field] of Object.entries(shape)) {
      const json = inline(field, 'input');
      const description = json.description;
      delete json.description;
      parameters.push({
        name,
        in: location,
        required: location === 'path' || !field.safeParse(undefined).success,
        ...(description ? { description } : {}),
        schema: json,
        ...(name === 'filter' ? { 'x-decoded-schema': { $ref: COMPONENT('FilterSpec') } } : {}),
      });
    }
  }
  const status = String(op.status ?? 200);
  const responses: Record<string, Json> = {};
  if (op.response) responses[status] = { description: op.summary, ...headersOf(op), content: { 'application/json': { schema: schemaRef(op.response) } } };
  else if (op.produces) responses[status] = { description: op.summary, content: Object.fromEntries(op.produces.map((type) => [type, {}])) };
  else responses[status] = { description: 'Done' };
  for (const other of op.alsoStatus ?? []) responses[String(other)] = { ...responses[status], description: other === 201 ? 'Created' : op.summary };
  if (op.etag) responses['304'] = { description: 'Not modified: the If-None-Match ETag is current.' };
  const problems = new Set<number>([...(op.access === 'public' ? [] : [401, 403]), 500, ...(op.errors ?? [])]);
  if (op.params || op.query || op.body || op.upload) problems.add(400);
  for (const code of [...problems].sort()) {
    responses[String(code)] = { description: PROBLEM_TEXT[code] ?? 'Problem', content: { 'application/problem+json': { schema: { $ref: COMPONENT('Problem') } } } };
  }
  return {
    operationId: op.id,
    summary: op.summary,
    ...(op.description ? { description: op.description } : {}),
    tags: [...op.tags],
    ...(op.access === 'public' ? { security: [] } : {}),
    'x-roles': op.access === 'public' ? [] : op.access === 'signed-in' ? ['collector', 'manager', 'executive'] : [...op.access],
    ...(parameters.length ? { parameters } : {}),
    ...(op.body ? { requestBody: { required: true, content: { 'application/json': { schema: inline(op.body, 'input') } } } } : {}),
    ...(op.upload
      ? {
          requestBody: {
            required: true,
            description: 'The file itself, streamed (no multipart).',
            content: Object.fromEntries(op.upload.map((type) => [type, { schema: { type: 'string', contentMediaType: type } }])),
          },
        }
      : {}),
    responses,
  };
}

function headersOf(op: Operation): Json {
  if (op.etag) return { headers: { ETag: { schema: { type: 'string' }, description: 'Send back as If-None-Match.' } } };
  if (op.status === 202) return { headers: { Location: { schema: { type: 'string' }, description: 'The import job.' } } };
  return {};
}

const PROBLEM_TEXT: Record<number, string> = {
  400: 'The request is not valid (see errors)',
  401: 'No valid bearer token',
  403: 'Your role may not do this',
  404: 'Not found (or not visible to you)',
  409: 'Conflict: an import is running, or a cursor belongs to another result',
  411: 'The upload needs a length or chunked transfer',
  413: 'The upload is too large',
  422: 'The policy is not valid (see problems)',
  500: 'Server error (the x-request-id header finds it in the log)',
  503: 'Not ready',
};

/** A named schema by reference, anything else inline. */
function schemaRef(schema: z.ZodType): Json {
  const id = contractRegistry.get(schema)?.id;
  return id ? { $ref: COMPONENT(id) } : inline(schema, 'output');
}

function inline(schema: z.ZodType, io: 'input' | 'output'): Json {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', metadata: descriptions, override: referToDocumented }) as Json;
  delete json.$schema;
  tidy(json);
  return json;
}

function referToDocumented(ctx: { zodSchema: unknown; jsonSchema: Record<string, unknown> }): void {
  const target = registryForReferences.get(ctx.zodSchema as z.ZodType);
  if (!target) return;
  for (const key of Object.keys(ctx.jsonSchema)) delete ctx.jsonSchema[key];
  ctx.jsonSchema.$ref = COMPONENT(target.id);
  if (target.description) ctx.jsonSchema.description = target.description;
}

/** Drops the ±2^53 bounds zod writes for every integer: noise in a document people read. */
function tidy(value: unknown): void {
  if (Array.isArray(value)) {
    value.forEach(tidy);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  const record = value as Json;
  if (record.minimum === Number.MIN_SAFE_INTEGER) delete record.minimum;
  if (record.maximum === Number.MAX_SAFE_INTEGER) delete record.maximum;
  for (const child of Object.values(record)) tidy(child);
}
