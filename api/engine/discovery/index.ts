export { discoverDfg, type Dfg, type DfgEdge, type DfgOptions, type Endpoint } from './dfg.ts';
export { keepFrequentActivities, prunePaths, simplifyMap, type SimplifyOptions } from './simplify.ts';
