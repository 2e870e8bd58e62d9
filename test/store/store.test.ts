import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DATABASE_FILE, LogStoreError, SCHEMA_VERSION, Store, StoreError, type SaveStage } from '../../api/adapters/store/index.ts';
import { LogBuilder } from '../../api/engine/log/builder.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';
import { DAY, T0, expectSameLog, richLog, simpleLog, tempDir } from './helpers.ts';

const cleanups: (() => Promise<void> | void)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function openStore(options?: Parameters<typeof Store.open>[1]): Promise<{ store: Store; dir: string }> {
  const dir = tempDir();
  cleanups.push(dir.remove);
  const store = await Store.open(dir.path, options);
  cleanups.push(() => store.close());
  return { store, dir: dir.path };
}

/** Tables of the store's file whose names look like a stored log's or a staging table. */
async function logTableNames(store: Store): Promise<string[]> {
  const found = await store.transaction((tx) =>
    tx.query(
      "SELECT table_name FROM duckdb_tables() WHERE regexp_matches(table_name, '^(log_[0-9]+_(events|cases)|stage_.*)$') ORDER BY table_name",
    ),
  );
  return found.map((r) => String(r.table_name));
}

describe('Store: log round trip', () => {
  it('round-trips a hand-built log with every attribute kind, end times, derived events and unicode', async () => {
    const { store } = await openStore();
    const log = richLog();
    const info = await store.saveLog({ name: 'Rich – ünïcödé', source: 'file:rich.csv', log });
    expect(info).toMatchObject({ name: 'Rich – ünïcödé', source: 'file:rich.csv', version: 1, cases: 4, events: 7, activities: 6 });
    expect(info.lastDataUpdate).toBe(new Date(log.lastDataUpdate).toISOString());
    expect(Date.parse(info.importedAt)).toBeGreaterThan(Date.now() - 60_000);
    expectSameLog(await store.loadLog(info.id), log);
  });

  it('keeps endTime null when the log has no durations, and handles logs without attributes', async () => {
    const { store } = await openStore();
    const plain = simpleLog(5, 3);
    const bare: EventLog = { ...simpleLog(2, 2, 'B'), eventAttributes: new Map(), caseAttributes: new Map() };
    const a = await store.saveLog({ name: 'plain', source: 'plain', log: plain });
    const b = await store.saveLog({ name: 'bare', source: 'bare', log: bare });
    const plainBack = await store.loadLog(a.id);
    expect(plainBack.endTime).toBeNull();
    expectSameLog(plainBack, plain);
    expectSameLog(await store.loadLog(b.id), bare);
  });

  it('round-trips an empty log', async () => {
    const { store } = await openStore();
    const empty: EventLog = {
      caseIds: [],
      activities: [],
      caseOffsets: Uint32Array.from([0]),
      activity: new Uint32Array(0),
      time: new Float64Array(0),
      endTime: null,
      derived: new Uint8Array(0),
      derivationRules: [],
      eventAttributes: new Map(),
      caseAttributes: new Map(),
      lastDataUpdate: 0,
    };
    const info = await store.saveLog({ name: 'empty', source: 'empty', log: empty });
    expect(info).toMatchObject({ cases: 0, events: 0, activities: 0 });
    expectSameLog(await store.loadLog(info.id), empty);
  });

  it('round-trips a LogBuilder log over several data chunks', async () => {
    const { store } = await openStore();
    const builder = new LogBuilder();
    for (let c = 0; c < 1500; c++) {
      const id = `INV-${c}`;
      builder.setCaseAttribute(id, 'CustomerSegment', ['Enterprise', 'SMB', 'Government'][c % 3]);
      builder.setCaseAttribute(id, 'InvoiceAmount', c * 1.25);
      for (let i = 0; i < 4; i++) {
        const e = builder.addEvent(id, ['Invoice Created', 'Invoice Posted', 'Payment Received', 'Invoice Settled'][i], T0 + c * 1000 + i * DAY);
        builder.setEventAttribute(e, 'Resource', `user-${(c * 7 + i) % 113}`);
      }
    }
    const log = builder.build();
    expect(log.activity.length).toBeGreaterThan(2048 * 2);
    const info = await store.saveLog({ name: 'built', source: 'built', log });
    expectSameLog(await store.loadLog(info.id), log);
  });

  it('keeps instants exact across the whole JS Date range, ERP sentinels and fractions of a millisecond', async () => {
    const { store } = await openStore();
    const instants = [
      Date.UTC(9999, 11, 31, 23, 59, 59, 999),
      Date.UTC(9999, 11, 31, 23, 59, 59, 998),
      Date.UTC(1900, 0, 1),
      -8.64e15,
      8.64e15,
      -1.5,
      -0.25,
      T0 + 0.001,
      Date.UTC(2154, 11, 31),
      0,
    ];
    const n = instants.length;
    const log: EventLog = {
      ...simpleLog(1, n),
      time: Float64Array.from(instants),
      endTime: Float64Array.from(instants.map((t, i) => (i % 2 ? NaN : t))),
      eventAttributes: new Map([['At', { kind: 'time', values: Float64Array.from(instants).reverse() }]]),
      lastDataUpdate: Date.UTC(9999, 11, 31),
    };
    const info = await store.saveLog({ name: 'extremes', source: 'extremes', log });
    expect(info.lastDataUpdate).toBe('9999-12-31T00:00:00.000Z');
    expectSameLog(await store.loadLog(info.id), log);
  });

  it('stores readable, typed tables that SQL can query directly', async () => {
    const { store } = await openStore();
    const info = await store.saveLog({ name: 'rich', source: 'rich', log: richLog() });
    const tables = (await store.getLogTables(info.id))!;
    expect(tables.events).toMatch(/^log_\d+_events$/);
    const types = await store.transaction((tx) =>
      tx.query('SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1 ORDER BY ordinal_position', [tables.events]),
    );
    const typeOf = new Map(types.map((r) => [String(r.column_name), String(r.data_type)]));
    expect(typeOf.get('case_id')).toBe('VARCHAR');
    expect(typeOf.get('activity')).toBe('VARCHAR');
    expect(typeOf.get('time')).toBe('TIMESTAMP');
    expect(typeOf.get('end_time')).toBe('TIMESTAMP');
    expect(typeOf.get('PromiseAmount')).toBe('DOUBLE');
    expect(typeOf.get('PromiseDate')).toBe('TIMESTAMP');
    expect(typeOf.get('Automatic')).toBe('BOOLEAN');
    expect(typeOf.get('Note "quoted"; DROP TABLE logs; --')).toBe('VARCHAR');

    const rows = await store.transaction((tx) =>
      tx.query(
        `SELECT case_id, seq, activity, epoch_ms("time") AS t, derived_rule, "Note ""quoted""; DROP TABLE logs; --" AS note
         FROM ${tables.events} WHERE case_id = $1 ORDER BY seq`,
        ['INV-1'],
      ),
    );
    expect(rows.map((r) => [r.case_id, r.seq, r.activity, Number(r.t), r.derived_rule, r.note])).toEqual([
      ['INV-1', 0, 'Invoice Created', T0, null, "it's \"fine\""],
      ['INV-1', 1, 'Invoice Posted', T0 + DAY, null, 'ünïcödé 🧾'],
      ['INV-1', 2, 'Payment Due Date Passed', T0 + 31 * DAY, 'DueDate + 1 day, not settled by then', ''],
    ]);
    const cases = await store.transaction((tx) => tx.query(`SELECT case_id, "CustomerName", "Disputed" FROM ${tables.cases} ORDER BY case_index`));
    expect(cases.map((r) => [r.case_id, r.CustomerName, r.Disputed])).toEqual([
      ['INV-1', 'ACME Corp', false],
      ['Rechnung-Ü-2 "quoted"', 'Müller GmbH', true],
      ['INV-3', null, null],
      ['請求書-4', '株式会社', false],
    ]);
  });

  it('refuses an inconsistent log before writing anything', async () => {
    const { store } = await openStore();
    const good = await store.saveLog({ name: 'good', source: 'src', log: simpleLog(3, 2) });
    const bad = simpleLog(3, 2);
    (bad.activity as Uint32Array)[4] = 99;
    await expect(store.saveLog({ name: 'bad', source: 'src', log: bad })).rejects.toBeInstanceOf(LogStoreError);
    const badTime = simpleLog(3, 2);
    (badTime.time as Float64Array)[0] = Number.NaN;
    await expect(store.saveLog({ name: 'bad', source: 'src', log: badTime })).rejects.toThrow(/valid time/);
    expect(await store.getLog(good.id)).toEqual(good);
    expect(await store.listLogs()).toHaveLength(1);
  });
});

