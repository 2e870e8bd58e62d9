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
  const frame = (res: Response) => res.setHeader('Content-Security-Policy', `frame-ancestors ${FRAME_ANCESTORS}`);
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
  app.use(express.static(tabDir, { index: false, maxAge: '1h' }));
  app.get(/^\/(?!api(?:\/|$)).*/, (_req, res) => {
    frame(res);
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}
