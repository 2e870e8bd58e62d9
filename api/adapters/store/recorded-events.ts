import { appendEvents, prepareLog, type AppendedEvent, type AttributeValue, type EventLog } from '../../engine/index.ts';
import type { Store } from './duckdb-store.ts';

/**
 * Events recorded by users outside the source system (Teams actions). They live in their own
 * table, never in a log version's tables, so a re-import of the source keeps them, and every
 * load of the log merges them in (withRecordedEvents), so they appear in the next mining result.
 */

export interface RecordedEventInput {
  readonly logId: string;
  readonly invoice: string;
  readonly activity: string;
  /** Epoch ms. */
  readonly time: number;
  /** Event attributes, SourceSystem included; times as epoch ms. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** Where it was recorded ('Teams'). */
  readonly source: string;
  /** Who: an Entra object id or channel user id. */
  readonly recordedBy: string;
  /** The card the action came from, so the card can be redrawn with it. */
  readonly cardId: string | null;
  /** Same key, same event: a retried or double-clicked action records nothing new. */
  readonly idempotencyKey: string;
}

export interface StoredRecordedEvent extends RecordedEventInput {
  readonly seq: number;
  /** ISO-8601. */
  readonly recordedAt: string;
}

const COLUMNS = `seq, log_id, invoice, activity, epoch_ms(event_time) AS event_time, attributes, source, recorded_by, card_id,
  idempotency_key, epoch_ms(recorded_at) AS recorded_at`;

function toEvent(row: Record<string, unknown>): StoredRecordedEvent {
  return {
    seq: Number(row.seq),
    logId: String(row.log_id),
    invoice: String(row.invoice),
    activity: String(row.activity),
    time: Number(row.event_time),
    attributes: JSON.parse(String(row.attributes)) as Record<string, AttributeValue>,
    source: String(row.source),
    recordedBy: String(row.recorded_by),
    cardId: row.card_id === null ? null : String(row.card_id),
    idempotencyKey: String(row.idempotency_key),
    recordedAt: new Date(Number(row.recorded_at)).toISOString(),
  };
}

// This process is the store's only writer, so the newest seq per log can be kept in memory
// once read: loading a log then costs no query to learn whether Teams added anything.
const revisions = new WeakMap<Store, Map<string, number>>();

/** Stores the event unless its idempotency key is known; either way returns the stored event. */
export async function recordEvent(store: Store, input: RecordedEventInput): Promise<{ event: StoredRecordedEvent; created: boolean }> {
  const result = await store.transaction(async (tx) => {
    const found = await tx.query(`SELECT ${COLUMNS} FROM recorded_events WHERE idempotency_key = $1`, [input.idempotencyKey]);
    if (found.length > 0) return { event: toEvent(found[0]), created: false };
    const seq = Number((await tx.query("SELECT nextval('recorded_event_seq') AS n"))[0].n);
    await tx.run(
      `INSERT INTO recorded_events VALUES ($1, $2, $3, $4, make_timestamp($5::BIGINT), $6, $7, $8, $9, $10, make_timestamp($11::BIGINT))`,
      [
        seq,
        input.logId,
        input.invoice,
        input.activity,
        Math.round(input.time) * 1000,
        JSON.stringify(input.attributes),
        input.source,
        input.recordedBy,
        input.cardId,
        input.idempotencyKey,
        Date.now() * 1000,
      ],
    );
    return { event: toEvent((await tx.query(`SELECT ${COLUMNS} FROM recorded_events WHERE seq = $1`, [seq]))[0]), created: true };
  });
  if (result.created) {
    const known = revisions.get(store);
    if (known?.has(input.logId)) known.set(input.logId, Math.max(known.get(input.logId)!, result.event.seq));
  }
  return result;
}

export async function listRecordedEvents(store: Store, logId: string): Promise<StoredRecordedEvent[]> {
  return (await store.query(`SELECT ${COLUMNS} FROM recorded_events WHERE log_id = $1 ORDER BY seq`, [logId])).map(toEvent);
}

export async function recordedEventsOfCard(store: Store, cardId: string): Promise<StoredRecordedEvent[]> {
  return (await store.query(`SELECT ${COLUMNS} FROM recorded_events WHERE card_id = $1 ORDER BY seq`, [cardId])).map(toEvent);
}

/** The newest recorded event's seq for a log (0 = none): changes whenever Teams adds an event. */
export async function recordedRevision(store: Store, logId: string): Promise<number> {
  let known = revisions.get(store);
  if (!known) revisions.set(store, (known = new Map()));
  const hit = known.get(logId);
  if (hit !== undefined) return hit;
  const rows = await store.query('SELECT coalesce(max(seq), 0) AS n FROM recorded_events WHERE log_id = $1', [logId]);
  const revision = Number(rows[0].n);
  known.set(logId, Math.max(revision, known.get(logId) ?? 0));
  return known.get(logId)!;
}

const stamped = new WeakMap<EventLog, number>();

/** '' for a log as stored; '+r<seq>' once recorded events are merged in: part of result cache keys. */
export function recordedTag(log: EventLog): string {
  const revision = stamped.get(log);
  return revision ? `+r${revision}` : '';
}

/** The stored (prepared) log with its recorded events merged in and derived events made again. */
export async function withRecordedEvents(store: Store, logId: string, stored: EventLog): Promise<EventLog> {
  const recorded = await listRecordedEvents(store, logId);
  if (recorded.length === 0) return stored;
  const events: AppendedEvent[] = recorded.map((r) => ({ caseId: r.invoice, activity: r.activity, time: r.time, attributes: r.attributes }));
  const { log } = prepareLog(appendEvents(stored, events).log);
  stamped.set(log, recorded[recorded.length - 1].seq);
  return log;
}
