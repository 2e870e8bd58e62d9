import type { Store } from './duckdb-store.ts';

/**
 * The personal conversation the bot has with each Teams user who installed it: what a
 * proactive message needs (the conversation reference) and who the user is (Entra object id,
 * UPN, display name), from which the collector is resolved at send time.
 */
export interface StoredConversation {
  /** Entra object id, else the channel's user id. */
  readonly userId: string;
  readonly userName: string | null;
  readonly upn: string | null;
  readonly tenantId: string | null;
  readonly conversationId: string;
  readonly serviceUrl: string;
  /** The Bot Framework ConversationReference, as JSON-able data. */
  readonly reference: Readonly<Record<string, unknown>>;
  /** The user's locale as last seen on an activity. */
  readonly locale: string | null;
  /** ISO-8601. */
  readonly installedAt: string;
}

const COLUMNS = 'user_id, user_name, upn, tenant_id, conversation_id, service_url, reference, locale, epoch_ms(installed_at) AS installed_at';

const text = (v: unknown) => (v === null || v === undefined ? null : String(v));

function toConversation(row: Record<string, unknown>): StoredConversation {
  return {
    userId: String(row.user_id),
    userName: text(row.user_name),
    upn: text(row.upn),
    tenantId: text(row.tenant_id),
    conversationId: String(row.conversation_id),
    serviceUrl: String(row.service_url),
    reference: JSON.parse(String(row.reference)) as Record<string, unknown>,
    locale: text(row.locale),
    installedAt: new Date(Number(row.installed_at)).toISOString(),
  };
}

/** Creates or refreshes the user's conversation; the first install time is kept. True when new. */
export function saveConversation(store: Store, conversation: Omit<StoredConversation, 'installedAt'>): Promise<boolean> {
  return store.transaction(async (tx) => {
    const now = Date.now() * 1000;
    const found = await tx.query('SELECT epoch_ms(installed_at) AS installed_at FROM bot_conversations WHERE user_id = $1', [conversation.userId]);
    const installed = found.length > 0 ? Number(found[0].installed_at) * 1000 : now;
    await tx.run('DELETE FROM bot_conversations WHERE user_id = $1', [conversation.userId]);
    await tx.run('INSERT INTO bot_conversations VALUES ($1, $2, $3, $4, $5, $6, $7, $8, make_timestamp($9::BIGINT), make_timestamp($10::BIGINT))', [
      conversation.userId,
      conversation.userName,
      conversation.upn,
      conversation.tenantId,
      conversation.conversationId,
      conversation.serviceUrl,
      JSON.stringify(conversation.reference),
      conversation.locale,
      installed,
      now,
    ]);
    return found.length === 0;
  });
}

export function deleteConversation(store: Store, userId: string): Promise<boolean> {
  return store.transaction(async (tx) => {
    const found = await tx.query('SELECT user_id FROM bot_conversations WHERE user_id = $1', [userId]);
    await tx.run('DELETE FROM bot_conversations WHERE user_id = $1', [userId]);
    return found.length > 0;
  });
}

export async function getConversation(store: Store, userId: string): Promise<StoredConversation | undefined> {
  const rows = await store.query(`SELECT ${COLUMNS} FROM bot_conversations WHERE user_id = $1`, [userId]);
  return rows.length ? toConversation(rows[0]) : undefined;
}

export async function listConversations(store: Store): Promise<StoredConversation[]> {
  return (await store.query(`SELECT ${COLUMNS} FROM bot_conversations ORDER BY user_id`)).map(toConversation);
}