describe('Store: catalogue', () => {
  it('replaces a log with the same source, bumping the version and dropping the old tables', async () => {
    const { store } = await openStore();
    const first = await store.saveLog({ name: 'Contoso', source: 'd365:contoso', log: simpleLog(3, 2) });
    const firstTables = (await store.getLogTables(first.id))!;
    const second = await store.saveLog({ name: 'Contoso (June)', source: 'd365:contoso', log: simpleLog(4, 3, 'J') });
    expect(second.id).toBe(first.id);
    expect(second.version).toBe(2);
    expect(second.name).toBe('Contoso (June)');
    expect(second.cases).toBe(4);
    const list = await store.listLogs();
    expect(list).toHaveLength(1);
    expect(list[0]).toEqual(second);
    expectSameLog(await store.loadLog(first.id), simpleLog(4, 3, 'J'));
    const secondTables = (await store.getLogTables(first.id))!;
    expect(secondTables.events).not.toBe(firstTables.events);
    expect(await logTableNames(store)).toEqual([secondTables.cases, secondTables.events].sort());
  });

  it('derives a stable id per source and never reuses a version number, even after a delete', async () => {
    const { store } = await openStore();
    const a = await store.saveLog({ name: 'A', source: 'Dynamics 365 / Contoso Ltd.', log: simpleLog(1, 1) });
    expect(a.id).toMatch(/^dynamics-365-contoso-ltd-[0-9a-f]{12}$/);
    const unicode = await store.saveLog({ name: 'U', source: '日本語', log: simpleLog(1, 1) });
    expect(unicode.id).toMatch(/^[0-9a-f]{12}$/);
    expect(await store.deleteLog(a.id)).toBe(true);
    const again = await store.saveLog({ name: 'A', source: 'Dynamics 365 / Contoso Ltd.', log: simpleLog(1, 1) });
    expect(again.id).toBe(a.id);
    expect(again.version).toBe(2);
  });

  it('lists logs most recently imported first', async () => {
    const { store } = await openStore();
    const a = await store.saveLog({ name: 'A', source: 'a', log: simpleLog(1, 1) });
    const b = await store.saveLog({ name: 'B', source: 'b', log: simpleLog(1, 1) });
    const c = await store.saveLog({ name: 'C', source: 'c', log: simpleLog(1, 1) });
    expect((await store.listLogs()).map((l) => l.id)).toEqual([c.id, b.id, a.id]);
    await store.saveLog({ name: 'A2', source: 'a', log: simpleLog(2, 1) });
    expect((await store.listLogs()).map((l) => l.name)).toEqual(['A2', 'C', 'B']);
  });

  it('deletes a log and its tables', async () => {
    const { store } = await openStore();
    const keep = await store.saveLog({ name: 'keep', source: 'keep', log: simpleLog(2, 2) });
    const gone = await store.saveLog({ name: 'gone', source: 'gone', log: richLog() });
    const goneTables = (await store.getLogTables(gone.id))!;
    expect(await store.deleteLog(gone.id)).toBe(true);
    expect(await store.deleteLog(gone.id)).toBe(false);
    expect(await store.getLog(gone.id)).toBeUndefined();
    expect(await store.getLogTables(gone.id)).toBeUndefined();
    await expect(store.loadLog(gone.id)).rejects.toBeInstanceOf(StoreError);
    expect((await store.listLogs()).map((l) => l.id)).toEqual([keep.id]);
    const names = await logTableNames(store);
    expect(names).not.toContain(goneTables.events);
    expect(names).toHaveLength(2);
    const leftovers = await store.transaction((tx) =>
      tx.query('SELECT count(*) AS n FROM log_columns WHERE table_no NOT IN (SELECT table_no FROM logs)'),
    );
    expect(Number(leftovers[0].n)).toBe(0);
    expectSameLog(await store.loadLog(keep.id), simpleLog(2, 2));
  });
});

