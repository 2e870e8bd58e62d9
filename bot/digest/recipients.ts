import type { Directory, Identity } from '../../api/access/index.ts';
import { scopeOf } from '../../api/access/scope.ts';
import type { StoredConversation } from '../../api/adapters/store/bot-conversations.ts';
import type { DigestKind } from '../../api/adapters/store/digest-ledger.ts';
import { identify, userOfConversation, type TeamsUser } from '../user.ts';
import { personKey, type Analysis } from './analysis.ts';
import type { TeamScope } from './manager.ts';

/** Someone a digest goes to: a collector (their invoices) or a team manager (their teams). */
export interface Recipient {
  readonly kind: DigestKind;
  readonly person: string;
  readonly user: TeamsUser;
  readonly conversation: StoredConversation;
  readonly identity: Identity;
  readonly timeZone: string;
}

export interface Audience {
  readonly recipients: readonly Recipient[];
  /** Installed, but the organisation does not know who they are. */
  readonly unmapped: readonly StoredConversation[];
  /** Collectors of the organisation who have not installed the bot. */
  readonly notInstalled: readonly string[];
}

/**
 * Who gets which digest, resolved at send time (a user mapping saved after the install counts).
 * A person who is both a collector and a manager gets both digests. A manager's zone is their own
 * when the organisation has it, else the one most of their team works in.
 */
export function audienceOf(conversations: readonly StoredConversation[], directory: Directory, zones: ReadonlyMap<string, string>, defaultZone: string): Audience {
  const collectors = new Map<string, string>();
  for (const c of directory.data.collectors) collectors.set(personKey(c.name), c.name);
  for (const team of directory.teams) for (const m of team.members) collectors.set(personKey(m), m);
  const recipients: Recipient[] = [];
  const unmapped: StoredConversation[] = [];
  const reached = new Set<string>();
  for (const conversation of conversations) {
    const user = userOfConversation(conversation);
    const identity = identify(directory, user);
    if (!identity?.person) {
      unmapped.push(conversation);
      continue;
    }
    const person = identity.person;
    const own = zones.get(personKey(person));
    if (collectors.has(personKey(person))) {
      reached.add(personKey(person));
      recipients.push({ kind: 'collector', person, user, conversation, identity, timeZone: own ?? defaultZone });
    }
    if (identity.role === 'manager' && identity.teams.length > 0) {
      recipients.push({ kind: 'manager', person, user, conversation, identity, timeZone: own ?? teamZone(identity.teams, directory, zones) ?? defaultZone });
    }
  }
  const notInstalled = [...collectors].filter(([key]) => !reached.has(key)).map(([, name]) => name);
  return { recipients, unmapped, notInstalled };
}

function teamZone(teams: readonly string[], directory: Directory, zones: ReadonlyMap<string, string>): string | null {
  const count = new Map<string, number>();
  for (const name of teams) {
    for (const member of directory.team(name)?.members ?? []) {
      const zone = zones.get(personKey(member));
      if (zone) count.set(zone, (count.get(zone) ?? 0) + 1);
    }
  }
  let best: string | null = null;
  for (const [zone, n] of count) if (best === null || n > count.get(best)!) best = zone;
  return best;
}

/** A manager's teams as case bitmaps, by the access layer's own team scoping. */
export function teamScopes(a: Analysis, identity: Identity, directory: Directory): TeamScope[] {
  return identity.teams.map((name) => {
    const scope = scopeOf(a.log, { ...identity, role: 'manager', teams: [name] }, directory);
    return { name, cases: scope ?? new Uint8Array(a.log.caseIds.length).fill(1) };
  });
}
