import type { DuckDBConnection } from '@duckdb/node-api';

/** Credit teams and collectors: who owns which invoices, and in which time zone they work. */
export interface OrganisationData {
  teams: { name: string; manager: string; members: string[] }[];
  collectors: { name: string; timeZone: string; email?: string }[];
}

export class OrganisationError extends Error {}

/** Refuses malformed input before the transaction starts, so a bad payload never half-replaces. */
export function validateOrganisation(org: OrganisationData): void {
  const isText = (v: unknown): v is string => typeof v === 'string';
  if (!org || !Array.isArray(org.teams) || !Array.isArray(org.collectors)) {
    throw new OrganisationError('organisation needs teams and collectors arrays');
  }
  org.teams.forEach((team, i) => {
    if (!team || !isText(team.name) || !isText(team.manager) || !Array.isArray(team.members) || !team.members.every(isText)) {
      throw new OrganisationError(`team ${i} needs a name, a manager and a list of member names`);
    }
  });
  org.collectors.forEach((collector, i) => {
    if (!collector || !isText(collector.name) || !isText(collector.timeZone)) {
      throw new OrganisationError(`collector ${i} needs a name and a time zone`);
    }
    if (collector.email !== undefined && collector.email !== null && !isText(collector.email)) {
      throw new OrganisationError(`collector ${i} has an e-mail that is not text`);
    }
  });
}

/** Replaces the organisation; runs inside the caller's transaction. */
export async function writeOrganisation(connection: DuckDBConnection, org: OrganisationData): Promise<void> {
  await connection.run('DELETE FROM org_team_members');
  await connection.run('DELETE FROM org_teams');
  await connection.run('DELETE FROM org_collectors');
  const team = await connection.prepare('INSERT INTO org_teams VALUES ($1, $2, $3)');
  const member = await connection.prepare('INSERT INTO org_team_members VALUES ($1, $2, $3)');
  for (let t = 0; t < org.teams.length; t++) {
    const { name, manager, members } = org.teams[t];
    team.bind([t, name, manager]);
    await team.run();
    for (let m = 0; m < members.length; m++) {
      member.bind([t, m, members[m]]);
      await member.run();
    }
  }
  const collector = await connection.prepare('INSERT INTO org_collectors VALUES ($1, $2, $3, $4)');
  for (let c = 0; c < org.collectors.length; c++) {
    const { name, timeZone, email } = org.collectors[c];
    collector.bind([c, name, timeZone, email ?? null]);
    await collector.run();
  }
}

export async function readOrganisation(connection: DuckDBConnection): Promise<OrganisationData> {
  const teams = (await connection.runAndReadAll('SELECT position, name, manager FROM org_teams ORDER BY position')).getRowsJS();
  const members = (
    await connection.runAndReadAll('SELECT team_position, member FROM org_team_members ORDER BY team_position, position')
  ).getRowsJS();
  const collectors = (
    await connection.runAndReadAll('SELECT name, time_zone, email FROM org_collectors ORDER BY position')
  ).getRowsJS();

  const byPosition = new Map<number, string[]>();
  for (const [position, name] of members) {
    const list = byPosition.get(Number(position)) ?? [];
    list.push(String(name));
    byPosition.set(Number(position), list);
  }
  return {
    teams: teams.map(([position, name, manager]) => ({
      name: String(name),
      manager: String(manager),
      members: byPosition.get(Number(position)) ?? [],
    })),
    collectors: collectors.map(([name, timeZone, email]) =>
      email === null ? { name: String(name), timeZone: String(timeZone) } : { name: String(name), timeZone: String(timeZone), email: String(email) },
    ),
  };
}
