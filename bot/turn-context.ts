import type { Identity } from '../api/access/index.ts';
import type { Viewer } from './cards-store.ts';
import type { BotDeps } from './deps.ts';
import { speechFor, type Speech } from './i18n.ts';
import { localDay } from './local-time.ts';
import type { Turn } from './turn.ts';
import { identify, userOf, type TeamsUser } from './user.ts';

/** One incoming activity with who sent it, in which language, and their local day. */
export interface TurnContext {
  readonly deps: BotDeps;
  readonly turn: Turn;
  readonly user: TeamsUser;
  readonly speech: Speech;
  /** Null: the user is not known to the organisation (no mapping, no matching name). */
  readonly identity: Identity | null;
  readonly timeZone: string;
  readonly viewer: Viewer;
}

export async function contextOf(deps: BotDeps, turn: Turn, upn: string | null = null): Promise<TurnContext> {
  const user = userOf(turn.activity, upn);
  const speech = speechFor(turn.activity.locale);
  const identity = identify(deps.directory(), user);
  const timeZone = (identity?.person ? await deps.timeZoneOf(identity.person) : null) ?? deps.config.digest.defaultTimeZone;
  return {
    deps,
    turn,
    user,
    speech,
    identity,
    timeZone,
    viewer: { speech, today: localDay(deps.now(), timeZone), channelUserId: user.channelUserId },
  };
}
