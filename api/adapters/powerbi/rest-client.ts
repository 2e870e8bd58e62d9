/** A Power BI REST call that failed; status 0 = no HTTP answer (network, token). */
export class PowerBiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    /** Power BI's error code (PowerBIEntityNotFound…), or what failed. */
    readonly code: string | null,
  ) {
    super(message);
    this.name = 'PowerBiError';
  }
}

export interface ReportInfo {
  readonly id: string;
  readonly name: string;
  readonly embedUrl: string;
  readonly datasetId: string | null;
}

/** EffectiveIdentity of GenerateToken: row-level security for an embed token. */
export interface EffectiveIdentity {
  readonly username: string;
  readonly roles: readonly string[];
  readonly datasets: readonly string[];
  readonly customData?: string;
}

export interface GenerateTokenRequest {
  readonly datasets: readonly { readonly id: string }[];
  readonly reports: readonly { readonly id: string; readonly allowEdit?: boolean }[];
  readonly identities?: readonly EffectiveIdentity[];
  readonly lifetimeInMinutes?: number;
}

export interface EmbedToken {
  readonly token: string;
  readonly tokenId: string;
  /** ISO-8601. */
  readonly expiration: string;
}

const TIMEOUT_MS = 20_000;

/**
 * The two Power BI REST calls embedding needs: report metadata (embed URL, dataset) and
 * GenerateToken V2. The base URL is configurable (POWERBI_API_URL) so tests talk to a stand-in.
 */
export class PowerBiRestClient {
  constructor(
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** GET /v1.0/myorg/groups/{workspace}/reports/{report}. */
  async getReport(accessToken: string, workspaceId: string, reportId: string): Promise<ReportInfo> {
    const body = await this.call('GET', `/v1.0/myorg/groups/${encodeURIComponent(workspaceId)}/reports/${encodeURIComponent(reportId)}`, accessToken);
    const report = body as { id?: unknown; name?: unknown; embedUrl?: unknown; datasetId?: unknown };
    if (typeof report.id !== 'string' || typeof report.embedUrl !== 'string') throw new PowerBiError('Power BI answered a report without id or embedUrl', 200, 'shape');
    return {
      id: report.id,
      name: typeof report.name === 'string' ? report.name : '',
      embedUrl: report.embedUrl,
      datasetId: typeof report.datasetId === 'string' ? report.datasetId : null,
    };
  }

  /** POST /v1.0/myorg/GenerateToken (V2: any number of datasets, reports and identities). */
  async generateToken(accessToken: string, request: GenerateTokenRequest): Promise<EmbedToken> {
    const body = (await this.call('POST', '/v1.0/myorg/GenerateToken', accessToken, request)) as Partial<EmbedToken>;
    if (typeof body.token !== 'string' || typeof body.expiration !== 'string') throw new PowerBiError('Power BI answered GenerateToken without a token', 200, 'shape');
    return { token: body.token, tokenId: String(body.tokenId ?? ''), expiration: body.expiration };
  }

  private async call(method: 'GET' | 'POST', path: string, accessToken: string, body?: unknown): Promise<unknown> {
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${accessToken}`, accept: 'application/json', ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      throw new PowerBiError(`Power BI could not be reached (${(error as Error).name})`, 0, 'network');
    }
    const text = await res.text();
    const json = text ? safeJson(text) : null;
    if (!res.ok) {
      const code = (json as { error?: { code?: unknown } } | null)?.error?.code;
      throw new PowerBiError(`Power BI answered ${res.status}${typeof code === 'string' ? ` (${code})` : ''} to ${method} ${path}`, res.status, typeof code === 'string' ? code : null);
    }
    return json;
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
