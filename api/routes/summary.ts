import { ops } from '../contracts/operations.ts';
import { bind, cached, type Binding } from '../server/operation.ts';

export const summaryRoutes: Binding[] = [
  bind(ops.getSummary, async ({ params, view, filter }) => {
    const scoped = await view(params.id);
    const { spec, key } = filter();
    return cached([scoped.key, key], async () => ({ log: { id: scoped.info.id, version: scoped.info.version }, ...(await scoped.analyse('summary', { spec })) }));
  }),
];