describe('Store: atomicity', () => {
  it.each<SaveStage>(['staged', 'tables-written', 'catalogued'])(
    'a save failing at stage "%s" leaves the previous version intact and no stray tables',
    async (failAt) => {
      let armed = false;
      const { store } = await openStore({
        onSaveStage: (stage) => {
          if (armed && stage === failAt) throw new Error(`injected failure at ${stage}`);
        },
      });
      const v1 = richLog();
      const first = await store.saveLog({ name: 'v1', source: 'src', log: v1 });
      const other = await store.saveLog({ name: 'other', source: 'other', log: simpleLog(2, 2) });
      const tablesBefore = await logTableNames(store);
      const listBefore = await store.listLogs();

      armed = true;
      await expect(store.saveLog({ name: 'v2', source: 'src', log: simpleLog(50, 3) })).rejects.toThrow(/injected failure/);
      await expect(store.saveLog({ name: 'new', source: 'new source', log: simpleLog(5, 1) })).rejects.toThrow(/injected failure/);

      expect(await store.listLogs()).toEqual(listBefore);
      expect(await store.getLog(first.id)).toEqual(first);
      expectSameLog(await store.loadLog(first.id), v1);
      expect(await logTableNames(store)).toEqual(tablesBefore);
      const orphans = await store.transaction((tx) =>
        tx.query(`SELECT (SELECT count(*) FROM log_columns WHERE table_no NOT IN (SELECT table_no FROM logs))
                       + (SELECT count(*) FROM log_activities WHERE table_no NOT IN (SELECT table_no FROM logs))
                       + (SELECT count(*) FROM log_derivation_rules WHERE table_no NOT IN (SELECT table_no FROM logs)) AS n`),
      );
      expect(Number(orphans[0].n)).toBe(0);

      // The store is still usable, and the failed attempt did not consume a version number.
      armed = false;
      const second = await store.saveLog({ name: 'v2', source: 'src', log: simpleLog(50, 3) });
      expect(second.version).toBe(2);
      expectSameLog(await store.loadLog(other.id), simpleLog(2, 2));
    },
  );

  it('rolls back a failed transaction() and commits a successful one', async () => {
    const { store } = await openStore();
    await expect(
      store.transaction(async (tx) => {
        await tx.run('CREATE TABLE scratch_notes (id INTEGER, body VARCHAR)');
        await tx.run('INSERT INTO scratch_notes VALUES ($1, $2)', [1, "x'); DROP TABLE logs; --"]);
        throw new Error('changed my mind');
      }),
    ).rejects.toThrow('changed my mind');
    const absent = await store.transaction((tx) => tx.query("SELECT count(*) AS n FROM duckdb_tables() WHERE table_name = 'scratch_notes'"));
    expect(Number(absent[0].n)).toBe(0);

    const when = new Date(Date.UTC(2024, 0, 2, 3, 4, 5, 678));
    const result = await store.transaction(async (tx) => {
      await tx.run('CREATE TABLE scratch_notes (id INTEGER, body VARCHAR, created_at TIMESTAMP)');
      await tx.run('INSERT INTO scratch_notes VALUES ($1, $2, $3)', [1, "x'); DROP TABLE logs; --", when]);
      return tx.query('SELECT id, body, created_at FROM scratch_notes');
    });
    expect(result).toEqual([{ id: 1, body: "x'); DROP TABLE logs; --", created_at: when }]);
    expect(await store.listLogs()).toEqual([]);
  });
});

