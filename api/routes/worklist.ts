import { ops } from '../contracts/operations.ts';
import { bind, cached, type Binding } from '../server/operation.ts';
import { paginate } from '../server/pagination.ts';

export const worklistRoutes: Binding[] = [
  bind(ops.listWorklist, async ({ params, query, services, view, filter }) => {
    const scoped = await view(params.id);
    const { spec, key } = filter();
    const policy = services.policies.current();
    const listKey = services.results.etag(['worklist', scoped.key, key, policy.version]);
    return cached([scoped.key, key, policy.version, query.cursor ?? '', query.limit], async () => {
      const worklist = await services.results.value(listKey, () => scoped.analyse('worklist', { spec, policy: { version: policy.version, policy: policy.policy } }));
      const list = {
        total: worklist.items.length,
        rows: (from: number, to: number) => worklist.items.slice(from, to).map(({ caseIndex: _c, ...item }) => item),
      };
      return {
        log: { id: scoped.info.id, version: scoped.info.version },
        policyVersion: policy.version,
        asOf: worklist.asOf,
        reportingCurrency: worklist.reportingCurrency,
        model: worklist.model,
        ...paginate(list, query.cursor, query.limit, listKey),
      };
    });
  }),
];
