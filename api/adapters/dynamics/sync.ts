import { randomUUID } from 'node:crypto';
import type { LogInfo, Store } from '../store/index.ts';
import { resolveCollections } from './collections.ts';
import { getField } from './fields.ts';
import { saveLogFromStaging } from './events-from-staging.ts';
import type { DynamicsMapping, EntitySpec } from './mapping-schema.ts';
import type { ODataClient } from './odata-client.ts';
import { completeFullRead, readWatermark, recordRunEnd, recordRunStart, rowKey, stagePage } from './staging.ts';
import { changedSince, pageWatermark } from './watermark.ts';

/**
 * One sync of an environment: for every mapped entity, read what changed since its watermark
 * (or everything, for entities without one), stage it page by page with the watermark in the
 * same transaction, then rebuild the log from all staged rows and save it with LastDataUpdate =
 * the sync's start. A run that fails leaves the committed pages and watermarks in place and no
 * new log; the next run resumes from there.
 */

export interface SyncProgress {
  readonly phase: 'metadata' | 'entity' | 'page' | 'build' | 'saved';
  readonly entity?: string;
  /** Rows read so far for the entity. */
  readonly fetched?: number;
  /** Rows the entity's query matches, when the service says. */
  readonly total?: number;
  readonly pages?: number;
}

export interface EntitySyncResult {
  readonly entity: string;
  readonly collection?: string;
  readonly skipped?: string;
  readonly mode: 'incremental' | 'full';
  /** The $filter used, if any. */
  readonly filter?: string;
  readonly fetched: number;
  readonly pages: number;
  /** Dry run: rows the query would read. */
  readonly wouldFetch?: number;
  /** Staged rows dropped because a full read no longer saw them. */
  readonly removed?: number;
}

export interface SyncResult {
  readonly runId: string;
  readonly dryRun: boolean;
  readonly startedAt: number;
  readonly entities: readonly EntitySyncResult[];
  readonly notes: readonly string[];
  readonly log?: LogInfo;
  readonly cases?: number;
}

export interface SyncOptions {
  readonly store: Store;
  readonly client: ODataClient;
  readonly mapping: DynamicsMapping;
  /** Staging and log source, e.g. dynamics:contoso.operations.dynamics.com. */
  readonly source: string;
  readonly name: string;
  /** Count what would be read per entity; write nothing. */
  readonly dryRun?: boolean;
  /** Ignore watermarks: read every entity in full and drop staged rows no longer there. */
  readonly full?: boolean;
  readonly now?: () => number;
  readonly onProgress?: (progress: SyncProgress) => void;
}

function selectFor(entity: EntitySpec): string[] | undefined {
  const odata = entity.odata!;
  if (!odata.select) return undefined;
  const fields = new Set([...odata.select, ...entity.key]);
  if (entity.company) fields.add(entity.company);
  if (odata.incremental) fields.add(odata.incremental.field);
  return [...fields];
}

function combine(...filters: (string | undefined)[]): string | undefined {
  const parts = filters.filter((f): f is string => Boolean(f));
  if (parts.length === 0) return undefined;
  return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' and ');
}

export async function syncDynamics(options: SyncOptions): Promise<SyncResult> {
  const { store, client, mapping, source, dryRun = false, full = false } = options;
  const now = options.now ?? Date.now;
  const startedAt = now();
  const runId = randomUUID();
  const progress = options.onProgress ?? (() => undefined);
  if (!dryRun) await recordRunStart(store, { runId, source, dryRun, startedAt });
  const entities: EntitySyncResult[] = [];
  const notes: string[] = [];
  try {
    progress({ phase: 'metadata' });
    const resolved = await resolveCollections(client, mapping);
    notes.push(...resolved.notes);
    for (const entity of mapping.entities) {
      if (!entity.odata) continue;
      const choice = resolved.choices.get(entity.name)!;
      if ('skip' in choice) {
        if (mapping.cases.some((c) => c.entity === entity.name)) throw new Error(`cannot sync without the invoices: ${choice.skip}`);
        entities.push({ entity: entity.name, skipped: choice.skip, mode: 'full', fetched: 0, pages: 0 });
        continue;
      }
      entities.push(await syncEntity(options, entity, choice.collection, runId, full, progress));
    }
    if (dryRun) return { runId, dryRun, startedAt, entities, notes };
    progress({ phase: 'build' });
    const saved = await saveLogFromStaging({ store, mapping, source, name: options.name, kind: 'odata', lastDataUpdate: startedAt });
    notes.push(...saved.notes);
    progress({ phase: 'saved' });
    const result: SyncResult = { runId, dryRun, startedAt, entities, notes, log: saved.info, cases: saved.cases };
    await recordRunEnd(store, runId, 'succeeded', { entities, notes, logId: saved.info.id, version: saved.info.version });
    return result;
  } catch (error) {
    if (!dryRun) await recordRunEnd(store, runId, 'failed', { entities, notes, error: (error as Error).message }).catch(() => undefined);
    throw error;
  }
}

async function syncEntity(
  options: SyncOptions,
  entity: EntitySpec,
  collection: string,
  runId: string,
  full: boolean,
  progress: (p: SyncProgress) => void,
): Promise<EntitySyncResult> {
  const { store, client, source } = options;
  const odata = entity.odata!;
  const incremental = odata.incremental;
  const field = incremental?.field;
  const watermark = incremental && !full ? await readWatermark(store, source, entity.name, incremental.field) : undefined;
  const filter = combine(odata.filter, watermark && incremental ? changedSince(incremental.field, watermark, incremental.lookbackDays) : undefined);
  const mode = incremental && !full ? 'incremental' : 'full';
  progress({ phase: 'entity', entity: entity.name, fetched: 0 });
  if (options.dryRun) {
    const wouldFetch = await client.count(collection, filter);
    return { entity: entity.name, collection, mode, filter, fetched: 0, pages: 0, wouldFetch };
  }
  // A total order: resuming by watermark needs the field ascending, $skip paging needs stability.
  const orderby = [...(field ? [field] : []), ...entity.key.filter((k) => k !== field)];
  let fetched = 0;
  let pages = 0;
  let total: number | undefined;
  let current = watermark;
  for await (const page of client.pages(collection, { select: selectFor(entity), filter, orderby, count: true })) {
    pages++;
    fetched += page.rows.length;
    total = page.count ?? total;
    const next = field ? pageWatermark(page.rows.map((r) => getField(r, field)), page.nextLink !== undefined, current) : undefined;
    await stagePage(store, {
      source,
      entity: entity.name,
      runId,
      rows: page.rows.map((data) => ({ key: rowKey(data, entity.key), data })),
      watermark: field && next !== undefined && next !== current ? { field, value: next } : undefined,
    });
    current = next;
    progress({ phase: 'page', entity: entity.name, fetched, total, pages });
  }
  const removed = mode === 'full' ? await completeFullRead(store, source, entity.name, runId) : undefined;
  return { entity: entity.name, collection, mode, filter, fetched, pages, removed };
}
