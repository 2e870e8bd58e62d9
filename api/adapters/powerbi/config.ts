import type { AuthConfig } from '../../auth/auth-config.ts';

export type PowerBiMode = 'organization' | 'customers';

/** An Entra app that acts as itself (client credentials): the "embed for your customers" identity. */
export interface ServicePrincipal {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** e.g. https://login.microsoftonline.com, or a stand-in. */
  readonly authorityHost: string;
  /** Override of `<authorityHost>/<tenant>/oauth2/v2.0/token`. */
  readonly tokenEndpoint: string | null;
}

export interface PowerBiConfig {
  readonly mode: PowerBiMode;
  readonly apiUrl: string;
  readonly workspaceId: string;
  readonly reportId: string;
  /** Default: the report's own dataset. */
  readonly datasetId: string | null;
  /** Resource scope of Power BI tokens. */
  readonly scope: string;
  /** Embed tokens (customers): requested lifetime. */
  readonly tokenMinutes: number;
  /** Model role filtered by team (reports/…/roles/Team.tmdl), and the one that sees everything. */
  readonly teamRole: string;
  readonly allRole: string;
  /** customers only. */
  readonly servicePrincipal: ServicePrincipal | null;
}

export type PowerBiSetup = { readonly configured: true; readonly config: PowerBiConfig } | { readonly configured: false; readonly reason: string };

export interface PowerBiRemotes {
  readonly powerBiApiUrl: string;
  readonly entraAuthorityHost: string;
}

const DEFAULT_SCOPE = 'https://analysis.windows.net/powerbi/api/.default';

/**
 * POWERBI_* variables → the embedding setup, or why there is none. An incomplete setup is not
 * an error at start: the product runs without Power BI and the tab says what is missing.
 */
export function powerBiSetupFromEnv(env: NodeJS.ProcessEnv, remotes: PowerBiRemotes, auth: AuthConfig): PowerBiSetup {
  const text = (name: string) => env[name]?.trim() || null;
  const workspaceId = text('POWERBI_WORKSPACE_ID');
  const reportId = text('POWERBI_REPORT_ID');
  if (!workspaceId || !reportId) return { configured: false, reason: 'Set POWERBI_WORKSPACE_ID and POWERBI_REPORT_ID to embed the executive report.' };
  const mode = text('POWERBI_MODE') ?? 'organization';
  if (mode !== 'organization' && mode !== 'customers') return { configured: false, reason: `POWERBI_MODE must be organization or customers, found "${mode}".` };
  const minutes = Number(text('POWERBI_TOKEN_MINUTES') ?? 60);
  if (!Number.isInteger(minutes) || minutes < 10 || minutes > 1440) return { configured: false, reason: 'POWERBI_TOKEN_MINUTES must be a whole number from 10 to 1440.' };

  let servicePrincipal: ServicePrincipal | null = null;
  if (mode === 'organization') {
    if (auth.mode !== 'entra' || !auth.clientSecret) {
      return { configured: false, reason: 'Embed for your organization acts on your behalf: it needs Entra ID sign-in (ENTRA_TENANT_ID, ENTRA_CLIENT_ID, ENTRA_CLIENT_SECRET).' };
    }
  } else {
    const entra = auth.mode === 'entra' ? auth : null;
    const tenantId = text('POWERBI_TENANT_ID') ?? entra?.tenantId ?? null;
    const clientId = text('POWERBI_CLIENT_ID') ?? entra?.clientId ?? null;
    const clientSecret = text('POWERBI_CLIENT_SECRET') ?? entra?.clientSecret ?? null;
    if (!tenantId || !clientId || !clientSecret) {
      return { configured: false, reason: 'Embed for your customers needs a service principal: POWERBI_TENANT_ID, POWERBI_CLIENT_ID and POWERBI_CLIENT_SECRET (or the ENTRA_* ones).' };
    }
    const sameApp = entra !== null && entra.tenantId === tenantId;
    servicePrincipal = { tenantId, clientId, clientSecret, authorityHost: remotes.entraAuthorityHost, tokenEndpoint: sameApp ? entra.tokenEndpoint : null };
  }
  return {
    configured: true,
    config: {
      mode,
      apiUrl: remotes.powerBiApiUrl,
      workspaceId,
      reportId,
      datasetId: text('POWERBI_DATASET_ID'),
      scope: text('POWERBI_SCOPE') ?? DEFAULT_SCOPE,
      tokenMinutes: minutes,
      teamRole: text('POWERBI_RLS_ROLE') ?? 'Team',
      allRole: text('POWERBI_RLS_ALL_ROLE') ?? 'Executive',
      servicePrincipal,
    },
  };
}
