import type { z } from 'zod';
import type { Role } from '../../auth/roles.ts';
import type { embedConfigSchema } from '../../contracts/powerbi.ts';
import type { AppToken } from './app-tokens.ts';
import type { PowerBiConfig } from './config.ts';
import { PowerBiError, type EffectiveIdentity, type PowerBiRestClient, type ReportInfo } from './rest-client.ts';

export type EmbedConfig = Extract<z.infer<typeof embedConfigSchema>, { configured: true }>;

/** The signed-in user, as far as embedding cares. */
export interface EmbedUser {
  readonly id: string;
  readonly upn: string | null;
  /** Their bearer token to this API: the on-behalf-of assertion. */
  readonly token: string;
  readonly role: Role;
  readonly teams: readonly string[];
}

/** On-behalf-of (api/auth/obo.ts's OboClient has this shape). */
export interface DelegatedTokens {
  acquire(userToken: string, scopes: readonly string[]): Promise<{ readonly accessToken: string; readonly expiresOn: Date | null }>;
}

export interface AppTokenSource {
  acquire(scope: string): Promise<AppToken>;
}

/** The separator of team names in customData, as the Team role's PATHCONTAINS() reads it. */
export const TEAM_SEPARATOR = '|';

const REPORT_CACHE_MS = 5 * 60_000;
const MAX_CACHED_TOKENS = 500;

/**
 * What the tab needs to embed the executive report, in either model:
 * - organization: the user's own Power BI token (on-behalf-of), so Power BI applies their own
 *   workspace access and role membership;
 * - customers: an embed token the service principal generates with an effective identity whose
 *   customData carries the user's teams, which the Team role filters on.
 * Both answer with the expiry and a refresh time, so the tab swaps tokens before they lapse.
 */
export class PowerBiEmbedder {
  private report: { info: ReportInfo; until: number } | null = null;
  private readonly embedTokens = new Map<string, EmbedConfig>();

  constructor(
    readonly config: PowerBiConfig,
    private readonly rest: PowerBiRestClient,
    private readonly obo: DelegatedTokens | null,
    private readonly app: AppTokenSource | null,
    private readonly now: () => number = Date.now,
  ) {}

  embedConfig(user: EmbedUser): Promise<EmbedConfig> {
    return this.config.mode === 'organization' ? this.forOrganization(user) : this.forCustomers(user);
  }

  private async forOrganization(user: EmbedUser): Promise<EmbedConfig> {
    if (!this.obo) throw new PowerBiError('on-behalf-of is not configured', 0, 'token');
    const { accessToken, expiresOn } = await this.obo.acquire(user.token, [this.config.scope]);
    // Asked with the user's token: a report they may not open fails here, not in the tab.
    const report = await this.rest.getReport(accessToken, this.config.workspaceId, this.config.reportId);
    const expiresAt = expiresOn?.getTime() ?? this.now() + 60 * 60_000;
    return this.answer(report, this.config.datasetId ?? report.datasetId, 'Aad', accessToken, expiresAt, null);
  }

  private async forCustomers(user: EmbedUser): Promise<EmbedConfig> {
    if (!this.app) throw new PowerBiError('the service principal is not configured', 0, 'token');
    const { accessToken } = await this.app.acquire(this.config.scope);
    const report = await this.reportAsApp(accessToken);
    const datasetId = this.config.datasetId ?? report.datasetId;
    if (!datasetId) throw new PowerBiError('the report names no dataset; set POWERBI_DATASET_ID', 0, 'config');
    const identity = this.identityOf(user, datasetId);
    const key = JSON.stringify(identity);
    const kept = this.embedTokens.get(key);
    if (kept && Date.parse(kept.refreshAt) > this.now()) return kept;

    const token = await this.rest.generateToken(accessToken, {
      datasets: [{ id: datasetId }],
      reports: [{ id: report.id, allowEdit: false }],
      identities: [identity],
      lifetimeInMinutes: this.config.tokenMinutes,
    });
    const teams = identity.customData ? identity.customData.split(TEAM_SEPARATOR) : [];
    const answer = this.answer(report, datasetId, 'Embed', token.token, Date.parse(token.expiration), { username: identity.username, roles: [...identity.roles], teams });
    if (this.embedTokens.size >= MAX_CACHED_TOKENS) this.embedTokens.delete(this.embedTokens.keys().next().value!);
    this.embedTokens.set(key, answer);
    return answer;
  }

  /** Executives see every team through the unfiltered role; everyone else through the Team role. */
  private identityOf(user: EmbedUser, datasetId: string): EffectiveIdentity {
    const username = user.upn ?? user.id;
    if (user.role === 'executive') return { username, roles: [this.config.allRole], datasets: [datasetId] };
    const teams = [...new Set(user.teams.map((t) => t.replaceAll(TEAM_SEPARATOR, '')))].sort();
    return { username, roles: [this.config.teamRole], datasets: [datasetId], customData: teams.join(TEAM_SEPARATOR) };
  }

  private async reportAsApp(accessToken: string): Promise<ReportInfo> {
    if (this.report && this.report.until > this.now()) return this.report.info;
    const info = await this.rest.getReport(accessToken, this.config.workspaceId, this.config.reportId);
    this.report = { info, until: this.now() + REPORT_CACHE_MS };
    return info;
  }

  private answer(report: ReportInfo, datasetId: string | null, tokenType: 'Aad' | 'Embed', accessToken: string, expiresAt: number, rls: EmbedConfig['rls']): EmbedConfig {
    // Ten minutes ahead, as Microsoft's refresh sample does; half the lifetime for short tokens.
    const lead = Math.min(10 * 60_000, Math.max(0, (expiresAt - this.now()) / 2));
    return {
      configured: true,
      mode: this.config.mode,
      tokenType,
      accessToken,
      expiresAt: new Date(expiresAt).toISOString(),
      refreshAt: new Date(expiresAt - lead).toISOString(),
      embedUrl: report.embedUrl,
      reportId: report.id,
      workspaceId: this.config.workspaceId,
      datasetId,
      rls,
    };
  }
}
