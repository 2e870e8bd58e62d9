import type { Logger } from 'pino';
import type { VersionedPolicy } from '../access/index.ts';
import { crashPoint } from '../adapters/crash-point.ts';
import { appendPolicyVersion, getPolicyVersion, latestPolicyVersion, listPolicyVersions, type Store, type StoredPolicyVersion } from '../adapters/store/index.ts';
import { DEFAULT_POLICY, validatePolicy } from '../engine/index.ts';

export interface PolicyMeta {
  readonly version: number;
  readonly note: string | null;
  readonly author: string | null;
  readonly createdAt: string | null;
}

export interface PolicyEntry extends VersionedPolicy {
  readonly meta: PolicyMeta;
}

const DEFAULT_ENTRY: PolicyEntry = {
  version: 0,
  policy: DEFAULT_POLICY,
  meta: { version: 0, note: 'Built-in default (the domain reference policy)', author: null, createdAt: null },
};

/**
 * The dunning policy in force (the newest saved version, else the built-in default as version
 * 0), kept in memory; saving appends a version and never touches the earlier ones.
 */
export class PolicyService {
  private constructor(
    private readonly store: Store,
    private readonly logger: Logger,
    private currentEntry: PolicyEntry,
  ) {}

  static async create(store: Store, logger: Logger): Promise<PolicyService> {
    const latest = await latestPolicyVersion(store);
    const service = new PolicyService(store, logger, DEFAULT_ENTRY);
    if (latest) service.currentEntry = service.entryOf(latest);
    return service;
  }

  current(): PolicyEntry {
    return this.currentEntry;
  }

  async get(version: number): Promise<PolicyEntry | undefined> {
    if (version === 0) return DEFAULT_ENTRY;
    if (version === this.currentEntry.version) return this.currentEntry;
    const stored = await getPolicyVersion(this.store, version);
    return stored ? this.entryOf(stored) : undefined;
  }

  async list(): Promise<{ current: number; versions: PolicyMeta[] }> {
    const saved = await listPolicyVersions(this.store);
    return { current: this.currentEntry.version, versions: [...saved, DEFAULT_ENTRY.meta] };
  }

  /** `policy` (as the user wrote it) must have passed validatePolicy. */
  async save(policy: unknown, note: string | null, author: string | null): Promise<PolicyEntry> {
    const stored = await appendPolicyVersion(this.store, { policy, note, author });
    crashPoint('policy:saved'); // a no-op unless a crash-safety test sets CLENS_TEST_CRASH_AT
    this.currentEntry = this.entryOf(stored);
    return this.currentEntry;
  }

  private entryOf(stored: StoredPolicyVersion): PolicyEntry {
    const checked = validatePolicy(stored.policy);
    const meta = { version: stored.version, note: stored.note, author: stored.author, createdAt: stored.createdAt };
    if (checked.ok) return { version: stored.version, policy: checked.policy, meta };
    // A policy saved by an older build that this build's schema refuses: keep serving, say so.
    this.logger.error({ version: stored.version, problems: checked.problems }, 'stored policy is no longer valid; using the default rules');
    return { version: stored.version, policy: DEFAULT_POLICY, meta };
  }
}
