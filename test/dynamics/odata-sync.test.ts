import { afterEach, describe, expect, it } from 'vitest';
import { odataSource } from '../../api/adapters/dynamics/config.ts';
import { syncFromConfig } from '../../api/adapters/dynamics/index.ts';
import { ODataError } from '../../api/adapters/dynamics/odata-client.ts';
import { readWatermarks, recentRuns, stagedCounts } from '../../api/adapters/dynamics/staging.ts';
import { CLIENT_CREDENTIALS } from '../stand-ins/entra.ts';
import {
  casesOf,
  cleanUp,
  EXPECTED_CASES,
  EXPECTED_KEY_ATTRIBUTES,
  EXPECTED_TIMELINE,
  fastClient,
  keyEventAttributes,
  openStore,
  startStandIns,
  SYNC_TIME,
  timeline,
} from './helpers.ts';

afterEach(cleanUp);

const clock = (t: number) => () => t;

describe('Dynamics 365 OData sync against a local F&O stand-in', () => {
  it('pages through every entity cross-company and builds the expected invoices and events', async () => {
    const { store } = await openStore();
    const { odata, entra, config } = await startStandIns({ pageSize: 2 });
    const result = await syncFromConfig({ store, config, client: fastClient(), now: clock(SYNC_TIME) });
    const log = await store.loadLog(result.log!.id);
    expect(timeline(log)).toEqual(EXPECTED_TIMELINE);
    expect(casesOf(log)).toEqual(EXPECTED_CASES);
    expect(keyEventAttributes(log)).toEqual(EXPECTED_KEY_ATTRIBUTES);
    expect(log.lastDataUpdate).toBe(SYNC_TIME);
    expect(result.log).toMatchObject({ source: odataSource(config), cases: 6, lastDataUpdate: '2024-06-01T00:00:00.000Z' });

    const data = odata.requests.filter((r) => r.path.startsWith('/data/'));
    expect(data.every((r) => r.query['cross-company'] === 'true' && r.status === 200)).toBe(true);
    // Public collection names come from /Metadata/DataEntities, and pages follow @odata.nextLink.
    expect(odata.requests[0].path).toBe('/Metadata/DataEntities');
    const invoicePages = data.filter((r) => r.collection === 'SalesInvoiceHeadersV2');
    expect(invoicePages.map((r) => r.query.$skip ?? '0')).toEqual(['0', '2', '4']);
    expect(invoicePages[0].query.$filter).toBe('TotalInvoiceAmount ge 0');
    expect(invoicePages[0].query.$orderby).toBe('InvoiceDate,dataAreaId,InvoiceNumber');
    expect(result.entities.find((e) => e.entity === 'invoices')).toMatchObject({ collection: 'SalesInvoiceHeadersV2', fetched: 6, pages: 3 });
    // DEMF rows exist only because of cross-company=true (the caller's default company is USMF).
    expect(log.caseIds).toContain('DEMF/DIV-3001');
    // One client-credentials token for the whole run (msal caches it), scoped to the environment.
    expect(entra.requests).toHaveLength(1);
    expect(entra.requests[0]).toMatchObject({ grantType: CLIENT_CREDENTIALS, tenant: config.tenantId, scope: `${new URL(config.url).origin}/.default` });
  });

  it('waits as long as Retry-After says when throttled (429) and finishes the run', async () => {
    const { store } = await openStore();
    const { odata, config } = await startStandIns();
    const client = fastClient();
    odata.throttleNext(2, 1);
    const result = await syncFromConfig({ store, config, client });
    expect(odata.requests.filter((r) => r.status === 429)).toHaveLength(2);
    expect(client.waits.slice(0, 2)).toEqual([1000, 1000]);
    expect(result.log?.cases).toBe(6);
  });

  it('retries 5xx with jittered, bounded backoff, and gives up after the attempt budget without saving a log', async () => {
    const { store } = await openStore();
    const { odata, config } = await startStandIns();
    const recovering = fastClient();
    odata.failNext(3, 503);
    const ok = await syncFromConfig({ store, config, client: { ...recovering, random: () => 0.5 } });
    expect(ok.log?.cases).toBe(6);
    // Full jitter: half of 40, 80, 160 ms (the ceiling doubles per attempt, capped at 200).
    expect(recovering.waits).toEqual([20, 40, 80]);

    const { store: other } = await openStore();
    const giving = fastClient();
    odata.failNext(50, 500);
    const error = await syncFromConfig({ store: other, config, client: giving }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ODataError);
    expect((error as ODataError).status).toBe(500);
    expect(giving.waits).toHaveLength(3);
    for (const wait of giving.waits) expect(wait).toBeLessThanOrEqual(200);
    expect(await other.listLogs()).toEqual([]);
    odata.clearFaults();
  });

  it('resumes a run that failed on a page from the watermark committed with the pages before it', async () => {
    const { store } = await openStore();
    const { odata, config } = await startStandIns({ pageSize: 2 });
    const source = odataSource(config);
    // Dispute history has 4 rows, 2 per page; the second page fails every time.
    odata.failPage('CustCollectionsHistories', 1, { status: 500 });
    const failed = await syncFromConfig({ store, config, client: fastClient() }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(ODataError);
    expect(await store.listLogs()).toEqual([]);
    // Page 1 committed with its watermark: below its last value, which page 2 might continue.
    expect((await stagedCounts(store, source)).get('collectionsHistory')).toBe(2);
    expect((await readWatermarks(store, source)).get('collectionsHistory')).toBe('2024-02-20T09:00:00.000Z');
    expect((await recentRuns(store, source))[0]).toMatchObject({ status: 'failed' });

    odata.clearFaults();
    const before = odata.requests.length;
    const resumed = await syncFromConfig({ store, config, client: fastClient(), now: clock(SYNC_TIME) });
    const history = odata.requests.slice(before).filter((r) => r.collection === 'CustCollectionsHistories');
    expect(history[0].query.$filter).toBe('CustDisputeHistoryCreatedDateTime gt 2024-02-20T09:00:00Z');
    expect(resumed.entities.find((e) => e.entity === 'collectionsHistory')).toMatchObject({ mode: 'incremental', fetched: 3 });
    expect((await readWatermarks(store, source)).get('collectionsHistory')).toBe('2024-03-28T11:00:00.000Z');
    const log = await store.loadLog(resumed.log!.id);
    expect(timeline(log)).toEqual(EXPECTED_TIMELINE);
    expect((await recentRuns(store, source))[0]).toMatchObject({ status: 'succeeded' });
  });

  it('renews an access token that expires mid-run (401) and carries on', async () => {
    const { store } = await openStore();
    const { odata, entra, config } = await startStandIns({ pageSize: 2 });
    odata.expireTokenAfter(6);
    const result = await syncFromConfig({ store, config, client: fastClient() });
    const unauthorized = odata.requests.filter((r) => r.status === 401);
    expect(unauthorized).toHaveLength(1);
    const tokens = [...new Set(odata.requests.filter((r) => r.status === 200).map((r) => r.token))];
    expect(tokens).toHaveLength(2);
    expect(entra.requests.filter((r) => r.grantType === CLIENT_CREDENTIALS)).toHaveLength(2);
    // The request refused with the old token was repeated with the new one.
    const refused = odata.requests.findIndex((r) => r.status === 401);
    expect(odata.requests[refused + 1]).toMatchObject({ path: odata.requests[refused].path, status: 200, token: tokens[1] });
    expect(result.log?.cases).toBe(6);
    expect(casesOf(await store.loadLog(result.log!.id))).toEqual(EXPECTED_CASES);
  });
});
