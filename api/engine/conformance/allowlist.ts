import { z } from 'zod';
import { caseIndexOf, type EventLog } from '../log/event-log.ts';
import { caseConditionSchema, type CaseCondition } from './policy-schema.ts';

/**
 * Accepted deviations: a violation the credit manager has agreed to (a case-by-case exception,
 * or a whole customer group) is excluded from violations and counted separately as "allowed".
 */
export const allowlistEntrySchema = z.union(
  [
    z.strictObject({ ruleId: z.string().min(1), caseId: z.string().min(1), reason: z.string().optional() }),
    z.strictObject({ ruleId: z.string().min(1), when: caseConditionSchema, reason: z.string().optional() }),
  ],
  { error: 'each entry must be { "ruleId", "caseId" } or { "ruleId", "when": { attribute: value } }, with an optional "reason"' },
);
export const allowlistSchema = z.array(allowlistEntrySchema);
export type AllowlistEntry = z.infer<typeof allowlistEntrySchema>;
export type Allowlist = readonly AllowlistEntry[];

/** Per rule: which cases may deviate from it, and the entry that says so. */
export interface CompiledAllowlist {
  /** False when nothing is allowed: the check then skips the lookups. */
  readonly any: boolean;
  /** entryOf(ruleIndex, case) → index of the allowing entry, or -1. */
  entryOf(rule: number, c: number): number;
}

export function compileAllowlist(
  log: EventLog,
  allowlist: Allowlist,
  ruleIds: readonly string[],
  matchCases: (when: CaseCondition) => Uint8Array,
  warn: (message: string) => void,
): CompiledAllowlist {
  const byCase: Map<number, number>[] = ruleIds.map(() => new Map());
  const byMask: { mask: Uint8Array; entry: number }[][] = ruleIds.map(() => []);
  allowlist.forEach((entry, i) => {
    const rule = ruleIds.indexOf(entry.ruleId);
    if (rule < 0) {
      warn(`Allowlist entry ${i + 1} names rule '${entry.ruleId}', which the policy does not have`);
      return;
    }
    if ('caseId' in entry) {
      const c = caseIndexOf(log, entry.caseId);
      if (c < 0) warn(`Allowlist entry ${i + 1} names invoice '${entry.caseId}', which the log does not have`);
      else if (!byCase[rule].has(c)) byCase[rule].set(c, i);
    } else {
      byMask[rule].push({ mask: matchCases(entry.when), entry: i });
    }
  });
  return {
    any: allowlist.length > 0,
    entryOf(rule, c) {
      const direct = byCase[rule].get(c);
      if (direct !== undefined) return direct;
      for (const { mask, entry } of byMask[rule]) if (mask[c]) return entry;
      return -1;
    },
  };
}
