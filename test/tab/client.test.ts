import { describe, expect, it } from 'vitest';
import { ApiError, createApiClient } from '../../tabs/src/api/client.ts';
import { localTokenProvider } from '../../tabs/src/auth/local-token.ts';
import { secondsLeft, SignInRequired, tokenName, type TokenProvider } from '../../tabs/src/auth/token-provider.ts';

function jwt(claims: Record<string, unknown>): string {
  const part = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${part({ alg: 'ES256' })}.${part(claims)}.c2ln`;
}

function tokens(list: string[]): TokenProvider & { asked: boolean[] } {
  const asked: boolean[] = [];
  return { kind: 'teams', asked, getToken: async (refresh = false) => (asked.push(refresh), list[Math.min(asked.length - 1, list.length - 1)]), signOut: () => undefined };
}

function fakeFetch(answers: ((url: string, init: RequestInit) => Response)[]) {
  const calls: { url: string; init: RequestInit }[] = [];
  const impl = (async (url: string, init: RequestInit) => {
    calls.push({ url, init });
    return answers[Math.min(calls.length - 1, answers.length - 1)](url, init);
  }) as unknown as typeof fetch;
  return { impl, calls };
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

describe('API client', () => {
  it('sends a bearer token from the provider with every call (the Teams SSO token in Teams)', async () => {
    const provider = tokens(['sso-1']);
    const { impl, calls } = fakeFetch([() => json({ logs: [] })]);
    const api = createApiClient(provider, impl);
    await api.logs();
    await api.policy();
    expect(calls.map((c) => (c.init.headers as Record<string, string>).Authorization)).toEqual(['Bearer sso-1', 'Bearer sso-1']);
    expect(provider.asked).toEqual([false, false]);
  });

  it('asks for a fresh token once when the API answers 401, then retries', async () => {
    const provider = tokens(['old', 'new']);
    const { impl, calls } = fakeFetch([() => json({ title: 'Unauthorized' }, 401), () => json({ id: 'me' })]);
    const me = await createApiClient(provider, impl).me();
    expect(me).toEqual({ id: 'me' });
    expect(provider.asked).toEqual([false, true]);
    expect((calls[1].init.headers as Record<string, string>).Authorization).toBe('Bearer new');
  });

  it('turns problem details into an ApiError with the policy problems', async () => {
    const { impl } = fakeFetch([() => json({ title: 'Invalid policy', status: 422, detail: 'The policy has problems.', problems: ['Rule x: bad'] }, 422)]);
    const error = await createApiClient(tokens(['t']), impl).savePolicy({ policy: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, message: 'The policy has problems.', problems: ['Rule x: bad'] });
  });

  it('encodes the filter the API\'s way and caches answers until invalidated', async () => {
    const { impl, calls } = fakeFetch([() => json({ nodes: [] })]);
    const api = createApiClient(tokens(['t']), impl);
    const filter = { filters: [{ kind: 'attribute' as const, attribute: 'CompanyCode', values: ['FR01'] }] };
    await api.map('log 1', filter, { activities: 80 });
    await api.map('log 1', filter, { activities: 80 });
    expect(calls).toHaveLength(1);
    expect(calls[0].url).toMatch(/^\/api\/logs\/log%201\/map\?filter=[A-Za-z0-9_-]+&activities=80$/);
    api.invalidate();
    await api.map('log 1', filter, { activities: 80 });
    expect(calls).toHaveLength(2);
    await api.getFresh('/api/powerbi/embed-config');
    await api.getFresh('/api/powerbi/embed-config');
    expect(calls).toHaveLength(4);
  });

  it('lets SignInRequired through untouched, so the app can show the sign-in page', async () => {
    const provider: TokenProvider = { kind: 'local', getToken: async () => Promise.reject(new SignInRequired()), signOut: () => undefined };
    const { impl } = fakeFetch([() => json({})]);
    await expect(createApiClient(provider, impl).me()).rejects.toBeInstanceOf(SignInRequired);
  });
});

describe('local development tokens', () => {
  const memory = () => {
    const store = new Map<string, string>();
    return { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v), removeItem: (k: string) => void store.delete(k) };
  };

  it('reads expiry and name from a token', () => {
    const token = jwt({ exp: Math.floor(Date.now() / 1000) + 3600, name: 'Karen Whitfield' });
    expect(secondsLeft(token)).toBeGreaterThan(3500);
    expect(tokenName(token)).toBe('Karen Whitfield');
    expect(secondsLeft('not-a-jwt')).toBe(Number.NEGATIVE_INFINITY);
  });

  it('asks to sign in without a token, uses a pasted one, forgets an expired one', async () => {
    const storage = memory();
    const provider = localTokenProvider(storage, { hash: '' });
    await expect(provider.getToken()).rejects.toBeInstanceOf(SignInRequired);
    const valid = jwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
    provider.setToken(` ${valid}\n`);
    expect(await provider.getToken()).toBe(valid);
    expect(provider.hasToken()).toBe(true);
    await expect(provider.getToken(true)).rejects.toBeInstanceOf(SignInRequired);
    provider.setToken(jwt({ exp: Math.floor(Date.now() / 1000) - 10 }));
    expect(provider.hasToken()).toBe(false);
  });

  it('takes a token from the URL fragment (#token=…)', async () => {
    const storage = memory();
    const valid = jwt({ exp: Math.floor(Date.now() / 1000) + 3600 });
    const provider = localTokenProvider(storage, { hash: `#token=${valid}` });
    expect(await provider.getToken()).toBe(valid);
  });
});
