import { getTeamsToken } from '../teams/teams.ts';
import type { TokenProvider } from './token-provider.ts';

/** Teams caches the SSO token and renews it itself; asking again on every call is cheap. */
export function teamsTokenProvider(): TokenProvider {
  return {
    kind: 'teams',
    getToken: () => getTeamsToken(),
    signOut: () => undefined,
  };
}
