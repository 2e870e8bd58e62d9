export { AccessService } from './access-service.ts';
export type { AnalysisArgs, AnalysisName, AnalysisResults, ConformanceSummaryData, KpiRequest, RootCauseRequest, VersionedPolicy } from './analyses.ts';
export { AuthorisedView, type CaseList, type CaseRow, type ViolationList } from './authorised-view.ts';
export { Directory, type Identity } from './directory.ts';
export { CaseNotVisible, InvalidAnalysis, LogNotFound, NoRole } from './errors.ts';
export { InlineExecutor, type AnalysisExecutor } from './executor.ts';
export { WorkerPool } from './worker-pool.ts';
