import { afterEach, describe, expect, it } from 'vitest';
import { odataSource } from '../../api/adapters/dynamics/config.ts';
import { syncFromConfig } from '../../api/adapters/dynamics/index.ts';
import { readWatermarks, recentRuns, stagedCounts } from '../../api/adapters/dynamics/staging.ts';
import type { ODataStandIn } from '../stand-ins/odata-server.ts';
import { casesOf, cleanUp, EXPECTED_TIMELINE, fastClient, openStore, startStandIns, SYNC_TIME, timeline } from './helpers.ts';

afterEach(cleanUp);

const SECOND_SYNC = Date.parse('2024-06-02T00:00:00Z');
const clock = (t: number) => () => t;

/** What happens in Dynamics between the two syncs: a new invoice, CIV-1006 disputed then paid. */
function changeDynamics(odata: ODataStandIn): void {
  odata.entity('SalesInvoiceHeadersV2').rows.push({
    dataAreaId: 'usmf',
    InvoiceNumber: 'CIV-1007',
    InvoiceDate: '2024-05-25T12:00:00Z',
    InvoiceCustomerAccountNumber: 'US-002',
    TotalInvoiceAmount: 700,
    CurrencyCode: 'USD',
    PaymentTermsName: 'Net14',
  });
  odata.entity('CustCollectionsBICustTrans').rows.push({
    Company: 'usmf',
    CustTransRecId: 5637144007,
    AccountNum: 'US-002',
    Invoice: 'CIV-1007',
    Voucher: 'SIV-007',
    TransDate: '2024-05-25T12:00:00Z',
    DueDate: '2024-06-08T12:00:00Z',
    TransType: 'Sales',
    CustTransSystemCurrencyAmount: 700,
  });
  odata.entity('CustCollectionsHistories').rows.push({
    dataAreaId: 'usmf',
    CustomerAccountNumber: 'US-001',
    CustTrans: 5637144006,
    Status: 'Disputed',
    StatusChangedDate: '2024-05-22T12:00:00Z',
    FollowUpDate: '1900-01-01T12:00:00Z',
    AmountCur: 0,
    Reason: 'Short shipment',
    CustDisputeHistoryCreatedDateTime: '2024-05-22T08:00:00Z',
  });
  odata.entity('CustomerPaymentJournalLines').rows.push({
    dataAreaId: 'usmf',
    JournalBatchNumber: 'JB-004',
    LineNumber: 1,
    TransactionDate: '2024-05-28T12:00:00Z',
    AccountDisplayValue: 'US-001',
    CreditAmount: 1500,
    CurrencyCode: 'USD',
  });
  odata.entity('CustomerPaymentJournalLineSettledInvoices').rows.push({
    JournalBatchNumber: 'JB-004',
    JournalLineNumber: 1,
    JournalLineCompany: 'usmf',
    InvoiceCompany: 'usmf',
    InvoiceNumber: 'CIV-1006',
    SettlementAmountInInvoiceCurrency: 1500,
  });
}

