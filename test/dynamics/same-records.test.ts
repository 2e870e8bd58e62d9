import { afterEach, describe, expect, it } from 'vitest';
import { syncFromConfig } from '../../api/adapters/dynamics/index.ts';
import { defaultMapping } from '../../api/adapters/dynamics/mapping.ts';
import { syncTables } from '../../api/adapters/dynamics/table-export.ts';
import { casesOf, cleanUp, eventsOf, EXPECTED_TIMELINE, fastClient, openStore, PARQUET_DIR, startStandIns, SYNC_TIME, timeline } from './helpers.ts';

afterEach(cleanUp);

describe('both Dynamics sources, the same records', () => {
  it('OData entities and exported tables holding the same business records give the same event log', async () => {
    const { store } = await openStore();
    const { config } = await startStandIns({ pageSize: 4 });
    const viaOData = await syncFromConfig({ store, config, client: fastClient(), now: () => SYNC_TIME });
    const viaTables = await syncTables({ store, mapping: defaultMapping(), folder: PARQUET_DIR, now: () => SYNC_TIME });
    expect(viaOData.log!.id).not.toBe(viaTables.log!.id);

    const odataLog = await store.loadLog(viaOData.log!.id);
    const tablesLog = await store.loadLog(viaTables.log!.id);
    // Every event with every attribute, derived events included, in the same order.
    expect(eventsOf(odataLog)).toEqual(eventsOf(tablesLog));
    expect(casesOf(odataLog)).toEqual(casesOf(tablesLog));
    expect(odataLog.caseIds).toEqual(tablesLog.caseIds);
    expect(odataLog.derivationRules).toEqual(tablesLog.derivationRules);
    expect(odataLog.lastDataUpdate).toBe(tablesLog.lastDataUpdate);
    expect(timeline(tablesLog)).toEqual(EXPECTED_TIMELINE);
  });
});
