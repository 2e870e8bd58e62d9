import type { EventLog } from '../log/event-log.ts';

/**
 * The cases a view looks at: one byte per case index, 1 = selected. Filters produce selections
 * over the log instead of copying it; every analysis takes one (undefined = all cases).
 */
export type CaseSelection = Uint8Array;

export function selectAll(log: EventLog): CaseSelection {
  return new Uint8Array(log.caseIds.length).fill(1);
}

export function selectedCount(selection: CaseSelection): number {
  let n = 0;
  for (let i = 0; i < selection.length; i++) n += selection[i];
  return n;
}
