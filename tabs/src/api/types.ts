/**
 * The API's response types, inferred from its zod contracts (api/contracts). Type-only: the tab
 * bundle never carries zod or the schemas.
 */
import type { Operations, ResponseOf, BodyOf } from '../../../api/contracts/index.ts';

export type { FilterSpec, Role, Team, Me, LogInfo, LogDetail, ProcessMap, MapNode, MapEdge, VariantPage, CasePage, CaseTimeline, KpiResult, ConformanceSummary, ViolationPage, BottleneckList, PolicyDocument, PolicyValidation } from '../../../api/contracts/index.ts';

export type Filter = NonNullable<import('../../../api/contracts/index.ts').FilterSpec['filters']>[number];
export type LogList = ResponseOf<Operations['listLogs']>;
export type TeamList = ResponseOf<Operations['listTeams']>;
export type Variant = ResponseOf<Operations['listVariants']>['items'][number];
export type CaseSummary = ResponseOf<Operations['listCases']>['items'][number];
export type TimelineEvent = ResponseOf<Operations['getCaseTimeline']>['events'][number];
export type Kpis = NonNullable<ResponseOf<Operations['getKpis']>['kpis']>;
export type KpiGroup = NonNullable<ResponseOf<Operations['getKpis']>['groups']>[number];
export type RuleSummary = ResponseOf<Operations['getConformance']>['byRule'][number];
export type OwnerSummary = ResponseOf<Operations['getConformance']>['byCollector'][number];
export type Violation = ResponseOf<Operations['listViolations']>['items'][number];
export type Bottleneck = ResponseOf<Operations['listBottlenecks']>['items'][number];
export type DunningPolicy = ResponseOf<Operations['getPolicy']>['policy'];
export type PolicyRule = DunningPolicy['rules'][number];
export type PolicySaveBody = BodyOf<Operations['savePolicy']>;
export type RootCauseReport = ResponseOf<Operations['getRootCauses']>;
export type OutcomeRootCauses = RootCauseReport['outcomes'][number];
export type RootCause = OutcomeRootCauses['attributes'][number];
export type RootCauseOutcome = OutcomeRootCauses['outcome'];
export type WorklistPage = ResponseOf<Operations['listWorklist']>;
export type WorklistItem = WorklistPage['items'][number];
