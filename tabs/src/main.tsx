import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { loadClientConfig } from './auth/client-config.ts';
import { localTokenProvider } from './auth/local-token.ts';
import { msalTokenProvider } from './auth/msal-token.ts';
import { teamsTokenProvider } from './auth/teams-token.ts';
import type { TokenProvider } from './auth/token-provider.ts';
import { browserElk } from './map/elk-browser.ts';
import { detectHost } from './teams/teams.ts';

/**
 * Boot: find out whether Teams hosts the tab (instant in a plain browser), then pick where API
 * tokens come from — Teams SSO in Teams; outside it MSAL when the server has Entra ID
 * configured, else local development tokens.
 */
async function boot(): Promise<void> {
  performance.mark('cl:boot');
  // The layout engine's worker (1.6 MB of compiled Java) loads and compiles while the session
  // and the first map are fetched, instead of after them.
  browserElk();
  const [host, config] = await Promise.all([detectHost(), loadClientConfig()]);
  performance.mark('cl:host');
  let tokens: TokenProvider;
  if (host.inTeams) tokens = teamsTokenProvider();
  else if (config.auth.mode === 'entra') tokens = await msalTokenProvider(config.auth);
  else tokens = localTokenProvider();
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App host={host} tokens={tokens} />
    </StrictMode>,
  );
}

void boot();
