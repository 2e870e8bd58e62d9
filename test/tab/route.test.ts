import { describe, expect, it } from 'vitest';
import { decodeFilter, encodeFilter } from '../../api/contracts/filter-encoding.ts';
import { tabQuery } from '../../bot/cards/deep-link.ts';
import { DEFAULT_ROUTE, filterCount, initialSearch, parseRoute, routeSearch } from '../../tabs/src/app/route.ts';
import { effectiveFilter, teamChoices, teamFilters } from '../../tabs/src/app/team-filter.ts';
import { initialTheme, themeFromTeams } from '../../tabs/src/app/theme.ts';
import { buildUrl, filterParam } from '../../tabs/src/api/client.ts';
import { mayBeHosted, normaliseTheme } from '../../tabs/src/teams/teams.ts';
import type { Team } from '../../tabs/src/api/types.ts';

const FR01 = { filters: [{ kind: 'attribute' as const, attribute: 'CompanyCode', values: ['FR01'] }], hideDerived: true };

describe('the view in the URL', () => {
  it('is the default view for an empty query string', () => {
    expect(parseRoute('')).toEqual(DEFAULT_ROUTE);
    expect(routeSearch(DEFAULT_ROUTE)).toBe('');
  });

  it('round-trips every parameter, filters in the API\'s own encoding', () => {
    const route = {
      ...DEFAULT_ROUTE,
      view: 'conformance' as const,
      log: 'sample-1',
      team: 'Collections Team EMEA',
      filter: FR01,
      mode: 'performance' as const,
      activities: 80,
      paths: 12,
      variant: 3,
      select: 'a:Dispute Registered',
      invoice: 'INV-FR01-0001001',
      teamB: 'Strategic Accounts',
      rankBy: 'wait' as const,
      outcome: 'paidLate',
      lang: 'zh-CN' as const,
      theme: 'contrast' as const,
    };
    const search = routeSearch(route);
    expect(parseRoute(search)).toEqual(route);
    const filter = new URLSearchParams(search).get('filter')!;
    expect(filter).toBe(encodeFilter(FR01));
    expect(decodeFilter(filter)).toEqual(FR01);
  });

  it('ignores what it does not understand instead of failing', () => {
    const route = parseRoute('?view=nope&paths=abc&activities=250&variant=-2&lang=de&theme=pink&filter=%%%');
    expect(route).toEqual({ ...DEFAULT_ROUTE, activities: 100 });
  });

  it('opens the bot\'s deep links as the bot meant them', () => {
    const query = tabQuery({ view: 'cases', log: 'sample-1', team: 'Collections Team APAC', filter: FR01, invoice: 'INV-JP01-0001002', lang: 'fr' });
    const route = parseRoute(`?${query}`);
    expect(route).toMatchObject({ view: 'cases', log: 'sample-1', team: 'Collections Team APAC', filter: FR01, invoice: 'INV-JP01-0001002', lang: 'fr' });
  });

  it('takes the view from the Teams deep link\'s subEntityId when the tab URL has no query string', () => {
    expect(initialSearch('', 'view=map&filter=abc')).toBe('?view=map&filter=abc');
    expect(initialSearch('', '?view=cases')).toBe('?view=cases');
    expect(initialSearch('?view=overview', 'view=map')).toBe('?view=overview');
    expect(initialSearch('', 'some-entity')).toBe('');
    expect(initialSearch('', null)).toBe('');
  });

  it('counts active filters for the badge', () => {
    expect(filterCount({})).toBe(0);
    expect(filterCount(FR01)).toBe(2);
  });

  it('sends filters to the API only when there are some, and leaves empty parameters out', () => {
    expect(filterParam({})).toBeUndefined();
    expect(filterParam({ filters: [] })).toBeUndefined();
    expect(filterParam(FR01)).toBe(encodeFilter(FR01));
    expect(buildUrl('/api/logs/x/map', { filter: undefined, paths: 30, metric: '', flag: null })).toBe('/api/logs/x/map?paths=30');
  });
});

describe('team picker', () => {
  const teams: Team[] = [
    { name: 'EMEA', manager: 'Stefan Hoffmann', members: ['Lukas Becker'], assignment: { by: 'rule', rule: { filters: [{ kind: 'attribute', attribute: 'CompanyCode', values: ['DE01', 'FR01'] }] } } },
    { name: 'APAC', manager: 'Hiroshi Tanaka', members: ['Yuki Sato', 'Wei Ling Tan'], assignment: { by: 'collector' } },
  ];

  it('narrows to a team as the team is defined: by its rule or by its collectors', () => {
    expect(teamFilters(teams[0])).toEqual([{ kind: 'attribute', attribute: 'CompanyCode', values: ['DE01', 'FR01'] }]);
    expect(teamFilters(teams[1])).toEqual([{ kind: 'attribute', attribute: 'CollectorName', values: ['Yuki Sato', 'Wei Ling Tan'] }]);
    expect(teamFilters(undefined)).toEqual([]);
    expect(effectiveFilter(FR01, teams[1]).filters).toHaveLength(2);
    expect(effectiveFilter({}, undefined)).toEqual({});
  });

  it('is offered to managers of several teams and to executives, not to collectors', () => {
    expect(teamChoices('executive', teams)).toEqual(['EMEA', 'APAC']);
    expect(teamChoices('manager', teams)).toEqual(['EMEA', 'APAC']);
    expect(teamChoices('manager', [teams[0]])).toEqual([]);
    expect(teamChoices('collector', teams)).toEqual([]);
  });
});

describe('Teams host and theme', () => {
  it('knows at once that a top-level window without a native bridge is not hosted by Teams', () => {
    const top = { parent: undefined as unknown, opener: null } as { parent: unknown; opener: unknown };
    top.parent = top;
    expect(mayBeHosted(top as never)).toBe(false);
    expect(mayBeHosted({ parent: {}, opener: null } as never)).toBe(true);
    expect(mayBeHosted({ ...top, parent: top, nativeInterface: {} } as never)).toBe(true);
  });

  it('maps Teams themes to Fluent\'s Teams themes and prefers the host, then the link, then the user', () => {
    expect(normaliseTheme('dark')).toBe('dark');
    expect(normaliseTheme('contrast')).toBe('contrast');
    expect(normaliseTheme('glass')).toBe('default');
    expect(themeFromTeams('default')).toBe('light');
    expect(themeFromTeams(null)).toBeNull();
    expect(initialTheme('contrast', 'light', 'dark', false, false)).toBe('contrast');
    expect(initialTheme(null, 'dark', 'light', false, false)).toBe('dark');
    expect(initialTheme(null, null, 'dark', false, false)).toBe('dark');
    expect(initialTheme(null, null, null, true, false)).toBe('dark');
    expect(initialTheme(null, null, null, false, true)).toBe('contrast');
    expect(initialTheme(null, null, 'bogus', false, false)).toBe('light');
  });
});
