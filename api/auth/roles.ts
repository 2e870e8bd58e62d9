/**
 * The three roles of the product, narrowest first. A collector sees the invoices assigned to
 * them, a manager those of their teams, an executive every invoice. Administration (teams,
 * user mappings, uploads) belongs to executives.
 */
export const ROLES = ['collector', 'manager', 'executive'] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The broadest of the roles given (a token may carry several app roles). */
export function broadestRole(values: readonly unknown[]): Role | null {
  let best = -1;
  for (const value of values) {
    const rank = typeof value === 'string' ? ROLES.indexOf(value.toLowerCase() as Role) : -1;
    if (rank > best) best = rank;
  }
  return best < 0 ? null : ROLES[best];
}
