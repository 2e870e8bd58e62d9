import type { Store, StoreTransaction } from './duckdb-store.ts';

/**
 * Who owns which invoices and who is who: the credit teams (organisation tables plus their
 * assignment rules) and the mapping from signed-in users to people of the organisation.
 * Teams are edited one at a time by name; saveOrganisation still replaces them wholesale and
 * leaves the assignment rules (keyed by team name) in place.
 */

/** by collector: invoices whose CollectorName is a member; by rule: invoices matching `rule` (FilterSpec JSON). */
export type StoredAssignment = { readonly by: 'collector' } | { readonly by: 'rule'; readonly rule: unknown };

export interface StoredTeam {
  readonly name: string;
  readonly manager: string;
  readonly members: readonly string[];
  readonly assignment: StoredAssignment;
}

export interface StoredUserMapping {
  /** Entra object id, or lower-case UPN / e-mail. */
  readonly principal: string;
  /** A collector's or manager's name as the organisation and the invoices spell it. */
  readonly person: string;
  readonly role: string | null;
  readonly updatedBy: string | null;
  /** ISO-8601. */
  readonly updatedAt: string;
}

export interface StoredDirectory {
  readonly teams: readonly StoredTeam[];
  readonly collectors: readonly { readonly name: string; readonly email: string | null }[];
  readonly mappings: readonly StoredUserMapping[];
}

export async function readDirectory(store: Store): Promise<StoredDirectory> {
  // Three reads, each its own snapshot: an admin write between them at worst shows one change
  // late, and the directory is reloaded after every admin write anyway.
  const [teams, members, assignments, collectors, mappings] = await Promise.all([
    store.query('SELECT position, name, manager FROM org_teams ORDER BY position'),
    store.query('SELECT team_position, member FROM org_team_members ORDER BY team_position, position'),
    store.query('SELECT team, mode, rule FROM team_assignments'),
    store.query('SELECT name, email FROM org_collectors ORDER BY position'),
    store.query('SELECT principal, person, role, updated_by, epoch_ms(updated_at) AS updated_at FROM user_mappings ORDER BY principal'),
  ]);
  const membersOf = new Map<number, string[]>();
  for (const row of members) {
    const list = membersOf.get(Number(row.team_position)) ?? [];
    list.push(String(row.member));
    membersOf.set(Number(row.team_position), list);
  }
  const assignmentOf = new Map(assignments.map((row) => [String(row.team), toAssignment(row)]));
  return {
    teams: teams.map((row) => ({
      name: String(row.name),
      manager: String(row.manager),
      members: membersOf.get(Number(row.position)) ?? [],
      assignment: assignmentOf.get(String(row.name)) ?? { by: 'collector' },
    })),
    collectors: collectors.map((row) => ({ name: String(row.name), email: row.email === null ? null : String(row.email) })),
    mappings: mappings.map((row) => ({
      principal: String(row.principal),
      person: String(row.person),
      role: row.role === null ? null : String(row.role),
      updatedBy: row.updated_by === null ? null : String(row.updated_by),
      updatedAt: new Date(Number(row.updated_at)).toISOString(),
    })),
  };
}

function toAssignment(row: Record<string, unknown>): StoredAssignment {
  if (row.mode === 'rule' && typeof row.rule === 'string') return { by: 'rule', rule: JSON.parse(row.rule) as unknown };
  return { by: 'collector' };
}

/** Creates the team or replaces its manager, members and assignment; true when it was new. */
export function saveTeam(store: Store, team: StoredTeam): Promise<boolean> {
  return store.transaction(async (tx) => {
    const found = await tx.query('SELECT position FROM org_teams WHERE name = $1', [team.name]);
    let position: number;
    if (found.length > 0) {
      position = Number(found[0].position);
      await tx.run('UPDATE org_teams SET manager = $2 WHERE position = $1', [position, team.manager]);
      await tx.run('DELETE FROM org_team_members WHERE team_position = $1', [position]);
    } else {
      position = Number((await tx.query('SELECT coalesce(max(position) + 1, 0) AS p FROM org_teams'))[0].p);
      await tx.run('INSERT INTO org_teams VALUES ($1, $2, $3)', [position, team.name, team.manager]);
    }
    for (let m = 0; m < team.members.length; m++) await tx.run('INSERT INTO org_team_members VALUES ($1, $2, $3)', [position, m, team.members[m]]);
    await writeAssignment(tx, team.name, team.assignment);
    return found.length === 0;
  });
}

/** Sets only the assignment rule of existing or future teams (the sample bootstrap seeds them). */
export function saveAssignments(store: Store, assignments: readonly { team: string; assignment: StoredAssignment }[]): Promise<void> {
  return store.transaction(async (tx) => {
    for (const { team, assignment } of assignments) await writeAssignment(tx, team, assignment);
  });
}

async function writeAssignment(tx: StoreTransaction, team: string, assignment: StoredAssignment): Promise<void> {
  await tx.run('DELETE FROM team_assignments WHERE team = $1', [team]);
  if (assignment.by === 'rule') await tx.run("INSERT INTO team_assignments VALUES ($1, 'rule', $2)", [team, JSON.stringify(assignment.rule)]);
}

/** False when there was no such team. */
export function deleteTeam(store: Store, name: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    const found = await tx.query('SELECT position FROM org_teams WHERE name = $1', [name]);
    await tx.run('DELETE FROM team_assignments WHERE team = $1', [name]);
    if (found.length === 0) return false;
    for (const row of found) {
      await tx.run('DELETE FROM org_team_members WHERE team_position = $1', [Number(row.position)]);
      await tx.run('DELETE FROM org_teams WHERE position = $1', [Number(row.position)]);
    }
    return true;
  });
}

/** Creates or replaces the mapping of one principal; true when it was new. */
export function saveUserMapping(store: Store, mapping: { principal: string; person: string; role: string | null; updatedBy: string | null }): Promise<boolean> {
  return store.transaction(async (tx) => {
    const found = await tx.query('SELECT principal FROM user_mappings WHERE principal = $1', [mapping.principal]);
    await tx.run('DELETE FROM user_mappings WHERE principal = $1', [mapping.principal]);
    await tx.run('INSERT INTO user_mappings VALUES ($1, $2, $3, $4, make_timestamp($5::BIGINT))', [
      mapping.principal,
      mapping.person,
      mapping.role,
      mapping.updatedBy,
      Date.now() * 1000,
    ]);
    return found.length === 0;
  });
}

export function deleteUserMapping(store: Store, principal: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    const found = await tx.query('SELECT principal FROM user_mappings WHERE principal = $1', [principal]);
    await tx.run('DELETE FROM user_mappings WHERE principal = $1', [principal]);
    return found.length > 0;
  });
}
