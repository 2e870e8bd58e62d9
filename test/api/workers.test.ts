import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkerPool } from '../../api/access/index.ts';
import { encodeFilter } from '../../api/contracts/index.ts';
import { PEOPLE, startTestServer, type TestServer } from './helpers.ts';

let inline: TestServer;
let pooled: TestServer;

beforeAll(async () => {
  [inline, pooled] = await Promise.all([startTestServer({ ANALYSIS_WORKERS: '0' }), startTestServer({ ANALYSIS_WORKERS: '2' })]);
});
afterAll(async () => {
  await Promise.all([inline?.stop(), pooled?.stop()]);
});

describe('analyses in worker threads', () => {
  it('answer exactly what the request thread answers, scope included', async () => {
    expect(pooled.running.services.analysis).toBeInstanceOf(WorkerPool);
    const filter = encodeFilter({ filters: [{ kind: 'outcome', outcomes: ['open', 'settled'] }] });
    const paths = ['/map?paths=60', '/map?activities=70&metric=performance', `/kpis?filter=${filter}&groupBy=CreditTeam`, '/summary', '/bottlenecks', '/variants', '/conformance', '/worklist', '/root-causes'];
    for (const person of [PEOPLE.collector, PEOPLE.manager, PEOPLE.executive]) {
      const [a, b] = [await inline.token(person.user, person.role), await pooled.token(person.user, person.role)];
      for (const path of paths) {
        const left = await inline.get(`/api/logs/${inline.logId}${path}`, a);
        const right = await pooled.get(`/api/logs/${pooled.logId}${path}`, b);
        expect(right.status, path).toBe(200);
        expect(right.headers.get('etag'), path).toBe(left.headers.get('etag'));
        expect(await right.json(), `${person.role} ${path}`).toEqual(await left.json());
      }
    }
  });

  it('keep their errors: a bad period is still a 400', async () => {
    const token = await pooled.token(PEOPLE.executive.user, 'executive');
    const response = await pooled.get(`/api/logs/${pooled.logId}/kpis?periodStart=2024-06-01&periodEnd=2024-01-01`, token);
    expect(response.status).toBe(400);
    expect(((await response.json()) as { type: string }).type).toMatch(/invalid-analysis$/);
  });
});
