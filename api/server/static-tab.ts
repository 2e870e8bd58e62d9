import { existsSync } from 'node:fs';
import { join } from 'node:path';
import express, { type Express, type Response } from 'express';
import type { AuthConfig } from '../auth/auth-config.ts';

/**
 * Hosts whose pages may frame the tab: Teams (web, desktop, the new cloud.microsoft domain),
 * Outlook and the Microsoft 365 app, per the Teams tab requirements.
 */
const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
  'https://*.microsoft365.com',
  'https://*.skype.com',
].join(' ');

/** The only pages the tab frames: Power BI reports (powerbi-client embeds app.powerbi.com). */
const POWER_BI_FRAMES = ['https://app.powerbi.com', 'https://*.powerbi.com'];

/**
 * The tab's Content-Security-Policy: its own scripts only (the ELK layout worker included), its
 * own API, Power BI report frames, framed only by the Teams and Microsoft 365 hosts. Fluent UI
 * writes its styles at run time, hence 'unsafe-inline' for styles (never for scripts). Outside
 * Teams with Entra ID, MSAL talks to the authority host (token requests, and the hidden frame of
 * its silent renewal), so that host is allowed too, in that mode only.
 */
export function tabContentSecurityPolicy(auth: AuthConfig): string {
  const signIn = auth.mode === 'entra' ? [auth.authorityHost] : [];
  return [
    "default-src 'self'",
    "script-src 'self'",
    "worker-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src ${["'self'", ...signIn].join(' ')}`,
    `frame-src ${[...POWER_BI_FRAMES, ...signIn].join(' ')}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors ${FRAME_ANCESTORS}`,
  ].join('; ');
}

/** What the tab needs before its first API call: whether to sign in with Entra ID (MSAL) or local tokens. */
export function tabClientConfig(auth: AuthConfig, env: NodeJS.ProcessEnv = process.env): Record<string, unknown> {
  if (auth.mode !== 'entra') return { auth: { mode: 'local' } };
  return {
    auth: {
      mode: 'entra',
      tenantId: auth.tenantId,
      clientId: auth.clientId,
      // The delegated scope the Teams SSO app registration exposes.
      scope: env.ENTRA_API_SCOPE || `api://${auth.clientId}/access_as_user`,
      authorityHost: auth.authorityHost,
    },
  };
}

/**
 * Serves the built tab (tabs/dist, `npm run build:tab`) at '/': hashed assets cached for a
 * year, index.html always revalidated (so a new build is picked up at once), every other GET
 * outside /api answered with index.html because the tab routes by query string, and the
 * framing headers Teams needs. Without a build, '/' explains how to make one.
 */
export function mountTab(app: Express, tabDir: string, auth: AuthConfig): void {
  const policy = tabContentSecurityPolicy(auth);
  const frame = (res: Response) => res.setHeader('Content-Security-Policy', policy);
  app.get('/tab-config.json', (_req, res) => {
    res.setHeader('Cache-Control', 'no-cache');
    res.json(tabClientConfig(auth));
  });
  const index = join(tabDir, 'index.html');
  if (!existsSync(index)) {
    app.get('/', (_req, res) => {
      res.status(503).type('text/plain').send('The tab is not built yet: run `npm run build:tab` (npm start does it when tabs/dist is missing).\n');
    });
    return;
  }
  app.use(
    '/assets',
    express.static(join(tabDir, 'assets'), { immutable: true, maxAge: '365d', fallthrough: false }),
  );
  // /index.html asked for by name is still the tab: same policy as the routes below.
  app.use(express.static(tabDir, { index: false, maxAge: '1h', setHeaders: (res, file) => (file.endsWith('.html') ? frame(res) : undefined) }));
  app.get(/^\/(?!api(?:\/|$)).*/, (_req, res) => {
    frame(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
