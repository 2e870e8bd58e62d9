import { compactColumn, denseValues, gatherColumn, NumberReader, type AttributeColumn, type DenseColumn, type StringColumn } from './columns.ts';
import type { EventLog } from './event-log.ts';

export const LIFECYCLE_ATTRIBUTE = 'lifecycle:transition';

export interface LifecycleMergeResult {
  readonly log: EventLog;
  /** start/complete pairs merged into one event with a duration. */
  readonly merged: number;
  /** events with other transitions (schedule, assign, suspend, ...) left out of the merged view. */
  readonly dropped: number;
}

/**
 * Merges XES start/complete pairs into one event that starts at the start and ends at the
 * complete, so an activity has a duration and waiting time is measured from its completion
 * (Disco's semantics). A complete is paired with the earliest open start of the same activity
 * in the case. Unpaired starts and completes stay as instant events; other transitions are
 * lifecycle states of an activity, not activities, and are left out. A log without lifecycle
 * information is returned as is.
 */
export function mergeLifecycle(log: EventLog): LifecycleMergeResult {
  const column = log.eventAttributes.get(LIFECYCLE_ATTRIBUTE);
  if (!column || column.kind !== 'string') return { log, merged: 0, dropped: 0 };
  const role = transitionRoles(column);

  const n = log.activity.length;
  const partner = new Int32Array(n).fill(-1); // start -> its complete
  const keep = new Uint8Array(n);
  let merged = 0;
  let dropped = 0;
  const open = new Map<number, number[]>();
  for (let c = 0; c < log.caseIds.length; c++) {
    open.clear();
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
      const r = role[column.codes[e]];
      const a = log.activity[e];
      if (r === Role.Start) {
        keep[e] = 1;
        let starts = open.get(a);
        if (!starts) open.set(a, (starts = []));
        starts.push(e);
      } else if (r === Role.Complete) {
        const start = open.get(a)?.shift();
        if (start === undefined) keep[e] = 1;
        else {
          partner[start] = e;
          merged++;
        }
      } else if (r === Role.None) {
        keep[e] = 1;
      } else {
        dropped++;
      }
    }
  }
  if (merged === 0 && dropped === 0) return { log, merged, dropped };

  const kept = n - merged - dropped;
  const caseOffsets = new Uint32Array(log.caseIds.length + 1);
  const source = new Int32Array(kept);
  const fallback = new Int32Array(kept);
  const activity = new Uint32Array(kept);
  const time = new Float64Array(kept);
  const endTime = new Float64Array(kept);
  const derived = new Uint8Array(kept);
  let i = 0;
  for (let c = 0; c < log.caseIds.length; c++) {
    for (let e = log.caseOffsets[c]; e < log.caseOffsets[c + 1]; e++) {
      if (!keep[e]) continue;
      const complete = partner[e];
      // The complete event usually carries the resource and outcome; the start fills gaps.
      source[i] = complete >= 0 ? complete : e;
      fallback[i] = complete >= 0 ? e : -1;
      activity[i] = log.activity[e];
      time[i] = log.time[e];
      endTime[i] = complete >= 0 ? log.time[complete] : (log.endTime?.[e] ?? Number.NaN);
      derived[i] = log.derived[e];
      i++;
    }
    caseOffsets[c + 1] = i;
  }
  const eventAttributes = new Map<string, AttributeColumn>();
  for (const [name, col] of log.eventAttributes) {
    if (name !== LIFECYCLE_ATTRIBUTE) eventAttributes.set(name, withFallback(col, source, fallback));
  }
  const rebuilt: EventLog = { ...log, caseOffsets, activity, time, endTime, derived, eventAttributes };
  return { log: rebuilt, merged, dropped };
}

const enum Role {
  None,
  Start,
  Complete,
  Other,
}

function transitionRoles(column: StringColumn): Role[] {
  return column.dict.map((value, code) => {
    if (code === 0) return Role.None;
    const v = value.trim().toLowerCase();
    if (v === 'start') return Role.Start;
    if (v === 'complete') return Role.Complete;
    return v === '' ? Role.None : Role.Other;
  });
}

function withFallback(column: AttributeColumn, primary: Int32Array, fallback: Int32Array): AttributeColumn {
  const out = gatherColumn(column, primary);
  const backup = gatherColumn(column, fallback);
  if (out.kind === 'string' && backup.kind === 'string') {
    const codes = out.codes; // same dictionary as backup's, so the same width
    for (let i = 0; i < codes.length; i++) if (codes[i] === 0) codes[i] = backup.codes[i];
  } else if (out.kind === 'boolean' && backup.kind === 'boolean') {
    const values = out.values as Uint8Array;
    for (let i = 0; i < values.length; i++) if (values[i] === 0) values[i] = backup.values[i];
  } else if (out.kind !== 'string' && out.kind !== 'boolean' && backup.kind !== 'string' && backup.kind !== 'boolean') {
    const values = out.sparse ? denseValues(out) : out.values;
    const fill = new NumberReader(backup);
    for (let i = 0; i < values.length; i++) if (Number.isNaN(values[i])) values[i] = fill.get(i);
    return compactColumn({ kind: out.kind, values } as DenseColumn);
  }
  return out;
}
