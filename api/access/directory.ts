import { createHash } from 'node:crypto';
import type { StoredDirectory, StoredTeam, StoredUserMapping } from '../adapters/store/index.ts';
import type { Principal } from '../auth/principal.ts';
import { isRole, type Role } from '../auth/roles.ts';

/**
 * The signed-in user as this app knows them: role, the person of the organisation they are,
 * the teams that decide what they see.
 */
export interface Identity {
  readonly principal: Principal;
  readonly role: Role;
  readonly roleSource: 'token' | 'mapping' | 'organisation';
  /** A collector's or manager's name as the organisation and invoices spell it. */
  readonly person: string | null;
  readonly personSource: 'mapping' | 'name' | 'email' | null;
  /** Managers: the teams whose invoices they see. Collectors: the teams they belong to. */
  readonly teams: readonly string[];
  /** Identities with the same descriptor (in one directory revision) see the same invoices. */
  readonly scopeDescriptor: string;
}

const key = (text: string) => text.normalize('NFC').trim().toLowerCase();

/**
 * One snapshot of teams, collectors and user mappings, with the rules that turn a principal
 * into an identity:
 * - person: the user mapping (by object id, then UPN); else a collector, member or manager of
 *   the same display name; else a collector with the UPN as e-mail;
 * - role: the token's app role; else the mapping's; else the organisation's (manager of a team
 *   → manager, member or collector → collector); else none.
 */
export class Directory {
  /** Content hash: caches keyed by it stay right across restarts and reloads. */
  readonly revision: string;
  private readonly mappings = new Map<string, StoredUserMapping>();
  private readonly people = new Map<string, string>();
  private readonly emails = new Map<string, string>();
  private readonly teamsByName = new Map<string, StoredTeam>();

  constructor(readonly data: StoredDirectory) {
    this.revision = createHash('sha256').update(JSON.stringify(data.teams)).update(JSON.stringify(data.collectors)).digest('hex').slice(0, 16);
    for (const mapping of data.mappings) this.mappings.set(key(mapping.principal), mapping);
    for (const team of data.teams) {
      this.teamsByName.set(key(team.name), team);
      this.people.set(key(team.manager), team.manager);
      for (const member of team.members) this.people.set(key(member), member);
    }
    for (const collector of data.collectors) {
      this.people.set(key(collector.name), collector.name);
      if (collector.email) this.emails.set(key(collector.email), collector.name);
    }
  }

  get teams(): readonly StoredTeam[] {
    return this.data.teams;
  }

  team(name: string): StoredTeam | undefined {
    return this.teamsByName.get(key(name));
  }

  /** Null when the principal has no role in this app. */
  identify(principal: Principal): Identity | null {
    const mapping = this.mappings.get(key(principal.id)) ?? (principal.upn ? this.mappings.get(key(principal.upn)) : undefined);
    let person: string | null = null;
    let personSource: Identity['personSource'] = null;
    if (mapping) {
      person = mapping.person;
      personSource = 'mapping';
    } else if (principal.name && this.people.has(key(principal.name))) {
      person = this.people.get(key(principal.name))!;
      personSource = 'name';
    } else if (principal.upn && this.emails.has(key(principal.upn))) {
      person = this.emails.get(key(principal.upn))!;
      personSource = 'email';
    }

    const managed = person === null ? [] : this.data.teams.filter((t) => key(t.manager) === key(person!)).map((t) => t.name);
    const memberOf = person === null ? [] : this.data.teams.filter((t) => t.members.some((m) => key(m) === key(person!))).map((t) => t.name);
    let role: Role | null = principal.tokenRole;
    let roleSource: Identity['roleSource'] = 'token';
    if (role === null && mapping && isRole(mapping.role)) {
      role = mapping.role;
      roleSource = 'mapping';
    }
    if (role === null && person !== null) {
      roleSource = 'organisation';
      if (managed.length > 0) role = 'manager';
      else if (memberOf.length > 0 || this.data.collectors.some((c) => key(c.name) === key(person!))) role = 'collector';
    }
    if (role === null) return null;

    let teams: string[];
    let scopeDescriptor: string;
    if (role === 'executive') {
      teams = [];
      scopeDescriptor = 'all';
    } else if (role === 'manager') {
      // A team named by the token (local tokens' --team) counts as managed, if it exists.
      const named = principal.tokenTeam ? this.team(principal.tokenTeam)?.name : undefined;
      teams = [...new Set([...managed, ...(named ? [named] : [])])].sort();
      scopeDescriptor = `teams:${JSON.stringify(teams)}`;
    } else {
      teams = memberOf;
      scopeDescriptor = `collector:${person === null ? '' : key(person)}`;
    }
    return { principal, role, roleSource, person, personSource, teams, scopeDescriptor };
  }
}