describe('Store: concurrency', () => {
  it('serialises concurrent writes and lets reads see only committed versions', async () => {
    const { store } = await openStore();
    const small = simpleLog(3, 2, 'S');
    const big = simpleLog(3000, 5, 'B');
    const first = await store.saveLog({ name: 'x', source: 'x', log: small });

    const saves = [1, 2, 3, 4].map((i) => store.saveLog({ name: `x${i}`, source: 'x', log: i % 2 ? big : small }));
    const others = [1, 2, 3].map((i) => store.saveLog({ name: `y${i}`, source: `y${i}`, log: simpleLog(i, 2, `Y${i}`) }));
    const reads = [0, 1, 2, 3, 4, 5].map(() => store.loadLog(first.id));
    const [saved, , loaded] = await Promise.all([Promise.all(saves), Promise.all(others), Promise.all(reads)]);

    expect(saved.map((s) => s.version)).toEqual([2, 3, 4, 5]);
    for (const log of loaded) {
      // Either whole version, never a mixture.
      expect([small.caseIds.length, big.caseIds.length]).toContain(log.caseIds.length);
      expectSameLog(log, log.caseIds.length === small.caseIds.length ? small : big);
    }
    expect((await store.getLog(first.id))!.version).toBe(5);
    expect(await store.listLogs()).toHaveLength(4);
  });
});

