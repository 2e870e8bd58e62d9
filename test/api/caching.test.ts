import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeFilter } from '../../api/contracts/index.ts';
import { problemSchema } from '../../api/contracts/index.ts';
import { variantPageSchema } from '../../api/contracts/variants.ts';
import { violationPageSchema } from '../../api/contracts/conformance.ts';
import { parsed, PEOPLE, startTestServer, waitForImport, type TestServer } from './helpers.ts';

let server: TestServer;
let executive: string;
let manager: string;

beforeAll(async () => {
  server = await startTestServer();
  executive = await server.token(PEOPLE.executive.user, 'executive');
  manager = await server.token(PEOPLE.manager.user, 'manager');
});
afterAll(() => server?.stop());

const log = () => `/api/logs/${server.logId}`;

describe('ETags', () => {
  it('answers If-None-Match with 304 and an unchanged ETag, on every analysis route', async () => {
    for (const path of ['/map?paths=40', '/kpis', '/variants', '/cases', '/conformance', '/conformance/violations', '/bottlenecks', '/summary', '/root-causes', '/worklist']) {
      const first = await server.get(`${log()}${path}`, manager);
      expect(first.status, path).toBe(200);
      const etag = first.headers.get('etag')!;
      expect(etag, path).toMatch(/^"[A-Za-z0-9_-]+"$/);
      expect(first.headers.get('cache-control')).toBe('private, no-cache');
      await first.arrayBuffer();
      const again = await server.get(`${log()}${path}`, manager, { 'if-none-match': etag });
      expect(again.status, path).toBe(304);
      expect(again.headers.get('etag')).toBe(etag);
      expect(await again.text()).toBe('');
    }
  });

  it('changes with the filter, the sliders and the scope, not with key order in the filter', async () => {
    const etag = async (path: string, token = manager) => (await server.get(`${log()}${path}`, token)).headers.get('etag');
    const a = encodeFilter({ hideDerived: true, filters: [{ kind: 'outcome', outcomes: ['open'] }] });
    const reordered = Buffer.from(JSON.stringify({ filters: [{ outcomes: ['open'], kind: 'outcome' }], hideDerived: true })).toString('base64url');
    expect(await etag(`/map?filter=${a}`)).toBe(await etag(`/map?filter=${reordered}`));
    expect(await etag(`/map?filter=${a}`)).not.toBe(await etag('/map'));
    expect(await etag('/map?paths=50')).not.toBe(await etag('/map'));
    expect(await etag('/map', executive)).not.toBe(await etag('/map', manager));
    // Two people with the same scope share results.
    const sameTeam = await server.token('Karen Whitfield', 'manager');
    expect(await etag('/map', sameTeam)).toBe(await etag('/map', manager));
  });

  it('changes when the log gets a new version', async () => {
    const before = (await server.get(`${log()}/map`, executive)).headers.get('etag')!;
    const csv = 'InvoiceNumber,ActivityName,EventTime\nN-1,Invoice Created,2024-01-01T00:00:00Z\nN-1,Invoice Posted,2024-01-02T00:00:00Z\n';
    const response = await fetch(`${server.url}${log()}/versions?file=small.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${executive}`, 'content-type': 'text/csv' },
      body: csv,
    });
    const job = await waitForImport(server, executive, ((await response.json()) as { id: string }).id);
    expect(job.status).toBe('succeeded');
    const after = await server.get(`${log()}/map`, executive, { 'if-none-match': before });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before);
    expect(((await after.json()) as { cases: number; log: { version: number } })).toMatchObject({ cases: 1, log: { version: 2 } });
  });
});

describe('cursor pagination', () => {
  let fresh: TestServer;
  let token: string;
  beforeAll(async () => {
    fresh = await startTestServer();
    token = await fresh.token(PEOPLE.executive.user, 'executive');
  });
  afterAll(() => fresh?.stop());

  it('walks a long list page by page, each item once', async () => {
    const all = await parsed(await fresh.get(`/api/logs/${fresh.logId}/variants?limit=500`, token), variantPageSchema);
    const seen: number[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : '';
      const page = await parsed(await fresh.get(`/api/logs/${fresh.logId}/variants?limit=7${query}`, token), variantPageSchema);
      expect(page.total).toBe(all.total);
      seen.push(...page.items.map((v) => v.rank));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(seen).toEqual(all.items.map((v) => v.rank));
    expect(pages).toBe(Math.ceil(all.total / 7));
  });

  it('refuses a cursor of another list (409) and a forged one (400)', async () => {
    const page = await parsed(await fresh.get(`/api/logs/${fresh.logId}/conformance/violations?limit=2`, token), violationPageSchema);
    expect(page.nextCursor).not.toBeNull();
    const otherFilter = encodeFilter({ filters: [{ kind: 'outcome', outcomes: ['open'] }] });
    const stale = await fresh.get(`/api/logs/${fresh.logId}/conformance/violations?limit=2&cursor=${page.nextCursor}&filter=${otherFilter}`, token);
    expect(stale.status).toBe(409);
    expect((await parsed(stale, problemSchema)).type).toMatch(/stale-cursor$/);
    expect((await fresh.get(`/api/logs/${fresh.logId}/variants?cursor=garbage`, token)).status).toBe(400);
  });
});
