import { createContext, useContext } from 'react';
import type { ApiClient } from '../api/client.ts';
import type { FilterSpec, LogInfo, Me, Team } from '../api/types.ts';
import type { Locale, Translate } from '../i18n/catalogue.ts';
import type { Formatters } from '../i18n/format.ts';
import type { Route, ThemeChoice } from './route.ts';

export interface AppContextValue {
  readonly api: ApiClient;
  readonly t: Translate;
  readonly fmt: Formatters;
  readonly locale: Locale;
  readonly theme: ThemeChoice;
  readonly route: Route;
  navigate(patch: Partial<Route>, options?: { replace?: boolean }): void;
  /** The link to the current view changed by patch (for anchors and "copy link"). */
  hrefFor(patch: Partial<Route>): string;
  readonly me: Me;
  readonly teams: readonly Team[];
  readonly log: LogInfo;
  /** The URL's filters plus the picked team's: what every analysis call sends. */
  readonly filter: FilterSpec;
  readonly inTeams: boolean;
  /** Grows when saved data changes (the policy), so views reload what depends on it. */
  readonly revision: number;
  bumpRevision(): void;
}

export const AppContext = createContext<AppContextValue | null>(null);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside <AppContext>');
  return value;
}

/** A stable string of the inputs every analysis depends on, for useResource keys. */
export function analysisKey(app: AppContextValue, ...more: unknown[]): string {
  return JSON.stringify([app.log.id, app.log.version, app.filter, app.revision, ...more]);
}
