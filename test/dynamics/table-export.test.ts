import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultMapping } from '../../api/adapters/dynamics/mapping.ts';
import { stagedCounts } from '../../api/adapters/dynamics/staging.ts';
import { syncTables, tablesSource } from '../../api/adapters/dynamics/table-export.ts';
import {
  casesOf,
  cleanUp,
  CSV_DIR,
  eventsOf,
  EXPECTED_CASES,
  EXPECTED_KEY_ATTRIBUTES,
  EXPECTED_TIMELINE,
  keyEventAttributes,
  openStore,
  PARQUET_DIR,
  SYNC_TIME,
  tempDir,
  timeline,
} from './helpers.ts';

afterEach(cleanUp);

const now = () => SYNC_TIME;

const tempFolder = () => tempDir('cl-d365-export-');

/** A column's CDM data type, as Synapse Link's model.json would give it. */
function cdmType(column: string): string {
  if (column === 'isdelete') return 'boolean';
  if (/date/.test(column)) return 'dateTime';
  if (/amount|creditmax|amountcur/.test(column)) return 'decimal';
  if (/recid$|^party$|worker$|^person$|^custtrans$|^status$|^transtype$|^collectionlettercode$|^versionnumber$/.test(column)) return 'int64';
  return 'string';
}

/** The fixture as Synapse Link's CSV export lays it out: header-less files per table, names and types in model.json. */
function synapseCsvFolder(): string {
  const dir = tempFolder();
  const entities = [];
  for (const file of readdirSync(CSV_DIR).filter((f) => f.endsWith('.csv'))) {
    const table = basename(file, '.csv');
    const [header, ...lines] = readFileSync(join(CSV_DIR, file), 'utf8').trim().split('\n');
    mkdirSync(join(dir, table));
    writeFileSync(join(dir, table, `${table}_00001.csv`), `${lines.join('\n')}\n`);
    entities.push({ $type: 'LocalEntity', name: table, attributes: header.split(',').map((name) => ({ name, dataType: cdmType(name) })) });
  }
  writeFileSync(join(dir, 'model.json'), JSON.stringify({ name: 'cdm', version: '1.0', entities }));
  return dir;
}

describe('Dynamics 365 table-export source (Synapse Link / Fabric Link)', () => {
  it('reads the Parquet folders through DuckDB into the expected invoices and events', async () => {
    const { store } = await openStore();
    const result = await syncTables({ store, mapping: defaultMapping(), folder: PARQUET_DIR, now });
    const log = await store.loadLog(result.log!.id);
    expect(timeline(log)).toEqual(EXPECTED_TIMELINE);
    // CIV-1006 from its latest exported version (1500, not 1400); CIV-9999 was deleted; credit note CCN-2001 is no case.
    expect(casesOf(log)).toEqual(EXPECTED_CASES);
    expect(keyEventAttributes(log)).toEqual(EXPECTED_KEY_ATTRIBUTES);
    expect(log.lastDataUpdate).toBe(SYNC_TIME);
    expect(result.log).toMatchObject({ source: tablesSource(PARQUET_DIR), version: 1, cases: 6 });
    expect(Object.fromEntries(result.entities.map((e) => [e.entity, e.fetched]))).toEqual({
      customers: 4,
      workers: 2,
      invoices: 6,
      custTrans: 12,
      settlements: 6,
      collectionLetterLines: 3,
      collectionsHistory: 4,
      activities: 2,
      activityLinks: 2,
    });
  });

  it('reads CSV files, with headers or header-less with model.json, into the same log as Parquet', async () => {
    const { store } = await openStore();
    const parquet = await syncTables({ store, mapping: defaultMapping(), folder: PARQUET_DIR, now });
    const csv = await syncTables({ store, mapping: defaultMapping(), folder: CSV_DIR, now });
    const synapse = await syncTables({ store, mapping: defaultMapping(), folder: synapseCsvFolder(), now });
    const expected = eventsOf(await store.loadLog(parquet.log!.id));
    for (const other of [csv, synapse]) {
      const log = await store.loadLog(other.log!.id);
      expect(eventsOf(log)).toEqual(expected);
      expect(casesOf(log)).toEqual(EXPECTED_CASES);
    }
  });

  it('skips an entity whose tables are not in the export, with a note, and refuses an export without invoices', async () => {
    const { store } = await openStore();
    const partial = tempFolder();
    for (const table of readdirSync(PARQUET_DIR).filter((t) => !/^(smmActivities|CustCollectionsLinkActivitiesCustTrans)$/.test(t))) {
      cpSync(join(PARQUET_DIR, table), join(partial, table), { recursive: true });
    }
    const result = await syncTables({ store, mapping: defaultMapping(), folder: partial, now });
    expect(result.entities.find((e) => e.entity === 'activityLinks')).toMatchObject({ skipped: 'no CustCollectionsLinkActivitiesCustTrans in the export' });
    expect(result.notes).toContain('activities skipped: no smmActivities in the export');
    expect(timeline(await store.loadLog(result.log!.id))).toEqual(EXPECTED_TIMELINE.filter((l) => !l.includes('Collection Contact Made')));

    rmSync(join(partial, 'CustInvoiceJour'), { recursive: true });
    await expect(syncTables({ store, mapping: defaultMapping(), folder: partial, now })).rejects.toThrow(/without the invoices: no CustInvoiceJour/);
  });

  it('a dry run counts the rows per entity and writes nothing', async () => {
    const { store } = await openStore();
    const dry = await syncTables({ store, mapping: defaultMapping(), folder: PARQUET_DIR, dryRun: true, now });
    expect(dry.entities.find((e) => e.entity === 'settlements')).toMatchObject({ wouldFetch: 6 });
    expect(dry.entities.find((e) => e.entity === 'invoices')).toMatchObject({ wouldFetch: 6 });
    expect(await store.listLogs()).toEqual([]);
    expect((await stagedCounts(store, tablesSource(PARQUET_DIR))).size).toBe(0);
  });
});
