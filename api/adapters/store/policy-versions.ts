import { crashPoint } from '../crash-point.ts';
import type { Store } from './duckdb-store.ts';

/** One saved dunning policy. The store keeps the JSON as given; validating it is the caller's job. */
export interface StoredPolicyVersion {
  readonly version: number;
  readonly policy: unknown;
  readonly note: string | null;
  readonly author: string | null;
  /** ISO-8601. */
  readonly createdAt: string;
}

const COLUMNS = 'version, policy, note, author, epoch_ms(created_at) AS created_at';

function toVersion(row: Record<string, unknown>): StoredPolicyVersion {
  return {
    version: Number(row.version),
    policy: JSON.parse(String(row.policy)) as unknown,
    note: row.note === null ? null : String(row.note),
    author: row.author === null ? null : String(row.author),
    createdAt: new Date(Number(row.created_at)).toISOString(),
  };
}

/** Newest first, without the policy bodies. */
export async function listPolicyVersions(store: Store): Promise<Omit<StoredPolicyVersion, 'policy'>[]> {
  const rows = await store.query('SELECT version, note, author, epoch_ms(created_at) AS created_at FROM policy_versions ORDER BY version DESC');
  return rows.map((row) => {
    const { policy: _policy, ...rest } = toVersion({ ...row, policy: 'null' });
    return rest;
  });
}

export async function getPolicyVersion(store: Store, version: number): Promise<StoredPolicyVersion | undefined> {
  const rows = await store.query(`SELECT ${COLUMNS} FROM policy_versions WHERE version = $1`, [version]);
  return rows.length ? toVersion(rows[0]) : undefined;
}

export async function latestPolicyVersion(store: Store): Promise<StoredPolicyVersion | undefined> {
  const rows = await store.query(`SELECT ${COLUMNS} FROM policy_versions ORDER BY version DESC LIMIT 1`);
  return rows.length ? toVersion(rows[0]) : undefined;
}

/** Appends the policy as the next version (1 for the first); earlier versions are never changed. */
export function appendPolicyVersion(store: Store, input: { policy: unknown; note: string | null; author: string | null }): Promise<StoredPolicyVersion> {
  return store.transaction(async (tx) => {
    const version = Number((await tx.query('SELECT coalesce(max(version), 0) + 1 AS v FROM policy_versions'))[0].v);
    await tx.run('INSERT INTO policy_versions VALUES ($1, $2, $3, $4, make_timestamp($5::BIGINT))', [
      version,
      JSON.stringify(input.policy),
      input.note,
      input.author,
      Date.now() * 1000,
    ]);
    crashPoint('policy:inserted'); // a no-op unless a crash-safety test sets CLENS_TEST_CRASH_AT
    return toVersion((await tx.query(`SELECT ${COLUMNS} FROM policy_versions WHERE version = $1`, [version]))[0]);
  });
}
