import { ops } from '../contracts/operations.ts';
import type { RootCauseOutcome } from '../engine/index.ts';
import { bind, cached, type Binding } from '../server/operation.ts';

export const rootCauseRoutes: Binding[] = [
  bind(ops.getRootCauses, async ({ params, query, services, view, filter }) => {
    const scoped = await view(params.id);
    const { spec, key } = filter();
    const policy = services.policies.current();
    const outcomes = query.outcomes ? (query.outcomes.split(',') as RootCauseOutcome[]) : undefined;
    const { limit, minCases, graceDays } = query;
    return cached([scoped.key, key, policy.version, outcomes ?? null, limit, minCases ?? null, graceDays ?? null], async () => {
      const report = await scoped.analyse('rootCauses', { spec, policy: { version: policy.version, policy: policy.policy }, options: { outcomes, limit, minCases, graceDays } });
      return {
        log: { id: scoped.info.id, version: scoped.info.version },
        policyVersion: policy.version,
        outcomes: Object.values(report.outcomes).filter((o) => o !== undefined),
        skippedAttributes: [...report.skippedAttributes],
      };
    });
  }),
];
