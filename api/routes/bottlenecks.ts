import { ops } from '../contracts/operations.ts';
import { bind, cached, type Binding } from '../server/operation.ts';

export const bottleneckRoutes: Binding[] = [
  bind(ops.listBottlenecks, async ({ params, query, view, filter }) => {
    const scoped = await view(params.id);
    const { spec, key } = filter();
    const { rankBy, limit, annualCostOfCapital } = query;
    return cached([scoped.key, key, rankBy, limit, annualCostOfCapital ?? null], async () => ({
      log: { id: scoped.info.id, version: scoped.info.version },
      items: (await scoped.analyse('bottlenecks', { spec, options: { rankBy, annualCostOfCapital } }))
        .slice(0, limit)
        .map(({ fromCode: _f, toCode: _t, ...rest }) => rest),
    }));
  }),
];
