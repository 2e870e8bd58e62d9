import { backoffDelay, DEFAULT_RETRY, isRetryableStatus, retryAfterMs, sleep as realSleep, type RetryPolicy } from './retry.ts';
import type { TokenSource } from './token.ts';

/**
 * A read-only client for the Finance & Operations OData service (`/data/`): cross-company
 * queries, server-driven paging through @odata.nextLink, retries on throttling (429 +
 * Retry-After) and server errors with jittered backoff, and one token renewal when a request
 * comes back 401 (the token expired mid-run).
 */

export type ODataRow = Record<string, unknown>;

export interface ODataQuery {
  readonly select?: readonly string[];
  readonly filter?: string;
  readonly orderby?: readonly string[];
  /** Ask for @odata.count on the first page (for progress). */
  readonly count?: boolean;
}

export interface ODataPage {
  readonly url: string;
  readonly rows: ODataRow[];
  /** Total rows matching the query, when asked for and returned. */
  readonly count?: number;
  readonly nextLink?: string;
}

export interface DataEntityInfo {
  readonly name: string;
  readonly publicEntityName?: string;
  readonly publicCollectionName?: string;
}

export interface RetryNotice {
  readonly url: string;
  /** The HTTP status; 'network' = no answer in time (connection refused, reset, timeout); 'invalid-response' = 200 with a body that is not what OData sends. */
  readonly status: number | 'network' | 'invalid-response';
  readonly attempt: number;
  readonly delayMs: number;
}

export interface ODataClientOptions {
  /** Environment root, e.g. https://contoso.operations.dynamics.com. */
  readonly baseUrl: string;
  readonly tokens: TokenSource;
  readonly retry?: Partial<RetryPolicy>;
  /** Rows per page the server is asked for (Prefer: odata.maxpagesize); F&O caps pages at 10,000. */
  readonly maxPageSize?: number;
  readonly timeoutMs?: number;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
  readonly onRetry?: (notice: RetryNotice) => void;
}

export class ODataError extends Error {
  constructor(
    message: string,
    readonly status: number | 'network',
    readonly url: string,
  ) {
    super(message);
    this.name = 'ODataError';
  }
}

function errorText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { error?: { message?: string; innererror?: { message?: string } } };
    return parsed.error?.innererror?.message || parsed.error?.message || body.slice(0, 300);
  } catch {
    return body.slice(0, 300);
  }
}

/** A 200 whose body is not what the service sends. */
class InvalidBody extends Error {}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new InvalidBody('the response is not JSON');
  }
}

type PageBody = { value: ODataRow[]; '@odata.nextLink'?: string; '@odata.count'?: number };

function parsePage(text: string): PageBody {
  const parsed = parseJson(text) as Partial<PageBody> | null;
  if (!parsed || !Array.isArray(parsed.value)) throw new InvalidBody('the response has no "value" array');
  return parsed as PageBody;
}

function cleanRow(row: ODataRow): ODataRow {
  const out: ODataRow = {};
  for (const key of Object.keys(row)) if (!key.startsWith('@odata.')) out[key] = row[key];
  return out;
}

