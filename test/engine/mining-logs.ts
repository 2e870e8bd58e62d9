import { LogBuilder } from '../../api/engine/log/builder.ts';
import type { AttributeValue } from '../../api/engine/log/columns.ts';
import type { Dfg } from '../../api/engine/discovery/dfg.ts';
import type { EventLog } from '../../api/engine/log/event-log.ts';

/** Hand-made logs for the mining tests: times are hours after a fixed instant, so figures stay readable. */
export const H = 3_600_000;
export const DAY = 24 * H;
export const T0 = Date.UTC(2024, 0, 1);

/** [activity, hour] or [activity, hour, end hour] for an activity with a duration. */
export type HandEvent = readonly [activity: string, hour: number, endHour?: number];

/**
 * A log of cases given in input order; events of a case may be listed out of time order
 * (the builder sorts them, equal times keeping input order).
 */
export function mine(
  cases: Readonly<Record<string, readonly HandEvent[]>>,
  caseAttributes: Readonly<Record<string, Readonly<Record<string, AttributeValue>>>> = {},
): EventLog {
  const b = new LogBuilder();
  for (const [id, events] of Object.entries(cases)) {
    for (const [activity, hour, endHour] of events) {
      b.addEvent(id, activity, T0 + hour * H, endHour === undefined ? Number.NaN : T0 + endHour * H);
    }
  }
  for (const [id, attrs] of Object.entries(caseAttributes)) {
    for (const [name, value] of Object.entries(attrs)) b.setCaseAttribute(id, name, value);
  }
  return b.build();
}

/** Short form: each case a space-separated activity sequence, one hour apart from hour 0. */
export function sequences(cases: Readonly<Record<string, string>>): EventLog {
  const spec: Record<string, HandEvent[]> = {};
  for (const [id, seq] of Object.entries(cases)) spec[id] = seq.split(' ').map((a, i) => [a, i] as const);
  return mine(spec);
}

/** The same log with the events of the named activities marked derived (rule 1 = `rule`). */
export function markDerived(log: EventLog, activities: readonly string[], rule = 'test rule'): EventLog {
  const derived = new Uint8Array(log.activity.length);
  for (let e = 0; e < derived.length; e++) if (activities.includes(log.activities[log.activity[e]])) derived[e] = 1;
  return { ...log, derived, derivationRules: [rule] };
}

/** A case bitmap from case ids. */
export function casesOf(log: EventLog, ids: readonly string[]): Uint8Array {
  const mask = new Uint8Array(log.caseIds.length);
  for (const id of ids) mask[log.caseIds.indexOf(id)] = 1;
  return mask;
}

/** Case ids selected by a bitmap, in log order. */
export function idsOf(log: EventLog, mask: Uint8Array): string[] {
  return log.caseIds.filter((_, c) => mask[c] === 1);
}

/** Every activity reachable from a start arc and reaching an end arc, over the map's edges. */
export function isConnected(dfg: Dfg): boolean {
  const reach = (seeds: string[], step: (name: string) => string[]) => {
    const seen = new Set(seeds);
    const stack = [...seeds];
    while (stack.length > 0) for (const next of step(stack.pop()!)) if (!seen.has(next)) seen.add(next), stack.push(next);
    return seen;
  };
  const forward = reach(dfg.starts.map((s) => s.name), (n) => dfg.edges.filter((e) => e.from === n).map((e) => e.to));
  const backward = reach(dfg.ends.map((s) => s.name), (n) => dfg.edges.filter((e) => e.to === n).map((e) => e.from));
  return dfg.activities.every((a) => forward.has(a.name) && backward.has(a.name));
}
