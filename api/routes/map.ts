import type { z } from 'zod';
import type { processMapSchema } from '../contracts/map.ts';
import { ops } from '../contracts/operations.ts';
import type { Dfg, DurationStats } from '../engine/index.ts';
import { bind, cached, type Binding } from '../server/operation.ts';

type Statistic = 'mean' | 'median' | 'p90' | 'max' | 'total';

export const mapRoutes: Binding[] = [
  bind(ops.getMap, async ({ params, query, view, filter }) => {
    const scoped = await view(params.id);
    const { spec, key } = filter();
    const { activities, paths, metric, statistic } = query;
    return cached([scoped.key, key, activities, paths, metric, statistic], async () => {
      const dfg = await scoped.analyse('map', { spec, filterKey: key, activities, paths });
      return present(dfg, { id: scoped.info.id, version: scoped.info.version }, query);
    });
  }),
];

function present(
  dfg: Dfg,
  log: { id: string; version: number },
  q: { activities: number; paths: number; metric: 'frequency' | 'performance'; statistic: Statistic },
): z.output<typeof processMapSchema> {
  const performance = q.metric === 'performance';
  const stat = (s: DurationStats) => s[q.statistic];
  return {
    log,
    metric: q.metric,
    statistic: q.statistic,
    sliders: { activities: q.activities, paths: q.paths },
    cases: dfg.cases,
    events: dfg.events,
    nodes: dfg.activities.map((a) => ({
      name: a.name,
      events: a.events,
      cases: a.cases,
      duration: a.duration,
      value: performance ? (a.duration ? stat(a.duration) : null) : a.events,
    })),
    edges: dfg.edges.map((e) => ({
      from: e.from,
      to: e.to,
      events: e.events,
      cases: e.cases,
      waiting: e.waiting,
      value: performance ? stat(e.waiting) : e.events,
    })),
    starts: dfg.starts.map((s) => ({ name: s.name, cases: s.cases })),
    ends: dfg.ends.map((s) => ({ name: s.name, cases: s.cases })),
  };
}
