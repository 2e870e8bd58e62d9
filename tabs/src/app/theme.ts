import { teamsDarkTheme, teamsHighContrastTheme, teamsLightTheme, type Theme } from '@fluentui/react-components';
import type { TeamsThemeName } from '../teams/teams.ts';
import type { ThemeChoice } from './route.ts';

/** Teams' theme names to ours: the same three themes, named by what they look like. */
export function themeFromTeams(name: TeamsThemeName | null): ThemeChoice | null {
  if (name === null) return null;
  return name === 'dark' ? 'dark' : name === 'contrast' ? 'contrast' : 'light';
}

export function fluentTheme(choice: ThemeChoice): Theme {
  return choice === 'dark' ? teamsDarkTheme : choice === 'contrast' ? teamsHighContrastTheme : teamsLightTheme;
}

/**
 * In Teams the host decides; outside it, the link's ?theme=, then the user's last choice, then
 * the operating system's preference.
 */
export function initialTheme(teams: ThemeChoice | null, fromUrl: ThemeChoice | null, stored: string | null, prefersDark: boolean, prefersContrast: boolean): ThemeChoice {
  if (teams) return teams;
  if (fromUrl) return fromUrl;
  if (stored === 'light' || stored === 'dark' || stored === 'contrast') return stored;
  if (prefersContrast) return 'contrast';
  return prefersDark ? 'dark' : 'light';
}
