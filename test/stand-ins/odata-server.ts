/**
 * A small stand-in for the Dynamics 365 Finance & Operations OData service, on 127.0.0.1.
 *
 *   GET /Metadata/DataEntities                     Name, PublicEntityName, PublicCollectionName
 *   GET /data/{Collection}?cross-company=true&$filter=…&$orderby=…&$select=…&$count=true
 *   GET /data/{Collection}/$count?…                plain-text count
 *
 * Server-driven paging: at most `pageSize` rows per response, and an @odata.nextLink carrying
 * $skip (and $top when the client gave one), as F&O does. Without cross-company=true only the
 * default company's rows are visible. $filter understands comparisons (eq ne gt ge lt le) of a
 * field with a string, number, boolean, null or unquoted date-time literal, joined by `and`, with
 * parentheses. A request needs a Bearer token; `authorize` decides which (default: any).
 *
 * Faults, for retry and resume tests:
 *   throttleNext(n, retryAfterSeconds)   next n data requests: 429 with Retry-After
 *   failNext(n, status = 500)            next n data requests: that status
 *   failPage(collection, page, options)  that page (0-based) of that collection fails, `times` times
 *   expireTokenAfter(n)                  the token in use at the n-th next data request is expired
 *                                        afterwards: 401 until the client brings another
 *   slowNext(n, delayMs)                 next n data requests are answered (normally) only after delayMs
 *   garbageNext(n, body?)                next n data requests: 200 with a body that is not OData JSON
 *   clearFaults()
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StandInRow = Record<string, unknown>;

export interface StandInEntity {
  /** The data entity's Name, as /Metadata/DataEntities lists it. */
  readonly name: string;
  readonly collection: string;
  rows: StandInRow[];
  /** The field cross-company filtering looks at (default dataAreaId; null: shared across companies). */
  readonly companyField?: string | null;
}

export interface ODataStandInOptions {
  readonly entities: readonly StandInEntity[];
  /** Rows per response (default 3, small so that tests page). */
  readonly pageSize?: number;
  /** The caller's default company, all a query without cross-company=true sees (default usmf). */
  readonly defaultCompany?: string;
  readonly authorize?: (token: string) => boolean;
}

export interface StandInRequest {
  readonly path: string;
  readonly collection?: string;
  readonly query: Readonly<Record<string, string>>;
  readonly status: number;
  readonly token?: string;
  /** 0-based page of the collection the request asked for. */
  readonly page?: number;
  readonly rows?: number;
}

export interface ODataStandIn {
  readonly url: string;
  readonly requests: StandInRequest[];
  entity(collection: string): StandInEntity;
  throttleNext(count: number, retryAfterSeconds: number): void;
  failNext(count: number, status?: number): void;
  failPage(collection: string, page: number, options?: { status?: number; times?: number }): void;
  expireTokenAfter(requests: number): void;
  slowNext(count: number, delayMs: number): void;
  garbageNext(count: number, body?: string): void;
  clearFaults(): void;
  close(): Promise<void>;
}

// ---- $filter ---------------------------------------------------------------------------------

type Expr = { kind: 'and'; left: Expr; right: Expr } | { kind: 'or'; left: Expr; right: Expr } | { kind: 'cmp'; field: string; op: string; value: unknown };

