import type { Filter, FilterSpec, Team } from '../api/types.ts';

/**
 * The team picker narrows the view to one team's invoices, as the team is defined: its
 * collectors' invoices, or the invoices its rule selects. The API already limits what the
 * caller may see; this only narrows further.
 */
export function teamFilters(team: Team | undefined): Filter[] {
  if (!team) return [];
  if (team.assignment.by === 'rule') return [...(team.assignment.rule.filters ?? [])];
  return [{ kind: 'attribute', attribute: 'CollectorName', values: [...team.members] }];
}

export function effectiveFilter(spec: FilterSpec, team: Team | undefined): FilterSpec {
  const filters = [...(spec.filters ?? []), ...teamFilters(team)];
  return { ...(filters.length > 0 ? { filters } : {}), ...(spec.hideDerived ? { hideDerived: true } : {}) };
}

/**
 * A team picker only helps those who see more than one team: managers of several, executives.
 * GET /api/teams already answers "yours" for a manager and every team for an executive.
 */
export function teamChoices(role: string | undefined, teams: readonly Team[]): string[] {
  if (role !== 'manager' && role !== 'executive') return [];
  const names = teams.map((t) => t.name);
  return names.length > 1 ? names : [];
}
