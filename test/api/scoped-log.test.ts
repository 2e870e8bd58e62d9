import { describe, expect, it } from 'vitest';
import { runAnalysis, type AnalysisName, type AnalysisTarget } from '../../api/access/analyses.ts';
import { scopedLog } from '../../api/access/scoped-log.ts';
import { logFromRecords } from '../../api/adapters/import/records.ts';
import { applyFilters, DEFAULT_POLICY, prepareLog, type FilterSpec } from '../../api/engine/index.ts';
import { generateSample } from '../../api/sample/generator.ts';

const { log } = prepareLog(logFromRecords(generateSample({ events: 6000, seed: 11 })));
const policy = { version: 0, policy: DEFAULT_POLICY };

/** A scope's own log must answer exactly what the whole log answers with the scope as a selection. */
describe('a scope’s own log', () => {
  const scopes: Record<string, FilterSpec> = {
    collector: { filters: [{ kind: 'attribute', attribute: 'CollectorName', values: ['Jessica Alvarez'] }] },
    team: { filters: [{ kind: 'attribute', attribute: 'CompanyCode', values: ['DE01', 'FR01', 'GB01'] }] },
  };
  const views: FilterSpec[] = [{}, { hideDerived: true, filters: [{ kind: 'outcome', outcomes: ['open'] }] }, { filters: [{ kind: 'timeRange', mode: 'started', from: '2024-01-01' }] }];

  for (const [name, rule] of Object.entries(scopes)) {
    it(`gives the same map, summary, bottlenecks, KPIs, conformance and variants (${name})`, () => {
      const scope = applyFilters(log, rule).cases;
      const whole: AnalysisTarget = { key: 'whole', log, scope, scopeKey: name };
      const own: AnalysisTarget = { key: 'own', log: scopedLog(log, scope), scope: null, scopeKey: name };
      expect(own.log.caseIds.length).toBe(scope.reduce((n, b) => n + b, 0));
      for (const spec of views) {
        const same = <K extends AnalysisName>(analysis: K, args: Parameters<typeof runAnalysis<K>>[2]) =>
          expect(JSON.parse(JSON.stringify(runAnalysis(analysis, own, args))), `${analysis} ${JSON.stringify(spec)}`).toEqual(
            JSON.parse(JSON.stringify(runAnalysis(analysis, whole, args))),
          );
        same('map', { spec, filterKey: JSON.stringify(spec), activities: 100, paths: 60 });
        same('map', { spec, filterKey: JSON.stringify(spec), activities: 70, paths: 100 });
        same('summary', { spec });
        same('bottlenecks', { spec, options: { rankBy: 'exposure' } });
        same('kpis', { spec, request: { policy } });
        same('kpis', { spec, request: { policy, groupBy: 'CustomerSegment', period: { days: 180 } } });
        same('conformanceSummary', { spec, policy });
        same('variants', { spec });
      }
    });
  }
});