const DATE_TIME = /^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/;

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ') {
      i++;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (c === "'") {
      let j = i + 1;
      let s = '';
      while (j < text.length) {
        if (text[j] === "'" && text[j + 1] === "'") {
          s += "'";
          j += 2;
        } else if (text[j] === "'") break;
        else s += text[j++];
      }
      tokens.push(`'${s}`);
      i = j + 1;
    } else {
      let j = i;
      while (j < text.length && text[j] !== ' ' && text[j] !== '(' && text[j] !== ')') {
        if (text[j] === "'") {
          // Enum literal Namespace.Enum'Value'.
          const end = text.indexOf("'", j + 1);
          j = end + 1;
          break;
        }
        j++;
      }
      tokens.push(text.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

function literal(token: string): unknown {
  if (token.startsWith("'")) return token.slice(1);
  const enumValue = /^[\w.]+'(.*)'$/.exec(token);
  if (enumValue) return enumValue[1];
  if (token === 'null') return null;
  if (token === 'true' || token === 'false') return token === 'true';
  if (DATE_TIME.test(token)) return { dateTime: Date.parse(token) };
  const n = Number(token);
  if (Number.isFinite(n)) return n;
  throw new Error(`unsupported literal ${token}`);
}

function parseFilter(text: string): Expr {
  const tokens = tokenize(text);
  let pos = 0;
  const primary = (): Expr => {
    if (tokens[pos] === '(') {
      pos++;
      const inner = or();
      if (tokens[pos++] !== ')') throw new Error('missing )');
      return inner;
    }
    const field = tokens[pos++];
    const op = tokens[pos++];
    if (!['eq', 'ne', 'gt', 'ge', 'lt', 'le'].includes(op)) throw new Error(`unsupported operator ${op}`);
    return { kind: 'cmp', field, op, value: literal(tokens[pos++]) };
  };
  const and = (): Expr => {
    let left = primary();
    while (tokens[pos] === 'and') {
      pos++;
      left = { kind: 'and', left, right: primary() };
    }
    return left;
  };
  const or = (): Expr => {
    let left = and();
    while (tokens[pos] === 'or') {
      pos++;
      left = { kind: 'or', left, right: and() };
    }
    return left;
  };
  const expr = or();
  if (pos !== tokens.length) throw new Error(`unexpected ${tokens[pos]}`);
  return expr;
}

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return -1;
  if (b === null || b === undefined) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a).toLowerCase();
  const sb = String(b).toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

function matches(row: StandInRow, expr: Expr): boolean {
  if (expr.kind === 'and') return matches(row, expr.left) && matches(row, expr.right);
  if (expr.kind === 'or') return matches(row, expr.left) || matches(row, expr.right);
  const actual = row[expr.field];
  let c: number;
  if (expr.value && typeof expr.value === 'object' && 'dateTime' in expr.value) {
    if (actual === null || actual === undefined) return expr.op === 'ne';
    c = Date.parse(String(actual)) - (expr.value as { dateTime: number }).dateTime;
  } else if (expr.value === null) {
    c = actual === null || actual === undefined ? 0 : 1;
  } else {
    c = compare(actual, expr.value);
  }
  switch (expr.op) {
    case 'eq':
      return c === 0;
    case 'ne':
      return c !== 0;
    case 'gt':
      return c > 0;
    case 'ge':
      return c >= 0;
    case 'lt':
      return c < 0;
    default:
      return c <= 0;
  }
}

function sortRows(rows: StandInRow[], orderby: string): StandInRow[] {
  const keys = orderby.split(',').map((part) => {
    const [field, dir] = part.trim().split(/\s+/);
    return { field, desc: dir?.toLowerCase() === 'desc' };
  });
  const value = (row: StandInRow, field: string): unknown => {
    const v = row[field];
    return typeof v === 'string' && DATE_TIME.test(v) ? Date.parse(v) : v;
  };
  return rows.slice().sort((a, b) => {
    for (const { field, desc } of keys) {
      const c = compare(value(a, field), value(b, field));
      if (c !== 0) return desc ? -c : c;
    }
    return 0;
  });
}

// ---- server ----------------------------------------------------------------------------------

interface Fault {
  status: number;
  retryAfter?: number;
  remaining: number;
  collection?: string;
  page?: number;
}

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json; odata.metadata=minimal', ...headers });
  res.end(text);
}

function odataError(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  send(res, status, { error: { code: String(status), message, innererror: { message, type: 'StandIn' } } }, headers);
}

