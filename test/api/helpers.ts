import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, importJWK, type JWK } from 'jose';
import { pino } from 'pino';
import type { z } from 'zod';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, LOCAL_TENANT } from '../../api/auth/auth-config.ts';
import { issueLocalToken } from '../../api/auth/issue-token.ts';
import { loadOrCreateLocalKey } from '../../api/auth/local-key.ts';
import type { Role } from '../../api/auth/roles.ts';
import { encodeFilter, type FilterSpec } from '../../api/contracts/index.ts';
import { configFromEnv } from '../../api/server/config.ts';
import { startServer, type RunningServer } from '../../api/server/start.ts';

/** The sample organisation's people the tests sign in as. */
export const PEOPLE = {
  collector: { user: 'Jessica Alvarez', role: 'collector' as Role },
  otherCollector: { user: 'Lukas Becker', role: 'collector' as Role },
  manager: { user: 'Karen Whitfield', role: 'manager' as Role },
  executive: { user: 'Eve Executive', role: 'executive' as Role },
};

export interface TestServer {
  readonly url: string;
  readonly dataDir: string;
  readonly running: RunningServer;
  /** The sample log's id. */
  readonly logId: string;
  token(user: string, role: Role, extra?: { team?: string }): Promise<string>;
  /** fetch against the server, with a token when given. */
  get(path: string, token?: string, headers?: Record<string, string>): Promise<Response>;
  send(method: string, path: string, token: string | undefined, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  stop(): Promise<void>;
}

/**
 * The real server over real HTTP on an ephemeral port, with a real DuckDB store in a fresh data
 * folder filled by the sample bootstrap (generateSample → logFromRecords → prepareLog →
 * store.saveLog, and the sample organisation with its teams' rules).
 */
export async function startTestServer(env: Record<string, string> = {}): Promise<TestServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'cl-api-'));
  const config = configFromEnv({ DATA_DIR: dataDir, PORT: '0', HOST: '127.0.0.1', SAMPLE_EVENTS: '5000', TAB_DIR: join(dataDir, 'no-tab'), ...env });
  const running = await startServer(config, pino({ level: 'silent' }), '0.0.0-test');
  const logId = (await running.services.access.listLogs())[0].id;
  const url = running.url;
  const headersWith = (token: string | undefined, headers: Record<string, string> = {}) => ({
    ...(token ? { authorization: `Bearer ${token}` } : {}),
    ...headers,
  });
  return {
    url,
    dataDir,
    running,
    logId,
    token: (user, role, extra = {}) => issueLocalToken(dataDir, { user, role, team: extra.team }),
    get: (path, token, headers) => fetch(`${url}${path}`, { headers: headersWith(token, headers) }),
    send: (method, path, token, body, headers = {}) =>
      fetch(`${url}${path}`, {
        method,
        headers: headersWith(token, body === undefined ? headers : { 'content-type': 'application/json', ...headers }),
        body: body === undefined ? undefined : JSON.stringify(body),
      }),
    stop: async () => {
      await running.stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** A token signed with the data folder's key but with claims of the test's choosing. */
export async function craftedToken(dataDir: string, claims: Record<string, unknown>, options: { key?: 'local' | 'foreign'; kid?: string } = {}): Promise<string> {
  const local = await loadOrCreateLocalKey(dataDir);
  let key = local.privateKey;
  if (options.key === 'foreign') {
    const { generateKeyPair, exportJWK } = await import('jose');
    const pair = await generateKeyPair('ES256', { extractable: true });
    key = (await importJWK((await exportJWK(pair.privateKey)) as JWK, 'ES256')) as typeof key;
  }
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({
    iss: LOCAL_ISSUER,
    aud: LOCAL_AUDIENCE,
    tid: LOCAL_TENANT,
    oid: 'crafted-user',
    sub: 'crafted-user',
    name: PEOPLE.executive.user,
    roles: ['executive'],
    iat: now,
    nbf: now,
    exp: now + 600,
    ...claims,
  })
    .setProtectedHeader({ alg: 'ES256', kid: options.kid ?? local.kid })
    .sign(key);
}

export const filterParam = (spec: FilterSpec) => `filter=${encodeFilter(spec)}`;

/** The body parsed with the contract's schema: the response must be what the document says. */
export async function parsed<S extends z.ZodType>(response: Response, schema: S): Promise<z.output<S>> {
  const body = (await response.json()) as unknown;
  const result = schema.safeParse(body);
  if (!result.success) throw new Error(`response does not match the contract: ${result.error.message}\n${JSON.stringify(body).slice(0, 500)}`);
  return result.data;
}

/** Waits for an import job to end, polling. */
export async function waitForImport(server: TestServer, token: string, jobId: string): Promise<Record<string, unknown>> {
  for (;;) {
    const job = (await (await server.get(`/api/imports/${jobId}`, token)).json()) as Record<string, unknown>;
    if (job.status === 'succeeded' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
