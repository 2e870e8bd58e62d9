import { secondsLeft, SignInRequired, type TokenProvider } from './token-provider.ts';

const STORAGE_KEY = 'collections-lens.local-token';

/**
 * Local mode (no Entra ID): the API accepts tokens signed with the data folder's key, minted by
 * `npm run token -- --user NAME --role manager --team TEAM`. The tab takes one from the URL
 * fragment (#token=…, so the command's output can be opened as a link) or from the sign-in
 * form, and keeps it for the browser session.
 */
export interface LocalTokenProvider extends TokenProvider {
  readonly kind: 'local';
  setToken(token: string): void;
  hasToken(): boolean;
}

export function localTokenProvider(storage: Pick<Storage, 'getItem' | 'setItem' | 'removeItem'> = sessionStorage, location: Pick<Location, 'hash'> & { replaceHash?: (hash: string) => void } = window.location): LocalTokenProvider {
  const fromFragment = /(?:^#|&)token=([A-Za-z0-9\-_.]+)/.exec(location.hash)?.[1];
  if (fromFragment) {
    storage.setItem(STORAGE_KEY, fromFragment);
    // The token must not stay in the address bar, where a copied link would leak it.
    if (typeof history !== 'undefined') history.replaceState(history.state, '', window.location.pathname + window.location.search);
  }
  const current = () => {
    const token = storage.getItem(STORAGE_KEY);
    return token && secondsLeft(token) > 30 ? token : null;
  };
  return {
    kind: 'local',
    async getToken(refresh = false) {
      const token = current();
      if (!token || refresh) {
        if (refresh) storage.removeItem(STORAGE_KEY);
        throw new SignInRequired();
      }
      return token;
    },
    setToken: (token) => storage.setItem(STORAGE_KEY, token.trim()),
    hasToken: () => current() !== null,
    signOut: () => storage.removeItem(STORAGE_KEY),
  };
}
