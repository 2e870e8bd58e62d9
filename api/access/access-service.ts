import { createHash } from 'node:crypto';
import { readDirectory, type LogInfo, type Store } from '../adapters/store/index.ts';
import { recordedTag } from '../adapters/store/recorded-events.ts';
import type { Principal } from '../auth/principal.ts';
import type { EventLog } from '../engine/index.ts';
import { AuthorisedView } from './authorised-view.ts';
import { Directory, type Identity } from './directory.ts';
import type { AnalysisExecutor } from './executor.ts';
import { LogNotFound, NoRole } from './errors.ts';
import { scopeOf } from './scope.ts';
import { scopedLog } from './scoped-log.ts';

interface Scope {
  readonly cases: Uint8Array | null;
  readonly key: string;
  readonly count: number;
}

const SCOPE_CACHE_SIZE = 256;
/** Logs of single scopes: a fraction of the log each, but a real copy, so fewer are kept. */
const OWN_LOG_CACHE_SIZE = 32;

/**
 * The one door to logs: who the caller is (identify) and the log as they may see it (view).
 * Scopes are computed once per (log version, directory revision, scope descriptor) and shared
 * by everyone with the same descriptor. The catalogue of logs is kept in memory; this process
 * is the only writer, and it calls logsChanged() after every import or delete.
 */
export class AccessService {
  private directoryNow: Directory;
  private readonly scopes = new Map<string, Promise<Scope>>();
  private readonly ownLogs = new Map<string, EventLog>();
  private catalogue: Promise<LogInfo[]> | null = null;

  private constructor(
    private readonly store: Store,
    private readonly loadLog: (info: LogInfo) => Promise<EventLog>,
    directory: Directory,
    private readonly executor: AnalysisExecutor,
  ) {
    this.directoryNow = directory;
  }

  static async create(store: Store, loadLog: (info: LogInfo) => Promise<EventLog>, executor: AnalysisExecutor): Promise<AccessService> {
    return new AccessService(store, loadLog, new Directory(await readDirectory(store)), executor);
  }

  get directory(): Directory {
    return this.directoryNow;
  }

  /** Re-reads teams, collectors and mappings after an administrative change. */
  async reloadDirectory(): Promise<void> {
    this.directoryNow = new Directory(await readDirectory(this.store));
  }

  /** The caller's identity, or NoRole. */
  identify(principal: Principal): Identity {
    const identity = this.directoryNow.identify(principal);
    if (!identity) throw new NoRole();
    return identity;
  }

  listLogs(): Promise<LogInfo[]> {
    if (!this.catalogue) {
      this.catalogue = this.store.listLogs();
      this.catalogue.catch(() => (this.catalogue = null));
    }
    return this.catalogue;
  }

  async getLog(id: string): Promise<LogInfo> {
    const info = (await this.listLogs()).find((log) => log.id === id);
    if (!info) throw new LogNotFound(id);
    return info;
  }

  logsChanged(): void {
    this.catalogue = null;
  }

  async view(logId: string, identity: Identity): Promise<AuthorisedView> {
    const info = await this.getLog(logId);
    const log = await this.loadLog(info);
    // Events recorded in Teams are merged into a version without changing its number: the tag
    // names that content, so scopes and cached results follow it.
    const revision = `${info.version}${recordedTag(log)}`;
    const directory = this.directoryNow;
    const cacheKey = `${info.id}@${revision}|${directory.revision}|${identity.scopeDescriptor}`;
    let scope = this.scopes.get(cacheKey);
    if (scope) {
      this.scopes.delete(cacheKey);
      this.scopes.set(cacheKey, scope); // most recently used last
    } else {
      scope = Promise.resolve().then(() => computeScope(log, identity, directory));
      if (this.scopes.size >= SCOPE_CACHE_SIZE) this.scopes.delete(this.scopes.keys().next().value!);
      this.scopes.set(cacheKey, scope);
      scope.catch(() => this.scopes.delete(cacheKey));
    }
    const { cases, key, count } = await scope;
    return new AuthorisedView(info, revision, log, cases, cases === null ? null : this.ownLog(`${info.id}@${revision}#${key}`, log, cases), key, count, this.executor);
  }

  private ownLog(key: string, log: EventLog, cases: Uint8Array): EventLog {
    let own = this.ownLogs.get(key);
    if (own) {
      this.ownLogs.delete(key);
    } else {
      own = scopedLog(log, cases);
      if (this.ownLogs.size >= OWN_LOG_CACHE_SIZE) this.ownLogs.delete(this.ownLogs.keys().next().value!);
    }
    this.ownLogs.set(key, own);
    return own;
  }
}

function computeScope(log: EventLog, identity: Identity, directory: Directory): Scope {
  const cases = scopeOf(log, identity, directory);
  if (cases === null) return { cases: null, key: 'all', count: log.caseIds.length };
  let count = 0;
  for (let c = 0; c < cases.length; c++) count += cases[c];
  return { cases, key: createHash('sha256').update(cases).digest('base64url').slice(0, 22), count };
}
