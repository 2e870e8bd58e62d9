/** Where the bearer token of every API call comes from: Teams SSO, MSAL or a local dev token. */
export interface TokenProvider {
  readonly kind: 'teams' | 'msal' | 'local';
  /** A valid token; `refresh` asks for a new one after the API answered 401. */
  getToken(refresh?: boolean): Promise<string>;
  signOut(): void;
}

/** No token can be had without the user doing something (signing in, pasting a dev token). */
export class SignInRequired extends Error {
  constructor(message = 'Sign-in required') {
    super(message);
    this.name = 'SignInRequired';
  }
}

/** Seconds until a JWT expires, from its exp claim; -Infinity when unreadable. */
export function secondsLeft(token: string, now = Date.now()): number {
  try {
    const payload = token.split('.')[1];
    const json = atob(payload.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (payload.length % 4)) % 4));
    const exp = (JSON.parse(json) as { exp?: unknown }).exp;
    return typeof exp === 'number' ? exp - now / 1000 : Number.NEGATIVE_INFINITY;
  } catch {
    return Number.NEGATIVE_INFINITY;
  }
}

/** The display name a JWT carries (name, else preferred_username), for the header. */
export function tokenName(token: string): string | null {
  try {
    const payload = token.split('.')[1];
    const bytes = Uint8Array.from(atob(payload.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (payload.length % 4)) % 4)), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as { name?: unknown; preferred_username?: unknown };
    return typeof claims.name === 'string' ? claims.name : typeof claims.preferred_username === 'string' ? claims.preferred_username : null;
  } catch {
    return null;
  }
}
