import { ops } from '../contracts/operations.ts';
import { bind, cached, type Binding } from '../server/operation.ts';
import { paginate } from '../server/pagination.ts';

export const conformanceRoutes: Binding[] = [
  bind(ops.getConformance, async ({ params, services, view, filter }) => {
    const scoped = await view(params.id);
    const { spec, key } = filter();
    const policy = services.policies.current();
    return cached([scoped.key, key, policy.version], async () => {
      const summary = await scoped.analyse('conformanceSummary', { spec, policy: { version: policy.version, policy: policy.policy } });
      return {
        log: { id: scoped.info.id, version: scoped.info.version },
        policyVersion: policy.version,
        ...summary,
        byRule: summary.byRule.map((rule) => ({ ...rule, byKind: { ...rule.byKind } })),
      };
    });
  }),

  bind(ops.listViolations, async ({ params, query, services, view, filter }) => {
    const scoped = await view(params.id);
    const { spec, key } = filter();
    const policy = services.policies.current();
    const checkKey = services.results.etag(['conformance', scoped.key, key, policy.version]);
    const listKey = services.results.etag(['violations', checkKey, query.rule ?? null, query.kind ?? null]);
    return cached([scoped.key, key, policy.version, query.rule ?? null, query.kind ?? null, query.cursor ?? '', query.limit], async () => {
      const result = await services.results.value(checkKey, () => scoped.conformance(spec, policy));
      const list = await services.results.value(listKey, () => scoped.violations(result, { rule: query.rule, kind: query.kind }));
      return { log: { id: scoped.info.id, version: scoped.info.version }, policyVersion: policy.version, ...paginate(list, query.cursor, query.limit, listKey) };
    });
  }),
];
