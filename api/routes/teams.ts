import { deleteTeam, saveTeam, type StoredTeam } from '../adapters/store/index.ts';
import { ops } from '../contracts/operations.ts';
import type { FilterSpec } from '../contracts/filter-spec.ts';
import type { Team } from '../contracts/teams.ts';
import { parseFilterSpec } from '../engine/index.ts';
import { bind, empty, json, type Binding } from '../server/operation.ts';
import { HttpProblem } from '../server/problem.ts';

const present = (team: StoredTeam): Team => ({
  name: team.name,
  manager: team.manager,
  members: [...team.members],
  // Rules were checked against the schema when saved.
  assignment: team.assignment.by === 'rule' ? { by: 'rule', rule: team.assignment.rule as FilterSpec } : { by: 'collector' },
});

export const teamRoutes: Binding[] = [
  bind(ops.listTeams, async ({ identity, services }) => {
    const all = services.access.directory.teams;
    const mine = identity.role === 'executive' ? all : all.filter((team) => identity.teams.includes(team.name));
    return json({ teams: mine.map(present) });
  }),

  bind(ops.putTeam, async ({ params, body, services }) => {
    // The engine's check too: a rule it cannot run must not be stored as one that grants nothing.
    if (body.assignment.by === 'rule') parseFilterSpec(body.assignment.rule);
    const team: StoredTeam = { name: params.name, manager: body.manager, members: body.members, assignment: body.assignment };
    const created = await saveTeam(services.store, team);
    await services.access.reloadDirectory();
    return json(present(services.access.directory.team(params.name) ?? team), created ? 201 : 200);
  }),

  bind(ops.deleteTeam, async ({ params, services }) => {
    const removed = await deleteTeam(services.store, params.name);
    await services.access.reloadDirectory();
    if (!removed) throw new HttpProblem(404, 'team-not-found', 'Team not found', `There is no team "${params.name}".`);
    return empty();
  }),
];
