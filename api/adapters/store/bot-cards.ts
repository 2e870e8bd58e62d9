import type { Store } from './duckdb-store.ts';

/**
 * What a card the bot sent was drawn from (its model, as JSON), keyed by the card id its
 * actions carry: an action or a refresh redraws the card from the model and the events
 * recorded from it, in the locale of whoever clicked.
 */
export interface StoredCard {
  readonly cardId: string;
  readonly kind: string;
  readonly model: unknown;
}

/** Creates or replaces: a digest retried after a failure is composed again under the same id. */
export async function saveCard(store: Store, card: StoredCard): Promise<void> {
  await store.transaction((tx) =>
    tx.run('INSERT OR REPLACE INTO bot_cards VALUES ($1, $2, $3, make_timestamp($4::BIGINT))', [card.cardId, card.kind, JSON.stringify(card.model), Date.now() * 1000]),
  );
}

export async function getCard(store: Store, cardId: string): Promise<StoredCard | undefined> {
  const rows = await store.query('SELECT card_id, kind, model FROM bot_cards WHERE card_id = $1', [cardId]);
  return rows.length ? { cardId: String(rows[0].card_id), kind: String(rows[0].kind), model: JSON.parse(String(rows[0].model)) as unknown } : undefined;
}
