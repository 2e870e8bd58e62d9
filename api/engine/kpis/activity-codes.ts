import type { EventLog } from '../log/event-log.ts';

/** Per activity code: 1 when the activity's name is one of `names`. Hot loops test `mask[activity[e]]`. */
export function activityMask(log: EventLog, names: readonly string[]): Uint8Array {
  const mask = new Uint8Array(log.activities.length);
  const wanted = new Set(names);
  log.activities.forEach((name, code) => {
    if (wanted.has(name)) mask[code] = 1;
  });
  return mask;
}

/** Activity codes from 31 up share the last bit: a case "may have" any of them. */
export const SHARED_PRESENCE_BIT = 31;

function bitOf(code: number): number {
  return (1 << Math.min(code, SHARED_PRESENCE_BIT)) >>> 0;
}

const presenceCache = new WeakMap<EventLog, Uint32Array>();

/**
 * Per case: a bit set of the activity codes it contains, so a rule can skip, without scanning,
 * the many invoices that never had the event that triggers it. Computed once per log.
 */
export function casePresence(log: EventLog): Uint32Array {
  let presence = presenceCache.get(log);
  if (!presence) {
    const nCases = log.caseIds.length;
    presence = new Uint32Array(nCases);
    const { caseOffsets: off, activity } = log;
    for (let c = 0; c < nCases; c++) {
      let bits = 0;
      for (let e = off[c]; e < off[c + 1]; e++) bits |= 1 << Math.min(activity[e], SHARED_PRESENCE_BIT);
      presence[c] = bits >>> 0;
    }
    presenceCache.set(log, presence);
  }
  return presence;
}

/** The presence bits of activity codes (negative codes, absent from the log, add none). */
export function presenceBits(codes: readonly number[]): number {
  let bits = 0;
  for (const code of codes) if (code >= 0) bits |= bitOf(code);
  return bits >>> 0;
}
