import type { Store } from './duckdb-store.ts';

/**
 * The digest ledger: one row per (kind, recipient, local day), written before a digest goes out
 * and completed after, so that across restarts and crashes no one gets two digests for a day
 * and none is missed silently.
 *
 *   planned ──claim──> sending ──> sent | skipped (nothing to say) | failed (retried later)
 *   sending, found at start-up ──> held (the send may or may not have reached Teams: a person decides)
 *   held ──review──> planned (send it) | sent (it did arrive)
 */

export type DigestKind = 'collector' | 'manager';
export type LedgerStatus = 'planned' | 'sending' | 'sent' | 'skipped' | 'failed' | 'held';

export interface LedgerKey {
  readonly kind: DigestKind;
  /** The person, as the organisation spells them. */
  readonly recipient: string;
  /** The recipient's local date, YYYY-MM-DD. */
  readonly day: string;
}

export interface LedgerEntry extends LedgerKey {
  readonly status: LedgerStatus;
  readonly userId: string | null;
  readonly cardId: string | null;
  readonly activityId: string | null;
  readonly attempts: number;
  /** Why it was skipped, failed or held. */
  readonly reason: string | null;
  /** What the digest said (compared with the next day's). */
  readonly snapshot: unknown;
  readonly runId: string | null;
  /** ISO-8601. */
  readonly plannedAt: string;
  readonly updatedAt: string;
}

const COLUMNS = `kind, recipient, day, status, user_id, card_id, activity_id, attempts, reason, snapshot, run_id,
  epoch_ms(planned_at) AS planned_at, epoch_ms(updated_at) AS updated_at`;
const KEY = 'kind = $1 AND recipient = $2 AND day = $3';

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toEntry(row: Record<string, unknown>): LedgerEntry {
  return {
    kind: String(row.kind) as DigestKind,
    recipient: String(row.recipient),
    day: String(row.day),
    status: String(row.status) as LedgerStatus,
    userId: text(row.user_id),
    cardId: text(row.card_id),
    activityId: text(row.activity_id),
    attempts: Number(row.attempts),
    reason: text(row.reason),
    snapshot: row.snapshot === null ? null : (JSON.parse(String(row.snapshot)) as unknown),
    runId: text(row.run_id),
    plannedAt: new Date(Number(row.planned_at)).toISOString(),
    updatedAt: new Date(Number(row.updated_at)).toISOString(),
  };
}

const keyParams = (key: LedgerKey) => [key.kind, key.recipient, key.day];
const now = () => Date.now() * 1000;

/** Records the intention to send (unless the day already has a row) and returns the day's row. */
export function planDigest(store: Store, key: LedgerKey, userId: string, runId: string): Promise<LedgerEntry> {
  return store.transaction(async (tx) => {
    await tx.run(
      `INSERT INTO digest_ledger (kind, recipient, day, status, user_id, attempts, run_id, planned_at, updated_at)
       VALUES ($1, $2, $3, 'planned', $4, 0, $5, make_timestamp($6::BIGINT), make_timestamp($6::BIGINT)) ON CONFLICT DO NOTHING`,
      [...keyParams(key), userId, runId, now()],
    );
    return toEntry((await tx.query(`SELECT ${COLUMNS} FROM digest_ledger WHERE ${KEY}`, keyParams(key)))[0]);
  });
}

/**
 * planned or failed -> sending, committed before the message goes out. False when another run
 * has it or it is done: only the caller that gets true may send.
 */
export function claimDigest(store: Store, key: LedgerKey, cardId: string, runId: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    const rows = await tx.query(
      `UPDATE digest_ledger SET status = 'sending', card_id = $4, run_id = $5, attempts = attempts + 1, reason = NULL, updated_at = make_timestamp($6::BIGINT)
       WHERE ${KEY} AND status IN ('planned', 'failed') RETURNING status`,
      [...keyParams(key), cardId, runId, now()],
    );
    return rows.length === 1;
  });
}

/** Completes a row the caller claimed, or one it found planned or failed and had nothing to send for. */
export async function completeDigest(
  store: Store,
  key: LedgerKey,
  outcome: { status: 'sent' | 'skipped' | 'failed'; activityId?: string | null; reason?: string | null; snapshot?: unknown },
): Promise<void> {
  await store.transaction((tx) =>
    tx.run(
      `UPDATE digest_ledger SET status = $4, activity_id = coalesce($5, activity_id), reason = $6, snapshot = coalesce($7, snapshot), updated_at = make_timestamp($8::BIGINT)
       WHERE ${KEY} AND status IN ('planned', 'sending', 'failed')`,
      [
        ...keyParams(key),
        outcome.status,
        outcome.activityId ?? null,
        outcome.reason ?? null,
        outcome.snapshot === undefined ? null : JSON.stringify(outcome.snapshot),
        now(),
      ],
    ),
  );
}

/**
 * At start-up, before any send: a row still 'sending' belongs to a process that died between
 * claiming and confirming, so whether Teams got the message is unknown. It is held, not resent.
 */
export function holdInterrupted(store: Store, reason: string): Promise<LedgerEntry[]> {
  return store.transaction(async (tx) =>
    (
      await tx.query(`UPDATE digest_ledger SET status = 'held', reason = $1, updated_at = make_timestamp($2::BIGINT) WHERE status = 'sending' RETURNING ${COLUMNS}`, [
        reason,
        now(),
      ])
    ).map(toEntry),
  );
}

/** A person's decision on a held digest: send it after all, or record that it did arrive. */
export function reviewHeld(store: Store, key: LedgerKey, decision: 'resend' | 'delivered', by: string): Promise<LedgerEntry | undefined> {
  return store.transaction(async (tx) => {
    const status = decision === 'resend' ? 'planned' : 'sent';
    const rows = await tx.query(
      `UPDATE digest_ledger SET status = $4, reason = $5, updated_at = make_timestamp($6::BIGINT) WHERE ${KEY} AND status = 'held' RETURNING ${COLUMNS}`,
      [...keyParams(key), status, `reviewed by ${by}: ${decision}`, now()],
    );
    return rows.length ? toEntry(rows[0]) : undefined;
  });
}

export async function listLedger(store: Store, filter: { day?: string; status?: LedgerStatus } = {}): Promise<LedgerEntry[]> {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.day) where.push(`day = $${params.push(filter.day)}`);
  if (filter.status) where.push(`status = $${params.push(filter.status)}`);
  const sql = `SELECT ${COLUMNS} FROM digest_ledger ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY day DESC, kind, recipient`;
  return (await store.query(sql, params)).map(toEntry);
}

export async function getLedgerEntry(store: Store, key: LedgerKey): Promise<LedgerEntry | undefined> {
  const rows = await store.query(`SELECT ${COLUMNS} FROM digest_ledger WHERE ${KEY}`, keyParams(key));
  return rows.length ? toEntry(rows[0]) : undefined;
}

/** The snapshot of the recipient's last digest before `day` that went out (or had nothing to say). */
export async function lastSnapshot(store: Store, kind: DigestKind, recipient: string, day: string): Promise<{ day: string; snapshot: unknown } | undefined> {
  const rows = await store.query(
    `SELECT day, snapshot FROM digest_ledger WHERE kind = $1 AND recipient = $2 AND day < $3 AND status IN ('sent', 'skipped') AND snapshot IS NOT NULL
     ORDER BY day DESC LIMIT 1`,
    [kind, recipient, day],
  );
  return rows.length ? { day: String(rows[0].day), snapshot: JSON.parse(String(rows[0].snapshot)) as unknown } : undefined;
}
