/**
 * The API's contracts: zod schemas of every request and response, the operations, the filter
 * encoding. The tab imports its client types from here (z.infer over these schemas), so the
 * client and the server cannot drift apart. Nothing here touches Node-only APIs.
 */
import type { z } from 'zod';
import type { bottleneckListSchema } from './bottlenecks.ts';
import type { casePageSchema, caseTimelineSchema } from './cases.ts';
import type { conformanceSummarySchema, violationPageSchema } from './conformance.ts';
import type { importJobSchema } from './imports.ts';
import type { kpiResultSchema } from './kpis.ts';
import type { logDetailSchema, logInfoSchema } from './logs.ts';
import type { mapEdgeSchema, mapNodeSchema, processMapSchema } from './map.ts';
import type { meSchema, userMappingSchema } from './me.ts';
import type { policyDocumentSchema, policyValidationSchema } from './policy.ts';
import type { rootCauseReportSchema } from './root-causes.ts';
import type { logSummarySchema } from './summary.ts';
import type { teamSchema } from './teams.ts';
import type { variantPageSchema } from './variants.ts';
import type { worklistItemSchema, worklistPageSchema } from './worklist.ts';

export { ops, type Operations } from './operations.ts';
export { operation, type Access, type BodyOf, type Operation, type QueryOf, type ResponseOf } from './operation.ts';
export { openApiDocument } from './openapi.ts';
export { canonicalJson, decodeFilter, encodeFilter, FilterEncodingError } from './filter-encoding.ts';
export { filterSpecSchema, filterSchema, type FilterSpec } from './filter-spec.ts';
export { problemSchema, type Problem } from './common.ts';
export { ROLES, type Role } from '../auth/roles.ts';

export type LogInfo = z.infer<typeof logInfoSchema>;
export type LogDetail = z.infer<typeof logDetailSchema>;
export type ImportJob = z.infer<typeof importJobSchema>;
export type ProcessMap = z.infer<typeof processMapSchema>;
export type MapNode = z.infer<typeof mapNodeSchema>;
export type MapEdge = z.infer<typeof mapEdgeSchema>;
export type VariantPage = z.infer<typeof variantPageSchema>;
export type CasePage = z.infer<typeof casePageSchema>;
export type CaseTimeline = z.infer<typeof caseTimelineSchema>;
export type KpiResult = z.infer<typeof kpiResultSchema>;
export type ConformanceSummary = z.infer<typeof conformanceSummarySchema>;
export type ViolationPage = z.infer<typeof violationPageSchema>;
export type BottleneckList = z.infer<typeof bottleneckListSchema>;
export type LogSummary = z.infer<typeof logSummarySchema>;
export type RootCauseReport = z.infer<typeof rootCauseReportSchema>;
export type WorklistPage = z.infer<typeof worklistPageSchema>;
export type WorklistItem = z.infer<typeof worklistItemSchema>;
export type PolicyDocument = z.infer<typeof policyDocumentSchema>;
export type PolicyValidation = z.infer<typeof policyValidationSchema>;
export type Team = z.infer<typeof teamSchema>;
export type Me = z.infer<typeof meSchema>;
export type UserMapping = z.infer<typeof userMappingSchema>;