export async function startODataStandIn(options: ODataStandInOptions): Promise<ODataStandIn> {
  const pageSize = options.pageSize ?? 3;
  const defaultCompany = (options.defaultCompany ?? 'usmf').toLowerCase();
  const entities = new Map(options.entities.map((e) => [e.collection.toLowerCase(), { ...e, rows: e.rows.slice() }]));
  const faults: Fault[] = [];
  const slow: number[] = [];
  const garbage: string[] = [];
  const expired = new Set<string>();
  let expireIn: number | undefined;
  let url = '';

  const handle = (req: IncomingMessage, res: ServerResponse, record: (r: Omit<StandInRequest, 'path' | 'query' | 'token'>) => void, token: string) => {
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = decodeURIComponent(parsed.pathname);
    const query = Object.fromEntries(parsed.searchParams);
    if (path === '/Metadata/DataEntities') {
      record({ status: 200 });
      return send(res, 200, {
        '@odata.context': `${url}/Metadata/$metadata#DataEntities`,
        value: [...entities.values()].map((e) => ({
          Name: e.name,
          PublicEntityName: e.collection.replace(/s$/, ''),
          PublicCollectionName: e.collection,
          IsReadOnly: false,
          DataServiceEnabled: true,
        })),
      });
    }
    const match = /^\/data\/([^/]+)(\/\$count)?$/.exec(path);
    const entity = match ? entities.get(match[1].toLowerCase()) : undefined;
    if (!match || !entity) {
      record({ status: 404 });
      return odataError(res, 404, `No resource at ${path}`);
    }
    const skip = Number(query.$skip ?? 0);
    const page = Math.floor(skip / pageSize);
    const fault = faults.find((f) => f.remaining > 0 && (f.collection === undefined || (f.collection === entity.collection.toLowerCase() && f.page === page)));
    if (fault) {
      fault.remaining--;
      record({ collection: entity.collection, status: fault.status, page });
      const headers: Record<string, string> = fault.retryAfter !== undefined ? { 'retry-after': String(fault.retryAfter) } : {};
      return odataError(res, fault.status, fault.status === 429 ? 'Too many requests' : 'The stand-in was told to fail', headers);
    }
    if (expireIn !== undefined && --expireIn <= 0) {
      expired.add(token);
      expireIn = undefined;
    }
    let rows = entity.rows;
    if (query['cross-company'] !== 'true' && entity.companyField !== null) {
      const field = entity.companyField ?? 'dataAreaId';
      rows = rows.filter((r) => String(r[field] ?? '').toLowerCase() === defaultCompany);
    }
    try {
      if (query.$filter) {
        const expr = parseFilter(query.$filter);
        rows = rows.filter((r) => matches(r, expr));
      }
    } catch (error) {
      record({ collection: entity.collection, status: 400, page });
      return odataError(res, 400, `Invalid $filter: ${(error as Error).message}`);
    }
    if (match[2]) {
      record({ collection: entity.collection, status: 200, rows: rows.length });
      return send(res, 200, String(rows.length));
    }
    if (query.$orderby) rows = sortRows(rows, query.$orderby);
    const total = rows.length;
    const top = query.$top === undefined ? undefined : Number(query.$top);
    const take = Math.min(pageSize, top ?? Number.POSITIVE_INFINITY);
    const slice = rows.slice(skip, skip + take);
    const select = query.$select ? query.$select.split(',') : undefined;
    const value = slice.map((row, i) => {
      const out: StandInRow = { '@odata.etag': `W/"${skip + i}"` };
      for (const [k, v] of Object.entries(row)) if (!select || select.includes(k)) out[k] = v;
      return out;
    });
    const body: Record<string, unknown> = { '@odata.context': `${url}/data/$metadata#${entity.collection}`, value };
    if (query.$count === 'true') body['@odata.count'] = total;
    const remainingTop = top === undefined ? undefined : top - slice.length;
    if (skip + slice.length < total && (remainingTop === undefined || remainingTop > 0)) {
      const next = new URLSearchParams(parsed.searchParams);
      next.set('$skip', String(skip + slice.length));
      if (remainingTop !== undefined) next.set('$top', String(remainingTop));
      next.delete('$count');
      body['@odata.nextLink'] = `${url}${parsed.pathname}?${next.toString()}`;
    }
    record({ collection: entity.collection, status: 200, page, rows: slice.length });
    send(res, 200, body);
  };

  const state: ODataStandIn = {
    url: '',
    requests: [],
    entity: (collection) => {
      const found = entities.get(collection.toLowerCase());
      if (!found) throw new Error(`no entity ${collection}`);
      return found;
    },
    throttleNext: (count, retryAfterSeconds) => void faults.push({ status: 429, retryAfter: retryAfterSeconds, remaining: count }),
    failNext: (count, status = 500) => void faults.push({ status, remaining: count }),
    failPage: (collection, page, o = {}) =>
      void faults.push({ status: o.status ?? 500, remaining: o.times ?? Number.POSITIVE_INFINITY, collection: collection.toLowerCase(), page }),
    expireTokenAfter: (requests) => {
      expireIn = requests;
    },
    slowNext: (count, delayMs) => {
      for (let i = 0; i < count; i++) slow.push(delayMs);
    },
    garbageNext: (count, body = '<html><body>502 Bad Gateway (from a proxy, with status 200)</body></html>') => {
      for (let i = 0; i < count; i++) garbage.push(body);
    },
    clearFaults: () => {
      faults.length = 0;
      slow.length = 0;
      garbage.length = 0;
      expireIn = undefined;
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };

  const server = createServer((req, res) => {
    const parsed = new URL(req.url ?? '/', 'http://127.0.0.1');
    const query = Object.fromEntries(parsed.searchParams);
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const record = (r: Omit<StandInRequest, 'path' | 'query' | 'token'>) => state.requests.push({ path: parsed.pathname, query, token: bearer, ...r });
    if (req.method !== 'GET') {
      record({ status: 405 });
      return odataError(res, 405, 'The stand-in is read-only');
    }
    if (!bearer || expired.has(bearer) || (options.authorize && !options.authorize(bearer))) {
      record({ status: 401 });
      return odataError(res, 401, 'Unauthorized', { 'www-authenticate': 'Bearer error="invalid_token", error_description="The access token has expired"' });
    }
    const serve = () => {
      try {
        handle(req, res, record, bearer);
      } catch (error) {
        record({ status: 500 });
        odataError(res, 500, String(error));
      }
    };
    if (parsed.pathname.startsWith('/data/') && garbage.length > 0) {
      record({ status: 200 });
      res.writeHead(200, { 'content-type': 'application/json; odata.metadata=minimal' });
      return res.end(garbage.shift());
    }
    if (parsed.pathname.startsWith('/data/') && slow.length > 0) {
      setTimeout(serve, slow.shift());
      return;
    }
    serve();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  (state as { url: string }).url = url;
  return state;
}
