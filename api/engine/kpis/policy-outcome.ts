import type { EventLog } from '../log/event-log.ts';
import { DEFAULT_POLICY } from '../conformance/default-policy.ts';
import type { DunningPolicy } from '../conformance/policy-schema.ts';
import type { ConformanceOptions, ConformanceResult } from '../conformance/types.ts';

/**
 * Which invoices have a policy violation, remembered per log, policy and cut-off: one bit per
 * invoice. The KPIs (adherence) and the root causes (policyViolated) both need it of the same log
 * and policy, and the check behind it costs more than the rest of either analysis. Only a check
 * of every invoice without an allowlist is remembered (the root causes' question); a policy is
 * taken as immutable once parsed, as the conformance engine does.
 */
const cache = new WeakMap<EventLog, WeakMap<DunningPolicy, Map<number, Uint8Array>>>();

/** Cut-offs remembered per log and policy: the KPIs of a few periods, not one per request. */
const MAX_CUTOFFS = 4;

function remembersAll(options: ConformanceOptions): boolean {
  return options.cases === undefined && (options.allowlist === undefined || options.allowlist.length === 0);
}

/** Notes the outcome of a check just run, when it is one that can be reused. */
export function rememberViolations(log: EventLog, policy: DunningPolicy | undefined, options: ConformanceOptions, result: ConformanceResult): void {
  if (!remembersAll(options)) return;
  let perPolicy = cache.get(log);
  if (!perPolicy) cache.set(log, (perPolicy = new WeakMap()));
  const key = policy ?? DEFAULT_POLICY;
  let perCutoff = perPolicy.get(key);
  if (!perCutoff) perPolicy.set(key, (perCutoff = new Map()));
  if (perCutoff.has(result.asOf)) return;
  if (perCutoff.size >= MAX_CUTOFFS) perCutoff.delete(perCutoff.keys().next().value!);
  const { caseViolations } = result;
  const bits = new Uint8Array((caseViolations.length + 7) >> 3);
  for (let c = 0; c < caseViolations.length; c++) if (caseViolations[c] > 0) bits[c >> 3] |= 1 << (c & 7);
  perCutoff.set(result.asOf, bits);
}

/** Per invoice 1 when it has a (not allowlisted) violation of `policy` by `asOf`; null when no such check was remembered. */
export function rememberedViolations(log: EventLog, policy: DunningPolicy | undefined, asOf: number): Uint8Array | null {
  const bits = cache.get(log)?.get(policy ?? DEFAULT_POLICY)?.get(asOf);
  if (!bits) return null;
  const n = log.caseIds.length;
  const violated = new Uint8Array(n);
  for (let c = 0; c < n; c++) violated[c] = (bits[c >> 3] >> (c & 7)) & 1;
  return violated;
}
