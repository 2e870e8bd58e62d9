import { useCallback, useEffect, useMemo, useState } from 'react';
import { createApiClient, type ApiClient } from '../api/client.ts';
import type { LogInfo, Me, Team } from '../api/types.ts';
import { SignInRequired, type TokenProvider } from '../auth/token-provider.ts';
import { resolveLocale, translator, type Locale } from '../i18n/catalogue.ts';
import { formatters } from '../i18n/format.ts';
import { onThemeChange, type HostInfo } from '../teams/teams.ts';
import type { AppContextValue } from './app-context.ts';
import { initialSearch, parseRoute, routeSearch, type Route, type ThemeChoice } from './route.ts';
import { effectiveFilter } from './team-filter.ts';
import { initialTheme, themeFromTeams } from './theme.ts';

const THEME_KEY = 'collections-lens.theme';

export type Session =
  | { readonly status: 'loading' }
  | { readonly status: 'signin'; readonly reason: string | null }
  | { readonly status: 'error'; readonly message: string }
  | { readonly status: 'ready'; readonly me: Me; readonly logs: readonly LogInfo[]; readonly teams: readonly Team[] };

export interface AppState {
  readonly host: HostInfo;
  readonly tokens: TokenProvider;
  readonly api: ApiClient;
  readonly locale: Locale;
  readonly theme: ThemeChoice;
  setTheme(theme: ThemeChoice): void;
  setLocale(locale: Locale): void;
  readonly route: Route;
  readonly session: Session;
  /** Start over after signing in (or a failure). */
  reloadSession(): void;
  /** Null until the session is ready and has a log. */
  readonly context: AppContextValue | null;
}

export function useAppState(host: HostInfo, tokens: TokenProvider): AppState {
  const api = useMemo(() => createApiClient(tokens), [tokens]);
  const [route, setRoute] = useState<Route>(() => parseRoute(initialSearch(window.location.search, host.subPageId)));
  const [theme, setThemeState] = useState<ThemeChoice>(() =>
    initialTheme(
      themeFromTeams(host.theme),
      route.theme,
      safeStorage()?.getItem(THEME_KEY) ?? null,
      matches('(prefers-color-scheme: dark)'),
      matches('(forced-colors: active)'),
    ),
  );
  const locale = route.lang ?? resolveLocale(host.locale, ...(typeof navigator === 'undefined' ? [] : navigator.languages));
  const [session, setSession] = useState<Session>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [revision, setRevision] = useState(0);

  // Teams tells the tab when the user switches theme; the tab follows without a reload.
  useEffect(() => {
    if (host.inTeams) void onThemeChange((name) => setThemeState(themeFromTeams(name) ?? 'light'));
  }, [host.inTeams]);

  useEffect(() => {
    const onPop = () => setRoute(parseRoute(window.location.search));
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);

  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);

  useEffect(() => {
    let current = true;
    setSession({ status: 'loading' });
    Promise.all([api.me(), api.logs(), api.teams()]).then(
      ([me, logs, teams]) => {
        performance.mark('cl:session');
        if (current) setSession({ status: 'ready', me, logs: logs.logs, teams: teams.teams });
      },
      (error: unknown) => {
        if (!current) return;
        if (error instanceof SignInRequired || (error as { status?: number }).status === 401) {
          setSession({ status: 'signin', reason: error instanceof SignInRequired ? null : (error as Error).message });
        } else setSession({ status: 'error', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [api, attempt]);

  const navigate = useCallback((patch: Partial<Route>, options: { replace?: boolean } = {}) => {
    setRoute((previous) => {
      const next = { ...previous, ...patch };
      const search = routeSearch(next);
      if (search !== window.location.search) {
        const url = `${window.location.pathname}${search}`;
        if (options.replace) history.replaceState(null, '', url);
        else history.pushState(null, '', url);
      }
      return next;
    });
  }, []);

  const setTheme = useCallback(
    (choice: ThemeChoice) => {
      setThemeState(choice);
      safeStorage()?.setItem(THEME_KEY, choice);
      if (route.theme) navigate({ theme: choice }, { replace: true });
    },
    [navigate, route.theme],
  );
  const setLocale = useCallback((next: Locale) => navigate({ lang: next }, { replace: true }), [navigate]);

  const t = useMemo(() => translator(locale), [locale]);
  const fmt = useMemo(() => formatters(locale, t), [locale, t]);

  const context = useMemo<AppContextValue | null>(() => {
    if (session.status !== 'ready' || session.logs.length === 0) return null;
    const log = session.logs.find((l) => l.id === route.log) ?? session.logs[0];
    const team = session.teams.find((x) => x.name === route.team);
    return {
      api,
      t,
      fmt,
      locale,
      theme,
      route,
      navigate,
      hrefFor: (patch) => `${window.location.pathname}${routeSearch({ ...route, ...patch })}`,
      me: session.me,
      teams: session.teams,
      log,
      filter: effectiveFilter(route.filter, team),
      inTeams: host.inTeams,
      revision,
      bumpRevision: () => setRevision((r) => r + 1),
    };
  }, [session, route, api, t, fmt, locale, theme, navigate, host.inTeams, revision]);

  return {
    host,
    tokens,
    api,
    locale,
    theme,
    setTheme,
    setLocale,
    route,
    session,
    reloadSession: () => {
      api.invalidate();
      setAttempt((a) => a + 1);
    },
    context,
  };
}

function matches(query: string): boolean {
  return typeof window !== 'undefined' && typeof window.matchMedia === 'function' && window.matchMedia(query).matches;
}

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}
