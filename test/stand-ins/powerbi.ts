/**
 * A local stand-in for the two Power BI REST calls embedding makes, on 127.0.0.1:
 *
 *   GET  /v1.0/myorg/groups/{workspace}/reports/{report}   report metadata (id, name, embedUrl, datasetId)
 *   POST /v1.0/myorg/GenerateToken                          embed token (V2 body), { token, tokenId, expiration }
 *
 * Every call needs `Authorization: Bearer <token>`; `authorize(token)` says who it is (for
 * example through the Entra stand-in's verify()), undefined = 401 as Power BI answers an
 * unknown or expired token. Like the service, GenerateToken refuses a dataset with row-level
 * security unless every identity names one of its roles (400), and a report or dataset it does
 * not know (404 with PowerBIEntityNotFound).
 *
 *   requests              every request: method, path, the caller authorize() returned, body
 *   failNext(n, status)   the next n requests fail with that status
 *   refuse(subject)       that caller gets 403 on report metadata (no access to the workspace)
 *   await close()
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface PowerBiCaller {
  /** Who the token stands for: a user's oid or a service principal. */
  readonly subject: string;
  /** What kind of token it is (client_credentials, on-behalf-of grant...). */
  readonly kind: string;
}

export interface PowerBiStandInOptions {
  readonly workspaceId: string;
  readonly reportId: string;
  readonly datasetId: string;
  /** The dataset's RLS roles; GenerateToken needs an identity naming one of them. */
  readonly rlsRoles?: readonly string[];
  readonly reportName?: string;
  readonly authorize: (token: string) => PowerBiCaller | undefined;
}

export interface RecordedPowerBiRequest {
  readonly method: string;
  readonly path: string;
  readonly caller: PowerBiCaller | undefined;
  readonly body: unknown;
}

export interface PowerBiStandIn {
  readonly url: string;
  readonly requests: RecordedPowerBiRequest[];
  /** Embed tokens handed out, by token. */
  readonly issued: Map<string, { readonly body: unknown; readonly expiration: string }>;
  failNext(count: number, status?: number): void;
  refuse(subject: string): void;
  close(): Promise<void>;
}

interface GenerateBody {
  datasets?: { id?: string }[];
  reports?: { id?: string }[];
  identities?: { username?: string; roles?: string[]; datasets?: string[]; customData?: string }[];
  lifetimeInMinutes?: number;
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', RequestId: randomUUID() });
  res.end(JSON.stringify(body));
}

function error(res: ServerResponse, status: number, code: string, message = code): void {
  send(res, status, { error: { code, message } });
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startPowerBiStandIn(options: PowerBiStandInOptions): Promise<PowerBiStandIn> {
  const failures: number[] = [];
  const refused = new Set<string>();
  const rlsRoles = options.rlsRoles ?? [];
  const state: PowerBiStandIn = {
    url: '',
    requests: [],
    issued: new Map(),
    failNext: (count, status = 500) => {
      for (let i = 0; i < count; i++) failures.push(status);
    },
    refuse: (subject) => refused.add(subject),
    close: () => new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve()))),
  };

  const reportPath = `/v1.0/myorg/groups/${options.workspaceId}/reports/${options.reportId}`;

  const generate = (res: ServerResponse, body: GenerateBody): void => {
    for (const dataset of body.datasets ?? []) if (dataset.id !== options.datasetId) return error(res, 404, 'PowerBIEntityNotFound');
    for (const report of body.reports ?? []) if (report.id !== options.reportId) return error(res, 404, 'PowerBIEntityNotFound');
    if (!body.reports?.length) return error(res, 400, 'InvalidRequest', 'reports is required');
    const identities = body.identities ?? [];
    if (rlsRoles.length > 0) {
      if (identities.length === 0) return error(res, 400, 'InvalidRequest', 'Creating embed token for accessing dataset requires effective identity to be provided');
      for (const identity of identities) {
        if (!identity.username) return error(res, 400, 'InvalidRequest', 'username is required');
        if (!identity.roles?.length || !identity.roles.every((r) => rlsRoles.includes(r))) return error(res, 400, 'InvalidRequest', 'identity roles must be roles of the dataset');
        if (!identity.datasets?.includes(options.datasetId)) return error(res, 400, 'InvalidRequest', 'identity must name the dataset');
      }
    }
    const minutes = body.lifetimeInMinutes ?? 60;
    const token = `H4sI${randomBytes(24).toString('base64url')}`;
    const expiration = new Date(Date.now() + minutes * 60_000).toISOString();
    state.issued.set(token, { body, expiration });
    send(res, 200, { '@odata.context': 'http://wabi-north-europe-redirect.analysis.windows.net/v1.0/myorg/$metadata#Microsoft.PowerBI.ServiceContracts.Api.V1.EmbedToken', token, tokenId: randomUUID(), expiration });
  };

  const server = createServer((req, res) => {
    void (async () => {
      const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
      const text = req.method === 'POST' ? await readBody(req) : '';
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        return error(res, 400, 'InvalidRequest', 'body is not JSON');
      }
      const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
      const caller = bearer ? options.authorize(bearer) : undefined;
      state.requests.push({ method: req.method ?? '', path, caller, body });
      const failure = failures.shift();
      if (failure) return error(res, failure, 'InternalServerError');
      if (!caller) return error(res, 401, 'TokenExpired', 'Access token has expired, resubmit with a new access token');
      if (req.method === 'GET' && path === reportPath) {
        if (refused.has(caller.subject)) return error(res, 403, 'PowerBINotAuthorizedException');
        return send(res, 200, {
          '@odata.context': `http://wabi-north-europe-redirect.analysis.windows.net/v1.0/myorg/groups/${options.workspaceId}/$metadata#reports/$entity`,
          id: options.reportId,
          reportType: 'PowerBIReport',
          name: options.reportName ?? 'CollectionsLens',
          webUrl: `https://app.powerbi.com/groups/${options.workspaceId}/reports/${options.reportId}`,
          embedUrl: `https://app.powerbi.com/reportEmbed?reportId=${options.reportId}&groupId=${options.workspaceId}&w=2`,
          isFromPbix: false,
          isOwnedByMe: false,
          datasetId: options.datasetId,
          datasetWorkspaceId: options.workspaceId,
          users: [],
          subscriptions: [],
        });
      }
      if (req.method === 'GET' && path.startsWith(`/v1.0/myorg/groups/`)) return error(res, 404, 'PowerBIEntityNotFound');
      if (req.method === 'POST' && path === '/v1.0/myorg/GenerateToken') return generate(res, (body ?? {}) as GenerateBody);
      error(res, 404, 'NotFound', `The stand-in has no ${req.method} ${path}`);
    })().catch((e: unknown) => error(res, 500, 'StandInFault', String(e)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  (state as { url: string }).url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
