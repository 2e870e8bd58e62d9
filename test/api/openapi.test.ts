import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes } from '../../api/routes/index.ts';
import { startTestServer, type TestServer } from './helpers.ts';

let server: TestServer;
let document: Record<string, any>;

beforeAll(async () => {
  server = await startTestServer();
  document = (await (await server.get('/api/openapi.json')).json()) as Record<string, any>;
});
afterAll(() => server?.stop());

function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, found));
  else if (value && typeof value === 'object') {
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') found.push(child);
      else refs(child, found);
    }
  }
  return found;
}

describe('OpenAPI document', () => {
  it('is OpenAPI 3.1 with every operation of the contract', () => {
    expect(document.openapi).toBe('3.1.0');
    for (const op of routes().map((binding) => binding.op)) {
      const path = op.path.replace(/:([A-Za-z]+)/g, '{$1}');
      expect(document.paths[path]?.[op.method]?.operationId, `${op.method} ${path}`).toBe(op.id);
    }
  });

  it('resolves every $ref to a component', () => {
    const all = refs(document);
    expect(all.length).toBeGreaterThan(50);
    for (const ref of all) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(document.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
  });

  it('documents the filter encoding, roles, errors and public operations', () => {
    const map = document.paths['/api/logs/{id}/map'].get;
    const filter = map.parameters.find((p: { name: string }) => p.name === 'filter');
    expect(filter.description).toMatch(/base64url/);
    expect(filter['x-decoded-schema']).toEqual({ $ref: '#/components/schemas/FilterSpec' });
    expect(map['x-roles']).toEqual(['collector', 'manager', 'executive']);
    expect(map.responses['304']).toBeDefined();
    expect(map.responses['401'].content['application/problem+json']).toBeDefined();
    expect(document.paths['/api/health'].get.security).toEqual([]);
    expect(document.paths['/api/policy'].put['x-roles']).toEqual(['manager', 'executive']);
    expect(document.paths['/api/policy'].put.requestBody.content['application/json'].schema.properties.policy).toEqual({ $ref: '#/components/schemas/DunningPolicy' });
    expect(Object.keys(document.paths['/api/logs'].post.requestBody.content)).toContain('text/csv');
  });
});
