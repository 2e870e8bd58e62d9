import type { Directory, Identity } from '../api/access/index.ts';
import type { StoredConversation } from '../api/adapters/store/bot-conversations.ts';
import type { Principal } from '../api/auth/index.ts';
import type { BotActivity } from './turn.ts';

/** A Teams user as the bot knows them: from an activity, or from their stored conversation. */
export interface TeamsUser {
  /** Entra object id, else the channel's user id. */
  readonly userId: string;
  /** The channel's id for the user (MRI), which card refresh lists. */
  readonly channelUserId: string;
  readonly name: string | null;
  readonly upn: string | null;
  readonly tenantId: string | null;
}

export function userOf(activity: BotActivity, upn: string | null = null): TeamsUser {
  return {
    userId: activity.from.aadObjectId || activity.from.id,
    channelUserId: activity.from.id,
    name: activity.from.name?.trim() || null,
    upn,
    tenantId: activity.conversation.tenantId ?? activity.channelData?.tenant?.id ?? null,
  };
}

export function userOfConversation(c: StoredConversation): TeamsUser {
  const from = (c.reference.user ?? {}) as { id?: string };
  return { userId: c.userId, channelUserId: from.id ?? c.userId, name: c.userName, upn: c.upn, tenantId: c.tenantId };
}

/**
 * Who the user is in the organisation, by the API's own rules (api/access/directory.ts): a user
 * mapping by Entra object id or UPN (the admin API edits them), else a person of the same display
 * name, else a collector whose e-mail is the UPN. No token role: Teams activities carry none.
 */
export function identify(directory: Directory, user: TeamsUser): Identity | null {
  const principal: Principal = {
    id: user.userId,
    tenantId: user.tenantId ?? '',
    name: user.name,
    upn: user.upn,
    tokenRole: null,
    tokenTeam: null,
    token: '',
  };
  return directory.identify(principal);
}

/** How to name the account to an administrator: what a user mapping takes (UPN, else Entra object id), after the name. */
export function accountLabel(user: TeamsUser): string {
  const key = user.upn ?? user.userId;
  return user.name ? `${user.name}, ${key}` : key;
}
