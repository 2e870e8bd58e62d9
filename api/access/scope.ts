import { applyFilters, Column, parseFilterSpec, type EventLog, type FilterSpec } from '../engine/index.ts';
import type { Directory, Identity } from './directory.ts';

/**
 * The invoices (cases) of a log an identity may see, as a case bitmap; null = every invoice.
 * - collector: the invoices whose CollectorName is them;
 * - manager: the invoices of their teams (by collector: CollectorName is a member; by rule:
 *   the team's FilterSpec matches);
 * - executive: all.
 */
export function scopeOf(log: EventLog, identity: Identity, directory: Directory): Uint8Array | null {
  if (identity.role === 'executive') return null;
  if (identity.role === 'collector') return byCollectors(log, identity.person === null ? [] : [identity.person]);
  const scope = new Uint8Array(log.caseIds.length);
  for (const name of identity.teams) {
    const team = directory.team(name);
    if (!team) continue;
    const cases = team.assignment.by === 'rule' ? byRule(log, team.assignment.rule) : byCollectors(log, team.members);
    for (let c = 0; c < scope.length; c++) scope[c] |= cases[c];
  }
  return scope;
}

function byCollectors(log: EventLog, names: readonly string[]): Uint8Array {
  if (names.length === 0) return new Uint8Array(log.caseIds.length);
  return applyFilters(log, { filters: [{ kind: 'attribute', attribute: Column.CollectorName, values: [...names] }] }).cases;
}

function byRule(log: EventLog, rule: unknown): Uint8Array {
  let spec: FilterSpec;
  try {
    spec = parseFilterSpec(rule);
  } catch {
    // A rule the engine no longer accepts grants nothing rather than everything.
    return new Uint8Array(log.caseIds.length);
  }
  // Ownership is about the invoice, whatever the view hides.
  return applyFilters(log, { ...spec, hideDerived: false }).cases;
}
