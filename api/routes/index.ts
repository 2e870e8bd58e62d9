import type { Binding } from '../server/operation.ts';
import { bottleneckRoutes } from './bottlenecks.ts';
import { caseRoutes } from './cases.ts';
import { conformanceRoutes } from './conformance.ts';
import { exportRoutes } from './exports.ts';
import { healthRoutes } from './health.ts';
import { importRoutes } from './imports.ts';
import { kpiRoutes } from './kpis.ts';
import { logRoutes } from './logs.ts';
import { mapRoutes } from './map.ts';
import { meRoutes } from './me.ts';
import { policyRoutes } from './policy.ts';
import { powerBiRoutes } from './powerbi.ts';
import { rootCauseRoutes } from './root-causes.ts';
import { summaryRoutes } from './summary.ts';
import { teamRoutes } from './teams.ts';
import { userMappingRoutes } from './user-mappings.ts';
import { variantRoutes } from './variants.ts';
import { worklistRoutes } from './worklist.ts';

/** Every route, in registration order (literal paths before parameterised ones). */
export function routes(): Binding[] {
  return [
    ...healthRoutes,
    ...meRoutes,
    ...logRoutes,
    ...importRoutes,
    ...summaryRoutes,
    ...mapRoutes,
    ...variantRoutes,
    ...caseRoutes,
    ...kpiRoutes,
    ...conformanceRoutes,
    ...bottleneckRoutes,
    ...rootCauseRoutes,
    ...worklistRoutes,
    ...policyRoutes,
    ...teamRoutes,
    ...userMappingRoutes,
    ...exportRoutes,
    ...powerBiRoutes,
  ];
}
