import { encodeFilter } from '../../../api/contracts/filter-encoding.ts';
import type { TokenProvider } from '../auth/token-provider.ts';
import type {
  BottleneckList,
  CasePage,
  CaseTimeline,
  ConformanceSummary,
  FilterSpec,
  KpiResult,
  LogList,
  Me,
  PolicyDocument,
  PolicySaveBody,
  PolicyValidation,
  ProcessMap,
  TeamList,
  VariantPage,
  ViolationPage,
} from './types.ts';

/** An RFC 9457 problem answered by the API, or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly problems: readonly string[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export type Query = Readonly<Record<string, string | number | boolean | undefined | null>>;

export interface MapQuery {
  readonly activities?: number;
  readonly paths?: number;
  readonly metric?: 'frequency' | 'performance';
  readonly statistic?: 'mean' | 'median' | 'p90' | 'max' | 'total';
}

export interface ApiClient {
  me(): Promise<Me>;
  logs(): Promise<LogList>;
  teams(): Promise<TeamList>;
  map(log: string, filter: FilterSpec, query?: MapQuery): Promise<ProcessMap>;
  variants(log: string, filter: FilterSpec, page?: { cursor?: string; limit?: number }): Promise<VariantPage>;
  cases(log: string, filter: FilterSpec, page?: { cursor?: string; limit?: number; sort?: 'log' | 'duration' | 'start' }): Promise<CasePage>;
  timeline(log: string, caseId: string, hideDerived?: boolean): Promise<CaseTimeline>;
  kpis(log: string, filter: FilterSpec, query?: { groupBy?: string; period?: 'all'; periodDays?: number }): Promise<KpiResult>;
  conformance(log: string, filter: FilterSpec): Promise<ConformanceSummary>;
  violations(log: string, filter: FilterSpec, page?: { cursor?: string; limit?: number; rule?: string }): Promise<ViolationPage>;
  bottlenecks(log: string, filter: FilterSpec, query?: { rankBy?: 'wait' | 'exposure'; limit?: number }): Promise<BottleneckList>;
  policy(): Promise<PolicyDocument>;
  validatePolicy(policy: unknown): Promise<PolicyValidation>;
  savePolicy(body: PolicySaveBody): Promise<PolicyDocument>;
  /** Any other GET (routes added after this client): JSON, with the same token and errors. */
  get<T>(path: string, query?: Query): Promise<T>;
  /** A GET that must not come from the client's cache (tokens: the Power BI embed configuration). */
  getFresh<T>(path: string, query?: Query): Promise<T>;
  /** Forget cached answers (after a policy save, everything derived from it changes). */
  invalidate(): void;
}

/** Query-string form of a FilterSpec; empty specs are left out so the URL stays short. */
export function filterParam(spec: FilterSpec): string | undefined {
  return (spec.filters?.length ?? 0) > 0 || spec.hideDerived ? encodeFilter(spec) : undefined;
}

export function buildUrl(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

const CACHE_MS = 60_000;

export function createApiClient(tokens: TokenProvider, fetchImpl: typeof fetch = (...args) => fetch(...args), base = ''): ApiClient {
  const cache = new Map<string, { at: number; value: Promise<unknown> }>();

  async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
    const send = async (refresh: boolean) => {
      const token = await tokens.getToken(refresh);
      const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'application/json' };
      if (body !== undefined) headers['Content-Type'] = 'application/json';
      return fetchImpl(base + url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    };
    let response: Response;
    try {
      response = await send(false);
      // A token can expire between our check and the server's: one fresh try.
      if (response.status === 401) response = await send(true);
    } catch (error) {
      if (error instanceof ApiError || (error instanceof Error && error.name === 'SignInRequired')) throw error;
      throw new ApiError(0, error instanceof Error ? error.message : String(error));
    }
    if (!response.ok) throw await problemOf(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  function get<T>(path: string, query?: Query): Promise<T> {
    const url = buildUrl(path, query);
    const hit = cache.get(url);
    if (hit && Date.now() - hit.at < CACHE_MS) return hit.value as Promise<T>;
    const value = request<T>('GET', url);
    cache.set(url, { at: Date.now(), value });
    value.catch(() => cache.delete(url));
    return value;
  }

  const logPath = (log: string, rest = '') => `/api/logs/${encodeURIComponent(log)}${rest}`;
  return {
    me: () => get('/api/me'),
    logs: () => get('/api/logs'),
    teams: () => get('/api/teams'),
    map: (log, filter, q = {}) => get(logPath(log, '/map'), { filter: filterParam(filter), ...q }),
    variants: (log, filter, page = {}) => get(logPath(log, '/variants'), { filter: filterParam(filter), ...page }),
    cases: (log, filter, page = {}) => get(logPath(log, '/cases'), { filter: filterParam(filter), ...page }),
    timeline: (log, caseId, hideDerived = false) => get(logPath(log, `/cases/${encodeURIComponent(caseId)}`), { hideDerived: hideDerived ? 'true' : undefined }),
    kpis: (log, filter, q = {}) => get(logPath(log, '/kpis'), { filter: filterParam(filter), ...q }),
    conformance: (log, filter) => get(logPath(log, '/conformance'), { filter: filterParam(filter) }),
    violations: (log, filter, page = {}) => get(logPath(log, '/conformance/violations'), { filter: filterParam(filter), ...page }),
    bottlenecks: (log, filter, q = {}) => get(logPath(log, '/bottlenecks'), { filter: filterParam(filter), ...q }),
    policy: () => get('/api/policy'),
    validatePolicy: (policy) => request('POST', '/api/policy/validate', policy),
    savePolicy: async (body) => {
      const saved = await request<PolicyDocument>('PUT', '/api/policy', body);
      cache.clear();
      return saved;
    },
    get,
    getFresh: (path, query) => request('GET', buildUrl(path, query)),
    invalidate: () => cache.clear(),
  };
}

async function problemOf(response: Response): Promise<ApiError> {
  try {
    const problem = (await response.json()) as { title?: string; detail?: string; problems?: string[] };
    return new ApiError(response.status, problem.detail ?? problem.title ?? response.statusText, problem.problems ?? []);
  } catch {
    return new ApiError(response.status, response.statusText || `HTTP ${response.status}`);
  }
}
