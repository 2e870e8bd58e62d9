import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DynamicsConfig } from '../../api/adapters/dynamics/config.ts';
import type { ODataClientOptions } from '../../api/adapters/dynamics/odata-client.ts';
import { Store } from '../../api/adapters/store/index.ts';
import { valueAt, type EventLog } from '../../api/engine/index.ts';
import { startEntraStandIn, type EntraStandIn, type EntraStandInOptions } from '../stand-ins/entra.ts';
import { startODataStandIn, type ODataStandIn, type StandInEntity, type StandInRow } from '../stand-ins/odata-server.ts';

export const FIXTURES = fileURLToPath(new URL('../fixtures/dynamics/', import.meta.url));
export const PARQUET_DIR = join(FIXTURES, 'tables-parquet');
export const CSV_DIR = join(FIXTURES, 'tables-csv');
/** The "as of" instant of the fixtures' first sync. */
export const SYNC_TIME = Date.parse('2024-06-01T00:00:00Z');
export const TENANT = '11111111-2222-3333-4444-555555555555';
export const CLIENT_ID = 'collections-lens-sync';
export const CLIENT_SECRET = 'stand-in-secret';

/** The OData entities of the fixture (a fresh copy: tests add rows to it). */
export function odataEntities(): StandInEntity[] {
  const json = JSON.parse(readFileSync(join(FIXTURES, 'odata-entities.json'), 'utf8')) as {
    entities: Record<string, { name: string; companyField: string | null; rows: StandInRow[] }>;
  };
  return Object.entries(json.entities).map(([collection, e]) => ({ name: e.name, collection, companyField: e.companyField, rows: e.rows }));
}

const cleanups: (() => Promise<void> | void)[] = [];

/** Runs (in reverse order) everything the helpers opened; call from afterEach. */
export async function cleanUp(): Promise<void> {
  while (cleanups.length) await cleanups.pop()!();
}

/** A temporary folder removed after the test. */
export function tempDir(prefix = 'cl-d365-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function openStore(): Promise<{ store: Store; dir: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'cl-d365-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  const store = await Store.open(dir);
  cleanups.push(() => store.close());
  return { store, dir };
}

export interface StandIns {
  readonly entra: EntraStandIn;
  readonly odata: ODataStandIn;
  readonly config: DynamicsConfig;
}

/** The Entra and F&O stand-ins, and the configuration that points the connector at them. */
export async function startStandIns(options: { pageSize?: number; entities?: StandInEntity[]; entra?: EntraStandInOptions } = {}): Promise<StandIns> {
  const entra = await startEntraStandIn({ clients: { [CLIENT_ID]: CLIENT_SECRET }, ...options.entra });
  cleanups.push(() => entra.close());
  const odata = await startODataStandIn({
    entities: options.entities ?? odataEntities(),
    pageSize: options.pageSize ?? 2,
    authorize: (token) => entra.verify(token) !== undefined,
  });
  cleanups.push(() => odata.close());
  const config: DynamicsConfig = {
    url: odata.url,
    tenantId: TENANT,
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    authorityHost: entra.url,
  };
  return { entra, odata, config };
}

/** Client settings that keep retries fast and record every wait asked for. */
export function fastClient(waits: number[] = []): Partial<Omit<ODataClientOptions, 'baseUrl' | 'tokens'>> & { waits: number[] } {
  return {
    waits,
    retry: { maxAttempts: 4, baseDelayMs: 40, maxDelayMs: 200, maxRetryAfterMs: 5000 },
    sleep: async (ms) => {
      waits.push(ms);
      await new Promise((resolve) => setTimeout(resolve, Math.min(ms, 10)));
    },
  };
}

export interface EventView {
  readonly case: string;
  readonly activity: string;
  readonly time: string;
  readonly derived: boolean;
  readonly attributes: Record<string, string | number>;
}

function shown(value: string | number | boolean | null, time: boolean): string | number | undefined {
  if (value === null || value === '' || (typeof value === 'number' && Number.isNaN(value))) return undefined;
  if (time && typeof value === 'number') return new Date(value).toISOString();
  return typeof value === 'boolean' ? String(value) : value;
}

