import { prepareLog, type EventLog } from '../../engine/index.ts';
import { logFromRecords } from '../import/records.ts';
import type { LogInfo, Store } from '../store/index.ts';
import { caseEventsFromStaging } from './case-events.ts';
import type { DynamicsMapping, SourceKind } from './mapping-schema.ts';
import { readStaged, type StagedData } from './staging.ts';

export interface BuiltLog {
  /** Prepared: lifecycle merged, derived events added, as every analysis reads it. */
  readonly log: EventLog;
  readonly cases: number;
  readonly notes: readonly string[];
}

/**
 * The event log of staged rows. `lastDataUpdate` is the sync's own time: the instant the data
 * was current, whatever the latest event in it.
 */
export function logFromStaged(mapping: DynamicsMapping, staged: ReadonlyMap<string, StagedData[]>, kind: SourceKind, lastDataUpdate: number): BuiltLog {
  const built = caseEventsFromStaging(mapping, staged, kind);
  const raw: EventLog = { ...logFromRecords(built.records), lastDataUpdate };
  const prepared = prepareLog(raw, { consume: true });
  return { log: prepared.log, cases: built.cases, notes: [...built.notes, ...prepared.notes] };
}

export interface SaveStagedOptions {
  readonly store: Store;
  readonly mapping: DynamicsMapping;
  /** Staging source and log source: `dynamics:<host>` or `dynamics-tables:<folder>`. */
  readonly source: string;
  readonly name: string;
  readonly kind: SourceKind;
  readonly lastDataUpdate: number;
}

/** Builds the log from everything staged for a source and saves it, replacing that source's log. */
export async function saveLogFromStaging(options: SaveStagedOptions): Promise<BuiltLog & { readonly info: LogInfo }> {
  const staged = await readStaged(options.store, options.source);
  const built = logFromStaged(options.mapping, staged, options.kind, options.lastDataUpdate);
  const info = await options.store.saveLog({ name: options.name, source: options.source, log: built.log });
  return { ...built, info };
}
