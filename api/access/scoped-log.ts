import { gatherColumn, type AttributeColumn, type EventLog } from '../engine/index.ts';

/**
 * The log restricted to the cases of a scope: only those invoices and their events, in the same
 * order, with the same dictionaries. Analyses over it cost what the scope is worth (a collector's
 * twelfth of the log) instead of a pass over every invoice, and it holds nothing the scope may
 * not see, which is what a worker thread is sent.
 */
export function scopedLog(log: EventLog, scope: Uint8Array): EventLog {
  let nCases = 0;
  let nEvents = 0;
  for (let c = 0; c < scope.length; c++) {
    if (scope[c] === 0) continue;
    nCases++;
    nEvents += log.caseOffsets[c + 1] - log.caseOffsets[c];
  }
  const cases = new Uint32Array(nCases);
  const events = new Uint32Array(nEvents);
  const caseOffsets = new Uint32Array(nCases + 1);
  for (let c = 0, i = 0, e = 0; c < scope.length; c++) {
    if (scope[c] === 0) continue;
    cases[i++] = c;
    for (let k = log.caseOffsets[c]; k < log.caseOffsets[c + 1]; k++) events[e++] = k;
    caseOffsets[i] = e;
  }
  const gather = <T extends Uint32Array | Float64Array | Uint8Array>(values: T, make: (n: number) => T): T => {
    const out = make(nEvents);
    for (let i = 0; i < nEvents; i++) out[i] = values[events[i]];
    return out;
  };
  const columns = (attributes: ReadonlyMap<string, AttributeColumn>, rows: Uint32Array) =>
    new Map([...attributes].map(([name, column]) => [name, gatherColumn(column, rows)] as const));
  return {
    caseIds: Array.from(cases, (c) => log.caseIds[c]),
    activities: log.activities,
    caseOffsets,
    activity: gather(log.activity, (n) => new Uint32Array(n)),
    time: gather(log.time, (n) => new Float64Array(n)),
    endTime: log.endTime ? gather(log.endTime, (n) => new Float64Array(n)) : null,
    derived: gather(log.derived, (n) => new Uint8Array(n)),
    derivationRules: log.derivationRules,
    eventAttributes: columns(log.eventAttributes, events),
    caseAttributes: columns(log.caseAttributes, cases),
    lastDataUpdate: log.lastDataUpdate,
  };
}