/** Every event with its event attributes, in log order: easy to compare and to read in a diff. */
export function eventsOf(log: EventLog): EventView[] {
  const out: EventView[] = [];
  for (let c = 0; c < log.caseIds.length; c++) {
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
      const attributes: Record<string, string | number> = {};
      for (const [name, column] of [...log.eventAttributes].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const value = shown(valueAt(column, e), column.kind === 'time');
        if (value !== undefined) attributes[name] = value;
      }
      out.push({ case: log.caseIds[c], activity: log.activities[log.activity[e]], time: new Date(log.time[e]).toISOString(), derived: log.derived[e] !== 0, attributes });
    }
  }
  return out;
}

/** Case attributes per case id. */
export function casesOf(log: EventLog): Record<string, Record<string, string | number>> {
  const out: Record<string, Record<string, string | number>> = {};
  log.caseIds.forEach((id, c) => {
    const attributes: Record<string, string | number> = {};
    for (const [name, column] of [...log.caseAttributes].sort(([a], [b]) => (a < b ? -1 : 1))) {
      const value = shown(valueAt(column, c), column.kind === 'time');
      if (value !== undefined) attributes[name] = value;
    }
    out[id] = attributes;
  });
  return out;
}

/** Case, activity and date/time of each event: the shape of the expectations below. */
export function timeline(log: EventLog): string[] {
  return eventsOf(log).map((e) => `${e.case} ${e.time.replace(':00.000Z', '').replace('T00:00', '')} ${e.activity}${e.derived ? ' (derived)' : ''}`);
}

/**
 * What the fixture's records mean, worked out by hand from tables-csv/ (and the same records in
 * odata-entities.json), as of 2024-06-01.
 */
export const EXPECTED_TIMELINE = [
  'DEMF/DIV-3001 2024-01-10 Credit Limit Approved',
  'DEMF/DIV-3001 2024-01-20 Invoice Posted',
  'DEMF/DIV-3001 2024-02-19 Payment Received',
  'DEMF/DIV-3001 2024-02-19 Payment Applied to Invoice',
  'DEMF/DIV-3001 2024-02-20 Payment Due Date Passed (derived)',
  'DEMF/DIV-3001 2024-02-25 Promise to Pay Received',
  'DEMF/DIV-3001 2024-03-06 Promise to Pay Broken (derived)',
  'USMF/CIV-1001 2024-01-05 Credit Limit Approved',
  'USMF/CIV-1001 2024-01-10 Invoice Posted',
  'USMF/CIV-1001 2024-02-05 Payment Received',
  'USMF/CIV-1001 2024-02-05 Payment Applied to Invoice',
  'USMF/CIV-1001 2024-02-05 Invoice Settled (derived)',
  'USMF/CIV-1002 2024-02-15 Invoice Posted',
  'USMF/CIV-1002 2024-03-17 Payment Due Date Passed (derived)',
  'USMF/CIV-1002 2024-03-25 Dunning Letter Issued',
  'USMF/CIV-1002 2024-03-27T10:00 Collection Contact Made',
  'USMF/CIV-1002 2024-03-28 Promise to Pay Received',
  'USMF/CIV-1002 2024-04-08 Payment Received',
  'USMF/CIV-1002 2024-04-08 Payment Applied to Invoice',
  'USMF/CIV-1002 2024-04-08 Invoice Settled (derived)',
  'USMF/CIV-1003 2024-02-01 Credit Limit Approved',
  'USMF/CIV-1003 2024-02-01 Invoice Posted',
  'USMF/CIV-1003 2024-02-16 Payment Due Date Passed (derived)',
  'USMF/CIV-1003 2024-02-20 Dispute Registered',
  'USMF/CIV-1003 2024-02-25 Credit Memo Issued',
  'USMF/CIV-1003 2024-02-26 Dispute Resolved',
  'USMF/CIV-1003 2024-03-05 Payment Received',
  'USMF/CIV-1003 2024-03-05 Payment Applied to Invoice',
  'USMF/CIV-1003 2024-03-05 Invoice Settled (derived)',
  'USMF/CIV-1005 2024-03-01 Invoice Posted',
  'USMF/CIV-1005 2024-03-16 Payment Due Date Passed (derived)',
  'USMF/CIV-1005 2024-03-25 Dunning Letter Issued',
  'USMF/CIV-1005 2024-04-15 Dunning Letter Issued',
  'USMF/CIV-1005 2024-04-20T14:30 Collection Contact Made',
  'USMF/CIV-1005 2024-05-20 Invoice Written Off',
  'USMF/CIV-1006 2024-04-20 Invoice Posted',
  'USMF/CIV-1006 2024-05-21 Payment Due Date Passed (derived)',
];

