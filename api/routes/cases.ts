import { CaseNotVisible } from '../access/index.ts';
import { ops } from '../contracts/operations.ts';
import { bind, cached, type Binding } from '../server/operation.ts';
import { paginate } from '../server/pagination.ts';

export const caseRoutes: Binding[] = [
  bind(ops.listCases, async ({ params, query, services, view, filter }) => {
    const scoped = await view(params.id);
    const { spec, key } = filter();
    const listKey = services.results.etag(['cases', scoped.key, key, query.sort]);
    return cached([scoped.key, key, query.sort, query.cursor ?? '', query.limit], async () => {
      const list = await services.results.value(listKey, () => scoped.cases(spec, query.sort));
      return { log: { id: scoped.info.id, version: scoped.info.version }, ...paginate(list, query.cursor, query.limit, listKey) };
    });
  }),

  bind(ops.getCaseTimeline, async ({ params, query, view }) => {
    const scoped = await view(params.id);
    const hideDerived = query.hideDerived === 'true';
    // Visibility is decided before any ETag exists, so a 304 can never stand in for a 404.
    const timeline = scoped.timeline(params.caseId, hideDerived);
    if (!timeline) throw new CaseNotVisible();
    return cached([scoped.key, params.caseId, hideDerived], () => ({
      log: { id: scoped.info.id, version: scoped.info.version },
      caseId: timeline.caseId,
      attributes: timeline.attributes,
      events: timeline.events,
    }));
  }),
];
