import type { Directory, Identity } from '../../access/index.ts';
import type { Cell } from '../../adapters/bi-export/row-file.ts';
import { rowOf } from './row.ts';

const key = (text: string) => text.normalize('NFC').trim().toLowerCase();

/**
 * Sign-in names of the teams the caller may see (executives: every team), for the model's
 * USERPRINCIPALNAME() mapping. A person's sign-in names are the UPN-shaped user mappings
 * (object-id mappings name no UPN) and their collector e-mail.
 */
export function teamMemberRows(directory: Directory, identity: Identity): Cell[][] {
  const upns = new Map<string, Set<string>>();
  const add = (person: string, upn: string) => {
    const set = upns.get(key(person)) ?? new Set<string>();
    set.add(upn.trim().toLowerCase());
    upns.set(key(person), set);
  };
  for (const mapping of directory.data.mappings) if (mapping.principal.includes('@')) add(mapping.person, mapping.principal);
  for (const collector of directory.data.collectors) if (collector.email) add(collector.name, collector.email);

  const teams = identity.role === 'executive' ? directory.teams : identity.teams.flatMap((name) => directory.team(name) ?? []);
  const rows: Cell[][] = [];
  const seen = new Set<string>();
  for (const team of teams) {
    const people = [{ person: team.manager, role: 'manager' }, ...team.members.map((person) => ({ person, role: 'member' }))];
    for (const { person, role } of people) {
      for (const upn of upns.get(key(person)) ?? []) {
        const id = `${upn}\0${team.name}`;
        if (seen.has(id)) continue;
        seen.add(id);
        rows.push(rowOf('team_members', { Upn: upn, CreditTeam: team.name, Person: person, TeamRole: role }));
      }
    }
  }
  return rows;
}