export class ODataClient {
  private readonly base: URL;
  private readonly retry: RetryPolicy;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: ODataClientOptions) {
    this.base = new URL(options.baseUrl);
    this.retry = { ...DEFAULT_RETRY, ...options.retry };
    this.sleep = options.sleep ?? realSleep;
  }

  /** The URL of a query over an entity set, always cross-company. */
  queryUrl(collection: string, query: ODataQuery = {}, suffix = ''): string {
    const params: string[] = ['cross-company=true'];
    // F&O wants the $ options unencoded; values are encoded.
    if (query.select?.length) params.push(`$select=${query.select.map(encodeURIComponent).join(',')}`);
    if (query.filter) params.push(`$filter=${encodeURIComponent(query.filter)}`);
    if (query.orderby?.length) params.push(`$orderby=${query.orderby.map(encodeURIComponent).join(',')}`);
    if (query.count) params.push('$count=true');
    return `${this.base.origin}/data/${encodeURIComponent(collection)}${suffix}?${params.join('&')}`;
  }

  /** Every page of a query, following @odata.nextLink until there is none. */
  async *pages(collection: string, query: ODataQuery = {}): AsyncGenerator<ODataPage> {
    let url: string | undefined = this.queryUrl(collection, query);
    while (url) {
      const body: PageBody = await this.request(url, 'application/json', parsePage);
      const nextLink: string | undefined = body['@odata.nextLink'];
      yield { url, rows: body.value.map(cleanRow), count: body['@odata.count'], nextLink };
      url = nextLink ? this.checkedLink(nextLink) : undefined;
    }
  }

  /** Rows a query would return, from the service's /$count. */
  async count(collection: string, filter?: string): Promise<number> {
    return this.request(this.queryUrl(collection, { filter }, '/$count'), 'text/plain', (text) => {
      const n = Number(text.replace(/^\uFEFF/, '').trim());
      if (text.trim() === '' || !Number.isFinite(n)) throw new InvalidBody(`$count returned "${text.slice(0, 40)}"`);
      return n;
    });
  }

  /** The data entities the environment exposes (GET /Metadata/DataEntities). */
  async dataEntities(): Promise<DataEntityInfo[]> {
    const infos: DataEntityInfo[] = [];
    let url: string | undefined = `${this.base.origin}/Metadata/DataEntities`;
    while (url) {
      const body = (await this.getJson(url)) as { value?: Record<string, unknown>[]; '@odata.nextLink'?: string };
      for (const e of body.value ?? []) {
        if (typeof e.Name !== 'string') continue;
        infos.push({
          name: e.Name,
          publicEntityName: typeof e.PublicEntityName === 'string' ? e.PublicEntityName : undefined,
          publicCollectionName: typeof e.PublicCollectionName === 'string' ? e.PublicCollectionName : undefined,
        });
      }
      url = body['@odata.nextLink'] ? this.checkedLink(body['@odata.nextLink']) : undefined;
    }
    return infos;
  }

  getJson(url: string): Promise<unknown> {
    return this.request(url, 'application/json', parseJson);
  }

  /** A nextLink must stay on the environment: the bearer token goes wherever it points. */
  private checkedLink(link: string): string {
    const next = new URL(link, this.base);
    if (next.origin !== this.base.origin) throw new ODataError(`refusing @odata.nextLink to another host: ${next.origin}`, 200, link);
    return next.toString();
  }

  /**
   * One GET, retried within the attempt budget on throttling, server errors, no answer in time
   * (the timeout covers the body too) and a 200 whose body `parse` refuses (a proxy's error page,
   * a truncated or garbled body): each is transient more often than not.
   */
  private async request<T>(url: string, accept: string, parse: (text: string) => T): Promise<T> {
    const { tokens, maxPageSize, timeoutMs = 120_000 } = this.options;
    let renewed: string | undefined;
    for (let attempt = 1; ; attempt++) {
      const bearer = renewed ?? (await tokens.token());
      const headers: Record<string, string> = {
        authorization: `Bearer ${bearer}`,
        accept,
        'OData-Version': '4.0',
        'OData-MaxVersion': '4.0',
      };
      if (maxPageSize) headers.prefer = `odata.maxpagesize=${maxPageSize}`;
      let response: Response;
      let text: string;
      try {
        response = await fetch(url, { headers, signal: AbortSignal.timeout(timeoutMs) });
        text = await response.text();
      } catch (error) {
        const reason = (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (error as Error).message;
        if (attempt >= this.retry.maxAttempts) throw new ODataError(`${url}: ${reason} (after ${attempt} attempts)`, 'network', url);
        await this.wait(url, 'network', attempt, backoffDelay(this.retry, attempt, this.options.random));
        continue;
      }
      if (response.ok) {
        try {
          return parse(text);
        } catch (error) {
          const reason = error instanceof InvalidBody ? error.message : 'the response is not JSON';
          if (attempt >= this.retry.maxAttempts) throw new ODataError(`${url}: ${reason} (after ${attempt} attempts)`, 200, url);
          await this.wait(url, 'invalid-response', attempt, backoffDelay(this.retry, attempt, this.options.random));
          continue;
        }
      }
      const body = text;
      if (response.status === 401 && renewed === undefined) {
        // An expired token mid-run: one fresh token per request, outside the attempt budget.
        renewed = await tokens.renew();
        attempt--;
        continue;
      }
      renewed = undefined;
      if (isRetryableStatus(response.status) && attempt < this.retry.maxAttempts) {
        const asked = retryAfterMs(response.headers.get('retry-after'));
        if (asked !== undefined && asked > this.retry.maxRetryAfterMs) {
          throw new ODataError(`${url}: throttled with Retry-After ${Math.round(asked / 1000)} s, longer than the ${Math.round(this.retry.maxRetryAfterMs / 1000)} s allowed`, response.status, url);
        }
        await this.wait(url, response.status, attempt, asked ?? backoffDelay(this.retry, attempt, this.options.random));
        continue;
      }
      const hint = response.status === 401 || response.status === 403
        ? ' (is the app registered under System administration > Setup > Microsoft Entra ID applications, with a user that may read this entity?)'
        : '';
      const tries = attempt > 1 ? ` (after ${attempt} attempts)` : '';
      throw new ODataError(`${url}: HTTP ${response.status} ${errorText(body)}${hint}${tries}`, response.status, url);
    }
  }

  private async wait(url: string, status: RetryNotice['status'], attempt: number, delayMs: number): Promise<void> {
    this.options.onRetry?.({ url, status, attempt, delayMs });
    await this.sleep(delayMs);
  }
}
