import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_MAPPING_URL, defaultMapping, parseMapping, readMappingFile } from '../../api/adapters/dynamics/mapping.ts';
import { syncFromConfig } from '../../api/adapters/dynamics/index.ts';
import { ImportError } from '../../api/adapters/import/import-error.ts';
import { CASE_COLUMNS } from '../../api/engine/index.ts';
import { cleanUp, fastClient, odataEntities, openStore, startStandIns, SYNC_TIME, tempDir, timeline } from './helpers.ts';

afterEach(cleanUp);

const defaults = () => JSON.parse(readFileSync(DEFAULT_MAPPING_URL, 'utf8')) as Record<string, any>;

function problem(json: unknown): ImportError {
  try {
    parseMapping(json, 'my-mapping.json');
  } catch (error) {
    if (error instanceof ImportError) return error;
    throw error;
  }
  throw new Error('the mapping was accepted');
}

describe('Dynamics mapping files', () => {
  it('the default mapping is valid and fills every template case attribute it can', () => {
    const mapping = defaultMapping();
    const attributes = new Set([...Object.keys(mapping.cases[0].attributes ?? {}), ...Object.keys(mapping.customers?.attributes ?? {}), 'CompanyCode', 'CustomerId']);
    for (const column of ['CustomerId', 'CustomerName', 'CustomerSegment', 'InvoiceAmount', 'InvoiceCurrency', 'DueDate', 'PaymentTerms', 'CompanyCode', 'CollectorName']) {
      expect(CASE_COLUMNS.has(column), column).toBe(true);
      expect(attributes.has(column), column).toBe(true);
    }
    expect(attributes.has('CreditLimit')).toBe(true);
  });

  it('refuses a broken mapping naming the file, the field and what was expected', () => {
    const misspelt = defaults();
    misspelt.entities[2].events[0].activity = 'Invoice Postd';
    expect(problem(misspelt).details).toMatchObject({ file: 'my-mapping.json', field: 'entities.2.events.0.activity', value: 'Invoice Postd' });
    expect(problem(misspelt).message).toMatch(/activities of the domain reference/);

    const unknownKey = defaults();
    unknownKey.entities[0].evnts = [];
    expect(problem(unknownKey).details).toMatchObject({ field: 'entities.0' });
    expect(problem(unknownKey).message).toMatch(/unknown key "evnts"/);

    const danglingLookup = defaults();
    danglingLookup.entities[2].lookups.trans.entity = 'customerTransactions';
    expect(problem(danglingLookup).details).toMatchObject({ field: 'entities.2.lookups.trans.entity', value: 'customerTransactions' });

    const undeclared = defaults();
    undeclared.cases[0].attributes.DueDate = 'transactions.DueDate';
    expect(problem(undeclared).details).toMatchObject({ field: 'cases.0.attributes.DueDate', value: 'transactions.DueDate' });

    const noSource = defaults();
    delete noSource.entities[1].odata;
    delete noSource.entities[1].table;
    expect(problem(noSource).details).toMatchObject({ field: 'entities.1' });
  });

  it('reports an unreadable file as an ImportError', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'broken.json'), '{ "version": 1,');
    await expect(readMappingFile(join(dir, 'broken.json'))).rejects.toMatchObject({ name: 'ImportError', details: { file: 'broken.json' } });
  });

  it('a customer entity added by editing the mapping file is read and mapped, with no code change', async () => {
    const { store } = await openStore();
    const entities = odataEntities();
    // The customer published the credit-limit adjustment journal as a custom entity.
    entities.push({
      name: 'ContosoCreditLimitRequestEntity',
      collection: 'ContosoCreditLimitRequests',
      rows: [
        { dataAreaId: 'usmf', RequestId: 'CLR-1', CustAccount: 'US-001', RequestedDate: '2024-01-03T12:00:00Z', RequestedLimit: 60000 },
        { dataAreaId: 'demf', RequestId: 'CLR-2', CustAccount: 'DE-001', RequestedDate: '2024-01-08T12:00:00Z', RequestedLimit: 30000 },
      ],
    });
    const { config } = await startStandIns({ entities });
    const mapping = defaults();
    mapping.entities.push({
      name: 'creditRequests',
      key: ['dataAreaId', 'RequestId'],
      company: 'dataAreaId',
      dateFields: ['RequestedDate'],
      odata: { entity: 'ContosoCreditLimitRequestEntity', collection: 'ContosoCreditLimitRequests', incremental: { field: 'RequestedDate' } },
      events: [
        {
          activity: 'Credit Limit Requested',
          time: 'RequestedDate',
          case: { customer: 'CustAccount', attach: 'nextInvoice' },
          attributes: { CreditLimit: 'RequestedLimit' },
        },
      ],
    });
    const file = join(tempDir(), 'contoso-mapping.json');
    writeFileSync(file, JSON.stringify(mapping, null, 2));
    const result = await syncFromConfig({ store, config: { ...config, mappingFile: file }, client: fastClient(), now: () => SYNC_TIME });
    const lines = timeline(await store.loadLog(result.log!.id));
    expect(lines.slice(0, 3)).toEqual([
      'DEMF/DIV-3001 2024-01-08 Credit Limit Requested',
      'DEMF/DIV-3001 2024-01-10 Credit Limit Approved',
      'DEMF/DIV-3001 2024-01-20 Invoice Posted',
    ]);
    expect(lines.filter((l) => l.includes('CIV-1001')).slice(0, 2)).toEqual(['USMF/CIV-1001 2024-01-03 Credit Limit Requested', 'USMF/CIV-1001 2024-01-05 Credit Limit Approved']);
    expect(result.entities.find((e) => e.entity === 'creditRequests')).toMatchObject({ collection: 'ContosoCreditLimitRequests', fetched: 2, mode: 'incremental' });
  });
});
