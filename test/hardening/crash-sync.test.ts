import { afterAll, describe, expect, it } from 'vitest';
import { odataSource } from '../../api/adapters/dynamics/config.ts';
import { readWatermarks, recentRuns, stagedCounts } from '../../api/adapters/dynamics/staging.ts';
import { changedSince } from '../../api/adapters/dynamics/watermark.ts';
import { Store } from '../../api/adapters/store/index.ts';
import { cleanUp, EXPECTED_TIMELINE, startStandIns, timeline } from '../dynamics/helpers.ts';
import { startChild, tempDir, waitUntil, type ChildServer } from './helpers.ts';

/**
 * kill -9 during a Dynamics 365 sync, in the real server with SYNC_SCHEDULE (every second) against
 * the F&O and Entra stand-ins: the process dies right after the first page of the dispute history
 * and its watermark were committed (CLENS_TEST_CRASH_AT=sync:page:collectionsHistory). After the
 * restart the next run resumes from the committed watermarks: the dispute history from exactly
 * where it stopped, the invoices from their watermark less the mapping's lookback; the crashed run
 * is recorded failed; the log it builds is the whole one.
 */

const temp = tempDir('cl-crash-sync-');
const children: ChildServer[] = [];
afterAll(async () => {
  for (const child of children) await child.stop();
  await cleanUp();
  temp.remove();
});

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await Store.open(temp.dir);
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

describe('kill -9 during a Dynamics sync', () => {
  it('the next run resumes from the last committed watermark and re-reads nothing before it beyond the lookback', async () => {
    const { odata, config } = await startStandIns({ pageSize: 2 });
    const source = odataSource(config);
    const env = {
      DATA_DIR: temp.dir,
      LOAD_SAMPLE: 'false',
      SYNC_SCHEDULE: '* * * * * *',
      D365_URL: config.url,
      D365_TENANT_ID: config.tenantId,
      D365_CLIENT_ID: config.clientId,
      D365_CLIENT_SECRET: config.clientSecret,
      D365_AUTHORITY_HOST: config.authorityHost,
      D365_RETRY_BASE_MS: '20',
    };

    const crashed = await startChild({ ...env, CLENS_TEST_CRASH_AT: 'sync:page:collectionsHistory' }, { waitForUrl: false });
    children.push(crashed);
    expect((await crashed.exited).signal, crashed.stderr.join('')).toBe('SIGKILL');
    const historyBefore = odata.requests.filter((r) => r.collection === 'CustCollectionsHistories');
    // One page of the dispute history was read (rows 1-2 of 4) before the crash.
    expect(historyBefore.map((r) => r.query.$skip ?? '0')).toEqual(['0']);

    const committed = await withStore(async (store) => ({
      watermarks: await readWatermarks(store, source),
      staged: await stagedCounts(store, source),
      logs: await store.listLogs(),
      runs: await recentRuns(store, source),
    }));
    expect(committed.logs).toEqual([]); // no log from half a sync
    expect(committed.staged.get('collectionsHistory')).toBe(2);
    const historyMark = committed.watermarks.get('collectionsHistory')!;
    const invoiceMark = committed.watermarks.get('invoices')!;
    expect(historyMark).toBe('2024-02-20T09:00:00.000Z'); // below page 1's last value, which page 2 may continue
    expect(invoiceMark).toBeDefined();
    expect(committed.runs.map((r) => r.status)).toEqual(['running']);

    const seen = odata.requests.length;
    const resumed = await startChild(env);
    children.push(resumed);
    expect(resumed.url, resumed.stderr.join('')).not.toBe('');
    await waitUntil('a synced log', () => (resumed.logLines().some((l) => l.msg === 'Dynamics 365 sync finished') ? true : undefined));
    expect((await resumed.stop()).code).toBe(0);

    // The first run after the restart, request by request.
    const after = odata.requests.slice(seen);
    const firstOf = (collection: string) => after.find((r) => r.collection === collection)!;
    expect(firstOf('CustCollectionsHistories').query.$filter).toBe(changedSince('CustDisputeHistoryCreatedDateTime', historyMark, 0));
    expect(firstOf('SalesInvoiceHeadersV2').query.$filter).toBe(`(TotalInvoiceAmount ge 0) and (${changedSince('InvoiceDate', invoiceMark, 31)})`);

    await withStore(async (store) => {
      const runs = await recentRuns(store, source, 50);
      const crashedRun = runs.at(-1)!;
      expect(crashedRun).toMatchObject({ status: 'failed', summary: { error: expect.stringMatching(/process stopped during this sync/) } });
      const first = runs.at(-2)!;
      expect(first.status).toBe('succeeded');
      const fetched = Object.fromEntries((first.summary as { entities: { entity: string; fetched: number }[] }).entities.map((e) => [e.entity, e.fetched]));
      // 3 of the 4 history rows: those after the watermark (the crash's page 1 ended on a value page 2 shares).
      expect(fetched.collectionsHistory).toBe(3);
      const [log] = await store.listLogs();
      expect(log).toMatchObject({ source, cases: 6 });
      // Nothing lost: every recorded event of the fixture (the derived ones depend on the run's "as of").
      const recorded = (lines: string[]) => lines.filter((l) => !l.endsWith('(derived)'));
      expect(recorded(timeline(await store.loadLog(log.id)))).toEqual(recorded(EXPECTED_TIMELINE));
    });
  });
});
