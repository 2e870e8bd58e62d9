import type { EventLog } from '../log/event-log.ts';
import { caseStrings } from '../kpis/groupings.ts';
import type { CaseCondition } from './policy-schema.ts';

/**
 * Per case: 1 when the case's attributes satisfy `when` (every attribute has one of the listed
 * values; values compare without case or surrounding spaces). An attribute the log lacks matches
 * no case, and is reported through `warn`.
 */
export function matchCases(log: EventLog, when: CaseCondition, warn: (message: string) => void): Uint8Array {
  const mask = new Uint8Array(log.caseIds.length).fill(1);
  for (const [attribute, expected] of Object.entries(when)) {
    const values = caseStrings(log, attribute);
    if (!values) {
      warn(`The log has no attribute '${attribute}'; conditions on it match no invoice`);
      mask.fill(0);
      return mask;
    }
    const wanted = new Set((Array.isArray(expected) ? expected : [expected]).map(normalise));
    const codeMatches = Uint8Array.from(values.dict, (v, i) => (i > 0 && wanted.has(normalise(v)) ? 1 : 0));
    const codes = values.codes;
    for (let c = 0; c < mask.length; c++) mask[c] &= codeMatches[codes[c]];
  }
  return mask;
}

const cache = new WeakMap<EventLog, Map<string, { mask: Uint8Array; warnings: string[] }>>();

/**
 * matchCases with one mask per distinct condition and log (the default policy asks about
 * Government three times, and every check of a log asks again). Warnings are repeated on each use.
 */
export function cachedMatcher(log: EventLog, warn: (message: string) => void): (when: CaseCondition) => Uint8Array {
  let perLog = cache.get(log);
  if (!perLog) {
    perLog = new Map();
    cache.set(log, perLog);
  }
  const masks = perLog;
  return (when) => {
    const key = JSON.stringify(when);
    let entry = masks.get(key);
    if (!entry) {
      const warnings: string[] = [];
      entry = { mask: matchCases(log, when, (m) => warnings.push(m)), warnings };
      masks.set(key, entry);
    }
    entry.warnings.forEach(warn);
    return entry.mask;
  };
}

function normalise(value: string): string {
  return value.trim().toLowerCase();
}
