import { HttpProblem } from './problem.ts';

export interface Paged<T> {
  readonly items: T[];
  readonly total: number;
  readonly nextCursor: string | null;
}

/**
 * Cursor pagination over a list computed once and cached. The cursor is opaque to clients:
 * base64url of {offset, list}, where `list` names the result it belongs to (log version, scope,
 * filter…). A cursor of another result (the log was re-imported meanwhile) is refused with 409
 * rather than silently skipping or repeating items.
 */
export function paginate<T>(
  list: { total: number; rows(from: number, to: number): T[] },
  cursor: string | undefined,
  limit: number,
  listKey: string,
): Paged<T> {
  // The list's key is an ETag; its quotes add nothing to the cursor.
  const listId = listKey.replace(/"/g, '').slice(0, 24);
  const from = cursor === undefined ? 0 : offsetOf(cursor, listId);
  const to = Math.min(list.total, from + limit);
  return {
    items: list.rows(from, to),
    total: list.total,
    nextCursor: to < list.total ? Buffer.from(JSON.stringify({ o: to, l: listId })).toString('base64url') : null,
  };
}

function offsetOf(cursor: string, listKey: string): number {
  let decoded: { o?: unknown; l?: unknown };
  try {
    decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { o?: unknown; l?: unknown };
  } catch {
    throw new HttpProblem(400, 'invalid-cursor', 'Invalid cursor', 'The cursor is not one this API handed out.');
  }
  if (typeof decoded.o !== 'number' || !Number.isInteger(decoded.o) || decoded.o < 0 || typeof decoded.l !== 'string') {
    throw new HttpProblem(400, 'invalid-cursor', 'Invalid cursor', 'The cursor is not one this API handed out.');
  }
  if (decoded.l !== listKey) {
    throw new HttpProblem(409, 'stale-cursor', 'Stale cursor', 'The list changed since this cursor was handed out (new data, policy or filter); start again from the first page.');
  }
  return decoded.o;
}
