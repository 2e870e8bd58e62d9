import { decodeFilter, encodeFilter } from '../../../api/contracts/filter-encoding.ts';
import type { FilterSpec } from '../api/types.ts';
import { LOCALES, type Locale } from '../i18n/catalogue.ts';
import type { MapMode } from '../map/map-data.ts';

export const VIEWS = ['map', 'overview', 'variants', 'cases', 'conformance', 'policy', 'bottlenecks', 'causes', 'worklist', 'compare', 'powerbi'] as const;
export type View = (typeof VIEWS)[number];

export type ThemeChoice = 'light' | 'dark' | 'contrast';
const THEMES: readonly ThemeChoice[] = ['light', 'dark', 'contrast'];

/**
 * Everything that makes a view, in the query string, so a link (the bot's deep links, a copied
 * URL) opens exactly the same view. Filters travel as the API's own `filter` parameter
 * (base64url JSON, api/contracts/filter-encoding.ts): the tab forwards it untouched.
 */
export interface Route {
  readonly view: View;
  readonly log: string | null;
  readonly team: string | null;
  readonly filter: FilterSpec;
  readonly mode: MapMode;
  readonly activities: number;
  readonly paths: number;
  /** Rank of the variant highlighted on the map. */
  readonly variant: number | null;
  /** An activity node or arc selected on the map (its cases are listed). */
  readonly select: string | null;
  readonly invoice: string | null;
  readonly teamB: string | null;
  readonly rankBy: 'exposure' | 'wait';
  readonly outcome: string | null;
  readonly lang: Locale | null;
  readonly theme: ThemeChoice | null;
}

export const DEFAULT_ROUTE: Route = {
  view: 'map',
  log: null,
  team: null,
  filter: {},
  mode: 'frequency',
  activities: 100,
  paths: 30,
  variant: null,
  select: null,
  invoice: null,
  teamB: null,
  rankBy: 'exposure',
  outcome: null,
  lang: null,
  theme: null,
};

export function parseRoute(search: string): Route {
  const p = new URLSearchParams(search);
  const text = (name: string) => {
    const v = p.get(name);
    return v === null || v === '' ? null : v;
  };
  const percent = (name: string, fallback: number) => {
    const v = Number(p.get(name));
    return p.has(name) && Number.isFinite(v) ? Math.min(100, Math.max(0, Math.round(v))) : fallback;
  };
  const view = text('view');
  const variant = Number(p.get('variant'));
  const lang = text('lang');
  const theme = text('theme');
  return {
    view: (VIEWS as readonly string[]).includes(view ?? '') ? (view as View) : DEFAULT_ROUTE.view,
    log: text('log'),
    team: text('team'),
    filter: filterFrom(text('filter')),
    mode: text('mode') === 'performance' ? 'performance' : 'frequency',
    activities: percent('activities', DEFAULT_ROUTE.activities),
    paths: percent('paths', DEFAULT_ROUTE.paths),
    variant: p.has('variant') && Number.isInteger(variant) && variant >= 0 ? variant : null,
    select: text('select'),
    invoice: text('invoice'),
    teamB: text('teamB'),
    rankBy: text('rankBy') === 'wait' ? 'wait' : 'exposure',
    outcome: text('outcome'),
    lang: (LOCALES as readonly string[]).includes(lang ?? '') ? (lang as Locale) : null,
    theme: (THEMES as readonly string[]).includes(theme ?? '') ? (theme as ThemeChoice) : null,
  };
}

/** A malformed filter in a link opens the unfiltered view rather than an error page. */
function filterFrom(param: string | null): FilterSpec {
  if (!param) return {};
  try {
    const value = decodeFilter(param);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as FilterSpec) : {};
  } catch {
    return {};
  }
}

/** The canonical query string: defaults left out, a fixed parameter order. */
export function routeSearch(route: Route): string {
  const p = new URLSearchParams();
  const d = DEFAULT_ROUTE;
  if (route.view !== d.view) p.set('view', route.view);
  if (route.log) p.set('log', route.log);
  if (route.team) p.set('team', route.team);
  if ((route.filter.filters?.length ?? 0) > 0 || route.filter.hideDerived) p.set('filter', encodeFilter(route.filter));
  if (route.mode !== d.mode) p.set('mode', route.mode);
  if (route.activities !== d.activities) p.set('activities', String(route.activities));
  if (route.paths !== d.paths) p.set('paths', String(route.paths));
  if (route.variant !== null) p.set('variant', String(route.variant));
  if (route.select) p.set('select', route.select);
  if (route.invoice) p.set('invoice', route.invoice);
  if (route.teamB) p.set('teamB', route.teamB);
  if (route.rankBy !== d.rankBy) p.set('rankBy', route.rankBy);
  if (route.outcome) p.set('outcome', route.outcome);
  if (route.lang) p.set('lang', route.lang);
  if (route.theme) p.set('theme', route.theme);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/**
 * Teams deep links cannot carry the tab's query string directly: the bot puts it in the
 * context's subEntityId (page.subPageId), e.g. "view=map&filter=…". A query string in the
 * tab's own URL wins.
 */
export function initialSearch(locationSearch: string, subPageId: string | null): string {
  if (locationSearch && locationSearch !== '?') return locationSearch;
  if (subPageId && /(^|[?&])[a-zA-Z]+=/.test(subPageId)) return subPageId.startsWith('?') ? subPageId : `?${subPageId}`;
  return locationSearch;
}

export function filterCount(spec: FilterSpec): number {
  return (spec.filters?.length ?? 0) + (spec.hideDerived ? 1 : 0);
}