/** Invoice attributes of the fixture, as both sources must give them. */
export const EXPECTED_CASES: Record<string, Record<string, string | number>> = {
  'DEMF/DIV-3001': {
    CollectorName: 'Alice Collector',
    CompanyCode: 'DEMF',
    CustomerId: 'DE-001',
    CustomerName: 'Litware GmbH',
    CustomerSegment: 'Enterprise',
    DueDate: '2024-02-19T00:00:00.000Z',
    InvoiceAmount: 5000,
    InvoiceCurrency: 'EUR',
    PaymentTerms: 'Net30',
  },
  'USMF/CIV-1001': {
    CollectorName: 'Alice Collector',
    CompanyCode: 'USMF',
    CustomerId: 'US-001',
    CustomerName: 'Contoso Retail',
    CustomerSegment: 'Enterprise',
    DueDate: '2024-02-09T00:00:00.000Z',
    InvoiceAmount: 1000,
    InvoiceCurrency: 'USD',
    PaymentTerms: 'Net30',
  },
  'USMF/CIV-1002': {
    CollectorName: 'Alice Collector',
    CompanyCode: 'USMF',
    CustomerId: 'US-001',
    CustomerName: 'Contoso Retail',
    CustomerSegment: 'Enterprise',
    DueDate: '2024-03-16T00:00:00.000Z',
    InvoiceAmount: 2000,
    InvoiceCurrency: 'USD',
    PaymentTerms: 'Net30',
  },
  'USMF/CIV-1003': {
    CollectorName: 'Bob Collector',
    CompanyCode: 'USMF',
    CustomerId: 'US-002',
    CustomerName: 'Fabrikam Stores',
    CustomerSegment: 'SMB',
    DueDate: '2024-02-15T00:00:00.000Z',
    InvoiceAmount: 500,
    InvoiceCurrency: 'USD',
    PaymentTerms: 'Net14',
  },
  'USMF/CIV-1005': {
    CollectorName: 'Bob Collector',
    CompanyCode: 'USMF',
    CustomerId: 'US-002',
    CustomerName: 'Fabrikam Stores',
    CustomerSegment: 'SMB',
    DueDate: '2024-03-15T00:00:00.000Z',
    InvoiceAmount: 800,
    InvoiceCurrency: 'USD',
    PaymentTerms: 'Net14',
  },
  'USMF/CIV-1006': {
    CollectorName: 'Alice Collector',
    CompanyCode: 'USMF',
    CustomerId: 'US-001',
    CustomerName: 'Contoso Retail',
    CustomerSegment: 'Enterprise',
    DueDate: '2024-05-20T00:00:00.000Z',
    InvoiceAmount: 1500,
    InvoiceCurrency: 'USD',
    PaymentTerms: 'Net30',
  },
};

/** The event attributes the fixture's explicit events carry (a spot check of every kind). */
export function keyEventAttributes(log: EventLog): Record<string, Record<string, string | number>> {
  const pick = (caseId: string, activity: string, nth = 0) => {
    const found = eventsOf(log).filter((e) => e.case === caseId && e.activity === activity)[nth];
    const { SourceSystem: _source, ...rest } = found?.attributes ?? {};
    return rest;
  };
  return {
    creditLimit: pick('USMF/CIV-1001', 'Credit Limit Approved'),
    applied: pick('USMF/CIV-1003', 'Payment Applied to Invoice'),
    creditMemo: pick('USMF/CIV-1003', 'Credit Memo Issued'),
    dispute: pick('USMF/CIV-1003', 'Dispute Registered'),
    promise: pick('USMF/CIV-1002', 'Promise to Pay Received'),
    letter2: pick('USMF/CIV-1005', 'Dunning Letter Issued', 1),
    contact: pick('USMF/CIV-1005', 'Collection Contact Made'),
  };
}

export const EXPECTED_KEY_ATTRIBUTES = {
  creditLimit: { CreditLimit: 50000 },
  applied: { CreditLimit: 10000, SettledAmount: 400 },
  creditMemo: { CreditLimit: 10000, Note: 'CCN-2001', SettledAmount: 100 },
  dispute: { CreditLimit: 10000, DisputeReason: 'Pricing error' },
  promise: { CreditLimit: 50000, PromiseAmount: 2000, PromiseDate: '2024-04-10T00:00:00.000Z' },
  letter2: { CreditLimit: 10000, DunningLevel: '2' },
  contact: { CreditLimit: 10000, Note: 'Final reminder call', Resource: 'Bob Collector' },
};
