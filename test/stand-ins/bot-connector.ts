/**
 * A local stand-in for the Bot Connector service, for tests that must not touch the network.
 * Point an activity's serviceUrl at `connector.serviceUrl` (http://127.0.0.1:<port>/) and the bot
 * (botbuilder CloudAdapter in local mode, no app id) sends its replies and proactive messages here.
 *
 *   POST /v3/conversations/{id}/activities                 new message (proactive digest)
 *   POST /v3/conversations/{id}/activities/{replyToId}     reply to an activity
 *   PUT  /v3/conversations/{id}/activities/{activityId}    update in place (a card after Action.Submit)
 *   GET  /v3/conversations/{id}/members/{userId}           the member (UPN, e-mail), when registered with addMember
 *
 *   connector.received            every call, in order: { method, conversationId (decoded), activityId, activity, status }
 *   connector.messages(convId?)   the POSTed activities that were accepted
 *   connector.updates(convId?)    the PUT activities that were accepted
 *   connector.failNext(n, status, retryAfterSeconds?)   the next n POSTs answer `status` (429, 502, …)
 *   connector.onMessage = (record) => { … }            called for each accepted POST before answering
 *   connector.waitFor(predicate, timeoutMs)            resolves when a recorded call matches
 *   await connector.close()
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ConnectorCall {
  readonly method: 'POST' | 'PUT' | 'GET';
  readonly conversationId: string;
  /** replyToId of a reply, the updated activity of a PUT, the user of a member lookup. */
  readonly activityId: string | null;
  readonly activity: Record<string, unknown> | null;
  /** What the stand-in answered. */
  readonly status: number;
  /** The id it gave a new activity. */
  readonly id: string | null;
  readonly at: number;
}

export interface BotConnectorStandIn {
  readonly serviceUrl: string;
  readonly received: readonly ConnectorCall[];
  messages(conversationId?: string): ConnectorCall[];
  updates(conversationId?: string): ConnectorCall[];
  failNext(count: number, status: number, retryAfterSeconds?: number): void;
  addMember(conversationId: string, userId: string, member: Record<string, unknown>): void;
  onMessage: ((call: ConnectorCall) => void) | null;
  waitFor(predicate: (call: ConnectorCall) => boolean, timeoutMs?: number): Promise<ConnectorCall>;
  close(): Promise<void>;
}

export async function startBotConnector(): Promise<BotConnectorStandIn> {
  const received: ConnectorCall[] = [];
  const members = new Map<string, Record<string, unknown>>();
  const failures: { status: number; retryAfter?: number }[] = [];
  const waiters: { predicate: (call: ConnectorCall) => boolean; resolve: (call: ConnectorCall) => void }[] = [];
  let nextId = 1;

  const record = (call: ConnectorCall) => {
    received.push(call);
    for (const waiter of [...waiters]) {
      if (waiter.predicate(call)) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(call);
      }
    }
  };

  const server = createServer(async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const path = (req.url ?? '').split('?')[0];
    const match = /^\/v3\/conversations\/([^/]+)\/(activities|members)(?:\/([^/]+))?\/?$/.exec(path);
    const answer = (status: number, json: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(json));
    };
    if (!match) return answer(404, { error: { code: 'NotFound', message: `no route ${req.method} ${path}` } });
    const conversationId = decodeURIComponent(match[1]);
    const target = match[3] ? decodeURIComponent(match[3]) : null;
    const activity = body ? (JSON.parse(body) as Record<string, unknown>) : null;
    const base = { conversationId, activityId: target, activity, at: Date.now() };

    if (match[2] === 'members') {
      const member = target ? members.get(`${conversationId}\u0000${target}`) : undefined;
      record({ ...base, method: 'GET', status: member ? 200 : 404, id: null });
      return member ? answer(200, member) : answer(404, { error: { code: 'MemberNotFound', message: 'no such member' } });
    }
    if (req.method === 'PUT' && target) {
      record({ ...base, method: 'PUT', status: 200, id: target });
      return answer(200, { id: target });
    }
    if (req.method !== 'POST') return answer(405, { error: { code: 'MethodNotAllowed', message: String(req.method) } });
    const failure = failures.shift();
    if (failure) {
      record({ ...base, method: 'POST', status: failure.status, id: null });
      return answer(failure.status, { error: { code: 'Throttled', message: `stand-in answered ${failure.status}` } }, failure.retryAfter === undefined ? {} : { 'retry-after': String(failure.retryAfter) });
    }
    const id = `activity-${nextId++}`;
    const call: ConnectorCall = { ...base, method: 'POST', status: 201, id };
    // Before answering: a crash test kills the bot here, so the bot never learns the send went through.
    stand.onMessage?.(call);
    record(call);
    answer(201, { id });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;

  const stand: BotConnectorStandIn = {
    serviceUrl: `http://127.0.0.1:${port}/`,
    received,
    messages: (conversationId) => received.filter((c) => c.method === 'POST' && c.status < 300 && (!conversationId || c.conversationId === conversationId)),
    updates: (conversationId) => received.filter((c) => c.method === 'PUT' && (!conversationId || c.conversationId === conversationId)),
    failNext: (count, status, retryAfterSeconds) => {
      for (let i = 0; i < count; i++) failures.push({ status, retryAfter: retryAfterSeconds });
    },
    addMember: (conversationId, userId, member) => members.set(`${conversationId}\u0000${userId}`, member),
    onMessage: null,
    waitFor: (predicate, timeoutMs = 10_000) => {
      const found = received.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = { predicate, resolve };
        waiters.push(waiter);
        setTimeout(() => {
          const i = waiters.indexOf(waiter);
          if (i >= 0) {
            waiters.splice(i, 1);
            reject(new Error(`the stand-in Bot Connector received no matching call in ${timeoutMs} ms`));
          }
        }, timeoutMs).unref();
      });
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return stand;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}
