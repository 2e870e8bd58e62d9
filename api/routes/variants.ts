import { ops } from '../contracts/operations.ts';
import { bind, cached, type Binding } from '../server/operation.ts';
import { paginate } from '../server/pagination.ts';

export const variantRoutes: Binding[] = [
  bind(ops.listVariants, async ({ params, query, services, view, filter }) => {
    const scoped = await view(params.id);
    const { spec, key } = filter();
    const listKey = services.results.etag(['variants', scoped.key, key]);
    return cached([scoped.key, key, query.cursor ?? '', query.limit], async () => {
      // One discovery serves every page of the list.
      const found = await services.results.value(listKey, () => scoped.analyse('variants', { spec }));
      const list = {
        total: found.variants.length,
        rows: (from: number, to: number) => found.variants.slice(from, to).map(({ rank, activities, cases, share, duration }) => ({ rank, activities, cases, share, duration })),
      };
      return { log: { id: scoped.info.id, version: scoped.info.version }, cases: found.cases, ...paginate(list, query.cursor, query.limit, listKey) };
    });
  }),
];