describe('Store: organisation', () => {
  it('is empty at first, round-trips, and is replaced as a whole', async () => {
    const { store } = await openStore();
    expect(await store.getOrganisation()).toEqual({ teams: [], collectors: [] });
    const org = {
      teams: [
        { name: 'Collections Team A', manager: 'Jane Doe', members: ['John Smith', 'Zoë Ångström'] },
        { name: 'Team "B"; --', manager: '山田', members: [] },
      ],
      collectors: [
        { name: 'John Smith', timeZone: 'America/New_York', email: 'john@contoso.com' },
        { name: 'Zoë Ångström', timeZone: 'Europe/Stockholm' },
      ],
    };
    await store.saveOrganisation(org);
    expect(await store.getOrganisation()).toEqual(org);
    const next = { teams: [{ name: 'Only', manager: 'M', members: ['a'] }], collectors: [] };
    await store.saveOrganisation(next);
    expect(await store.getOrganisation()).toEqual(next);
    await expect(store.saveOrganisation({ teams: [{ name: 'x' }], collectors: [] } as never)).rejects.toThrow(/team 0/);
    expect(await store.getOrganisation()).toEqual(next);
  });
});

describe('Store: persistence', () => {
  it('reopens from disk with logs, versions and organisation intact', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const store = await Store.open(dir.path);
    const rich = await store.saveLog({ name: 'rich', source: 'rich', log: richLog() });
    await store.saveLog({ name: 'rich', source: 'rich', log: richLog() });
    const plain = await store.saveLog({ name: 'plain', source: 'plain', log: simpleLog(4, 4) });
    const org = { teams: [{ name: 'T', manager: 'M', members: ['a', 'b'] }], collectors: [{ name: 'a', timeZone: 'UTC' }] };
    await store.saveOrganisation(org);
    const listed = await store.listLogs();
    await store.close();
    await expect(store.listLogs()).rejects.toBeInstanceOf(StoreError);
    expect(existsSync(join(dir.path, DATABASE_FILE))).toBe(true);

    const reopened = await Store.open(dir.path);
    cleanups.push(() => reopened.close());
    expect(await reopened.listLogs()).toEqual(listed);
    expect((await reopened.getLog(rich.id))!.version).toBe(2);
    expectSameLog(await reopened.loadLog(rich.id), richLog());
    expectSameLog(await reopened.loadLog(plain.id), simpleLog(4, 4));
    expect(await reopened.getOrganisation()).toEqual(org);
    const schema = await reopened.transaction((tx) => tx.query('SELECT max(version) AS v, count(*) AS n FROM schema_version'));
    // One row per migration, each applied once.
    expect(schema).toEqual([{ v: SCHEMA_VERSION, n: BigInt(SCHEMA_VERSION) }]);
  });

  it('creates the data folder and refuses to open the same file twice in a process', async () => {
    const dir = tempDir();
    cleanups.push(dir.remove);
    const nested = join(dir.path, 'a', 'b');
    const store = await Store.open(nested);
    cleanups.push(() => store.close());
    expect(existsSync(join(nested, DATABASE_FILE))).toBe(true);
    await expect(Store.open(nested)).rejects.toBeInstanceOf(StoreError);
  });
});
