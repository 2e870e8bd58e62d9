/**
 * The one place that talks to @microsoft/teams-js. The SDK is imported lazily so that a plain
 * browser never downloads it, and every caller sees plain data (HostInfo) instead of SDK types.
 */
import type * as TeamsJs from '@microsoft/teams-js';

export type TeamsThemeName = 'default' | 'dark' | 'contrast';

export interface HostInfo {
  readonly inTeams: boolean;
  readonly theme: TeamsThemeName | null;
  readonly locale: string | null;
  readonly userPrincipalName: string | null;
  readonly tenantId: string | null;
  /** The deep link's sub-page id (the bot puts the tab's query string here). */
  readonly subPageId: string | null;
}

export const STANDALONE: HostInfo = { inTeams: false, theme: null, locale: null, userPrincipalName: null, tenantId: null, subPageId: null };

/** TeamsJS rejects after its own timeout when nothing answers; we give up earlier. */
const INITIALIZE_TIMEOUT_MS = 3000;

let sdk: Promise<typeof TeamsJs> | null = null;
let initialized = false;

function loadSdk(): Promise<typeof TeamsJs> {
  sdk ??= import('@microsoft/teams-js');
  return sdk;
}

/**
 * Desktop and web Teams host tabs in an iframe; mobile Teams uses a web view with a native
 * bridge. With neither, no host can answer, so there is no point waiting for initialize().
 */
export function mayBeHosted(win: Pick<Window, 'parent' | 'opener'> & { nativeInterface?: unknown } = window): boolean {
  return win.parent !== win || !!win.opener || win.nativeInterface !== undefined;
}

export function normaliseTheme(theme: string | null | undefined): TeamsThemeName {
  return theme === 'dark' || theme === 'contrast' ? theme : 'default';
}

export async function detectHost(): Promise<HostInfo> {
  if (!mayBeHosted(window as Window & { nativeInterface?: unknown })) return STANDALONE;
  try {
    const teams = await loadSdk();
    await withTimeout(teams.app.initialize(), INITIALIZE_TIMEOUT_MS);
    initialized = true;
    const context = await teams.app.getContext();
    teams.app.notifySuccess();
    return {
      inTeams: true,
      theme: normaliseTheme(context.app.theme),
      locale: context.app.locale ?? null,
      userPrincipalName: context.user?.userPrincipalName ?? context.user?.loginHint ?? null,
      tenantId: context.user?.tenant?.id ?? null,
      subPageId: context.page.subPageId ?? null,
    };
  } catch {
    return STANDALONE;
  }
}

/** Follows the user's Teams theme while the tab is open. */
export async function onThemeChange(handler: (theme: TeamsThemeName) => void): Promise<void> {
  if (!initialized) return;
  const teams = await loadSdk();
  teams.app.registerOnThemeChangeHandler((theme) => handler(normaliseTheme(theme)));
}

/** The Entra ID token Teams issues to this app for the signed-in user (SSO). */
export async function getTeamsToken(): Promise<string> {
  if (!initialized) throw new Error('Teams SDK is not initialized');
  const teams = await loadSdk();
  return teams.authentication.getAuthToken();
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Teams host did not answer')), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