describe('Dynamics 365 OData sync: incremental runs and dry runs', () => {
  it('fetches only what changed since each watermark on the second run, and rebuilds the log from all staged rows', async () => {
    const { store } = await openStore();
    const { odata, config } = await startStandIns({ pageSize: 2 });
    const source = odataSource(config);
    const first = await syncFromConfig({ store, config, client: fastClient(), now: clock(SYNC_TIME) });
    expect((await readWatermarks(store, source)).get('collectionsHistory')).toBe('2024-03-28T11:00:00.000Z');
    expect((await readWatermarks(store, source)).get('invoices')).toBe('2024-04-20T12:00:00.000Z');

    changeDynamics(odata);
    const before = odata.requests.length;
    const second = await syncFromConfig({ store, config, client: fastClient(), now: clock(SECOND_SYNC) });
    const requests = odata.requests.slice(before);
    const filterOf = (collection: string) => requests.find((r) => r.collection === collection)?.query.$filter;
    const fetched = Object.fromEntries(second.entities.map((e) => [e.entity, e.fetched]));

    // A true modification time: exactly the new row.
    expect(filterOf('CustCollectionsHistories')).toBe('CustDisputeHistoryCreatedDateTime gt 2024-03-28T11:00:00Z');
    expect(fetched.collectionsHistory).toBe(1);
    // A posting date, read again 31 days back for back-dated postings: CIV-1006 again, and CIV-1007.
    expect(filterOf('SalesInvoiceHeadersV2')).toBe('(TotalInvoiceAmount ge 0) and (InvoiceDate gt 2024-03-20T12:00:00Z)');
    expect(fetched.invoices).toBe(2);
    expect(fetched.custTrans).toBe(3);
    expect(fetched.collectionLetters).toBe(3);
    expect(fetched.writeOffs).toBe(1);
    // Entities without a usable date are read in full.
    expect(fetched.customers).toBe(4);
    expect(fetched.settledInvoices).toBe(5);
    expect(second.entities.find((e) => e.entity === 'customers')).toMatchObject({ mode: 'full', removed: 0 });

    expect(second.log).toMatchObject({ id: first.log!.id, version: 2, cases: 7, lastDataUpdate: '2024-06-02T00:00:00.000Z' });
    const log = await store.loadLog(second.log!.id);
    const lines = timeline(log);
    // Everything from the first run is still there (staged rows are kept), CIV-1006 changed, CIV-1007 is new.
    expect(lines.filter((l) => !l.includes('CIV-1006') && !l.includes('CIV-1007'))).toEqual(EXPECTED_TIMELINE.filter((l) => !l.includes('CIV-1006')));
    expect(lines.filter((l) => l.includes('CIV-1006'))).toEqual([
      'USMF/CIV-1006 2024-04-20 Invoice Posted',
      'USMF/CIV-1006 2024-05-21 Payment Due Date Passed (derived)',
      'USMF/CIV-1006 2024-05-22 Dispute Registered',
      'USMF/CIV-1006 2024-05-28 Payment Received',
      'USMF/CIV-1006 2024-05-28 Payment Applied to Invoice',
      'USMF/CIV-1006 2024-05-28 Invoice Settled (derived)',
    ]);
    expect(lines.filter((l) => l.includes('CIV-1007'))).toEqual(['USMF/CIV-1007 2024-05-25 Invoice Posted']);
    expect(casesOf(log)['USMF/CIV-1007']).toMatchObject({ CustomerName: 'Fabrikam Stores', InvoiceAmount: 700, DueDate: '2024-06-08T00:00:00.000Z', CollectorName: 'Bob Collector' });
    expect((await recentRuns(store, source)).map((r) => r.status)).toEqual(['succeeded', 'succeeded']);
  });

  it('a dry run prints what each entity would read and changes nothing', async () => {
    const { store } = await openStore();
    const { odata, config } = await startStandIns();
    const source = odataSource(config);
    const dry = await syncFromConfig({ store, config, client: fastClient(), dryRun: true });
    const would = Object.fromEntries(dry.entities.map((e) => [e.entity, e.wouldFetch]));
    expect(would).toEqual({
      customers: 4,
      workers: 2,
      invoices: 6,
      custTrans: 12,
      settledInvoices: 4,
      paymentLines: 4,
      collectionLetters: 3,
      collectionsHistory: 4,
      activities: 2,
      activityLinks: 2,
      writeOffs: 1,
    });
    expect(dry.log).toBeUndefined();
    expect(odata.requests.filter((r) => r.path.startsWith('/data/')).every((r) => r.path.endsWith('/$count'))).toBe(true);
    expect(await store.listLogs()).toEqual([]);
    expect((await stagedCounts(store, source)).size).toBe(0);
    expect((await readWatermarks(store, source)).size).toBe(0);
    expect(await recentRuns(store, source)).toEqual([]);

    // After a sync, a dry run counts only what changed since the watermarks.
    await syncFromConfig({ store, config, client: fastClient(), now: clock(SYNC_TIME) });
    const after = await syncFromConfig({ store, config, client: fastClient(), dryRun: true });
    expect(after.entities.find((e) => e.entity === 'collectionsHistory')).toMatchObject({ wouldFetch: 0, mode: 'incremental' });
    expect((await store.listLogs())[0].version).toBe(1);
  });

  it('--full reads everything again and drops staged rows Dynamics no longer has', async () => {
    const { store } = await openStore();
    const { odata, config } = await startStandIns({ pageSize: 5 });
    await syncFromConfig({ store, config, client: fastClient(), now: clock(SYNC_TIME) });
    const invoices = odata.entity('SalesInvoiceHeadersV2');
    invoices.rows = invoices.rows.filter((r) => r.InvoiceNumber !== 'CIV-1006');
    const incremental = await syncFromConfig({ store, config, client: fastClient(), now: clock(SECOND_SYNC) });
    // OData reports no deletions: an incremental run keeps the staged invoice.
    expect(incremental.log?.cases).toBe(6);
    const full = await syncFromConfig({ store, config, client: fastClient(), now: clock(SECOND_SYNC), full: true });
    expect(full.entities.find((e) => e.entity === 'invoices')).toMatchObject({ mode: 'full', fetched: 5, removed: 1 });
    expect(full.log?.cases).toBe(5);
    expect(odata.requests.filter((r) => r.collection === 'SalesInvoiceHeadersV2').at(-1)?.query.$filter).toBe('TotalInvoiceAmount ge 0');
  });
});
