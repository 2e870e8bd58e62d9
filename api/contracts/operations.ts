import { z } from 'zod';
import { bottleneckListSchema, bottlenecksQuery } from './bottlenecks.ts';
import { casePageSchema, caseParams, casesQuery, caseTimelineSchema, timelineQuery } from './cases.ts';
import { logIdParams } from './common.ts';
import { conformanceQuery, conformanceSummarySchema, violationPageSchema, violationsQuery } from './conformance.ts';
import { healthSchema, jwksSchema, readinessSchema } from './health.ts';
import { importIdParams, importJobListSchema, importJobSchema } from './imports.ts';
import { kpiResultSchema, kpisQuery } from './kpis.ts';
import { logDetailSchema, logListSchema, templateQuery, uploadQuery } from './logs.ts';
import { mapQuery, processMapSchema } from './map.ts';
import { meSchema, userMappingBody, userMappingListSchema, userMappingParams, userMappingSchema } from './me.ts';
import { operation } from './operation.ts';
import { exportOps } from './exports.ts'; import { powerBiOps } from './powerbi.ts';
import {
  policyDocumentSchema,
  policySaveBody,
  policyValidateBody,
  policyValidationSchema,
  policyVersionListSchema,
  policyVersionParams,
} from './policy.ts';
import { rootCauseReportSchema, rootCausesQuery } from './root-causes.ts';
import { logSummarySchema, summaryQuery } from './summary.ts';
import { teamBody, teamListSchema, teamParams, teamSchema } from './teams.ts';
import { variantPageSchema, variantsQuery } from './variants.ts';
import { worklistPageSchema, worklistQuery } from './worklist.ts';

const EXEC = ['executive'] as const;
const UPLOAD_TYPES = ['application/octet-stream', 'text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/xml', 'application/gzip'];
/** Analysis routes answer 404 for an unknown log and 400 for a bad filter. */
const ANALYSIS_ERRORS = [404];

export const ops = {
  // --- public -------------------------------------------------------------------------------
  getHealth: operation({
    id: 'getHealth', method: 'get', path: '/api/health', summary: 'Liveness', tags: ['operations'], access: 'public', response: healthSchema,
  }),
  getReadiness: operation({
    id: 'getReadiness', method: 'get', path: '/api/ready', summary: 'Readiness (503 until ready and while stopping)', tags: ['operations'],
    access: 'public', response: readinessSchema, errors: [503],
  }),
  getOpenApi: operation({
    id: 'getOpenApi', method: 'get', path: '/api/openapi.json', summary: 'This document', tags: ['operations'], access: 'public',
    response: z.record(z.string(), z.unknown()),
  }),
  getJwks: operation({
    id: 'getJwks', method: 'get', path: '/api/.well-known/jwks.json', summary: 'Public keys of local-mode tokens (404 with Entra ID)',
    tags: ['auth'], access: 'public', response: jwksSchema, errors: [404],
  }),

  // --- who am I -----------------------------------------------------------------------------
  getMe: operation({
    id: 'getMe', method: 'get', path: '/api/me', summary: 'The signed-in user, role, person and teams', tags: ['auth'], access: 'signed-in',
    response: meSchema,
  }),

  // --- logs and imports ---------------------------------------------------------------------
  listLogs: operation({ id: 'listLogs', method: 'get', path: '/api/logs', summary: 'Event logs in the store', tags: ['logs'], access: 'signed-in', response: logListSchema }),
  getTemplate: operation({
    id: 'getTemplate', method: 'get', path: '/api/logs/template', summary: 'Download the event-log template (CSV or XLSX)', tags: ['logs'],
    access: 'signed-in', query: templateQuery, produces: ['text/csv', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet'],
  }),
  createLog: operation({
    id: 'createLog', method: 'post', path: '/api/logs', summary: 'Upload a file as a new log (imported in the background)', tags: ['logs'],
    description: 'The request body is the file itself (not multipart). Answers 202 with the import job; its Location header is the job.',
    access: EXEC, query: uploadQuery, upload: UPLOAD_TYPES, status: 202, response: importJobSchema, errors: [409, 411, 413],
  }),
  replaceLog: operation({
    id: 'replaceLog', method: 'post', path: '/api/logs/:id/versions', summary: 'Upload a new version of a log (imported in the background)',
    description: 'One import at a time per log (409 otherwise). A failed import leaves the current version in place.', tags: ['logs'],
    access: EXEC, params: logIdParams, query: uploadQuery.omit({ name: true }), upload: UPLOAD_TYPES, status: 202, response: importJobSchema,
    errors: [404, 409, 411, 413],
  }),
  getLog: operation({
    id: 'getLog', method: 'get', path: '/api/logs/:id', summary: 'One log, with the number of invoices you may see', tags: ['logs'], access: 'signed-in',
    params: logIdParams, response: logDetailSchema, errors: [404],
  }),
  deleteLog: operation({
    id: 'deleteLog', method: 'delete', path: '/api/logs/:id', summary: 'Delete a log', tags: ['logs'], access: EXEC, params: logIdParams, status: 204,
    errors: [404, 409],
  }),
  listImports: operation({ id: 'listImports', method: 'get', path: '/api/imports', summary: 'Recent imports', tags: ['logs'], access: EXEC, response: importJobListSchema }),
  getImport: operation({
    id: 'getImport', method: 'get', path: '/api/imports/:id', summary: 'Import progress and outcome', tags: ['logs'], access: EXEC, params: importIdParams,
    response: importJobSchema, errors: [404],
  }),
  followImport: operation({
    id: 'followImport', method: 'get', path: '/api/imports/:id/events', summary: 'Import progress as server-sent events',
    description: 'Events: `progress` (an ImportJob, at most every 200 ms) and a final `done` (the ImportJob), then the stream ends.',
    tags: ['logs'], access: EXEC, params: importIdParams, produces: ['text/event-stream'], errors: [404],
  }),

  // --- analyses (scoped to the invoices the caller may see; all take ?filter=) --------------
  getSummary: operation({
    id: 'getSummary', method: 'get', path: '/api/logs/:id/summary', summary: 'Summary of the view', tags: ['analysis'], access: 'signed-in',
    params: logIdParams, query: summaryQuery, response: logSummarySchema, etag: true, errors: ANALYSIS_ERRORS,
  }),
  getMap: operation({
    id: 'getMap', method: 'get', path: '/api/logs/:id/map', summary: 'Process map with activity and path sliders', tags: ['analysis'], access: 'signed-in',
    params: logIdParams, query: mapQuery, response: processMapSchema, etag: true, errors: ANALYSIS_ERRORS,
  }),
  listVariants: operation({
    id: 'listVariants', method: 'get', path: '/api/logs/:id/variants', summary: 'Variants, most frequent first (paginated)', tags: ['analysis'],
    access: 'signed-in', params: logIdParams, query: variantsQuery, response: variantPageSchema, etag: true, errors: [...ANALYSIS_ERRORS, 409],
  }),
  listCases: operation({
    id: 'listCases', method: 'get', path: '/api/logs/:id/cases', summary: 'Invoices of the view (paginated)', tags: ['analysis'], access: 'signed-in',
    params: logIdParams, query: casesQuery, response: casePageSchema, etag: true, errors: [...ANALYSIS_ERRORS, 409],
  }),
  getCaseTimeline: operation({
    id: 'getCaseTimeline', method: 'get', path: '/api/logs/:id/cases/:caseId', summary: "One invoice's timeline",
    description: 'Answers 404 alike for an invoice that does not exist and one you may not see.', tags: ['analysis'], access: 'signed-in',
    params: caseParams, query: timelineQuery, response: caseTimelineSchema, etag: true, errors: ANALYSIS_ERRORS,
  }),
  getKpis: operation({
    id: 'getKpis', method: 'get', path: '/api/logs/:id/kpis', summary: 'Collections KPIs of the view, optionally grouped', tags: ['analysis'],
    access: 'signed-in', params: logIdParams, query: kpisQuery, response: kpiResultSchema, etag: true, errors: ANALYSIS_ERRORS,
  }),
  getConformance: operation({
    id: 'getConformance', method: 'get', path: '/api/logs/:id/conformance', summary: 'Dunning-policy conformance summary', tags: ['analysis'],
    access: 'signed-in', params: logIdParams, query: conformanceQuery, response: conformanceSummarySchema, etag: true, errors: ANALYSIS_ERRORS,
  }),
  listViolations: operation({
    id: 'listViolations', method: 'get', path: '/api/logs/:id/conformance/violations', summary: 'Policy violations (paginated)', tags: ['analysis'],
    access: 'signed-in', params: logIdParams, query: violationsQuery, response: violationPageSchema, etag: true, errors: [...ANALYSIS_ERRORS, 409],
  }),
  listBottlenecks: operation({
    id: 'listBottlenecks', method: 'get', path: '/api/logs/:id/bottlenecks', summary: 'Arcs ranked by waiting time or money at stake', tags: ['analysis'],
    access: 'signed-in', params: logIdParams, query: bottlenecksQuery, response: bottleneckListSchema, etag: true, errors: ANALYSIS_ERRORS,
  }),

  getRootCauses: operation({
    id: 'getRootCauses', method: 'get', path: '/api/logs/:id/root-causes', summary: 'Why invoices were written off, paid late, disputed or broke the policy',
    tags: ['analysis'], access: 'signed-in', params: logIdParams, query: rootCausesQuery, response: rootCauseReportSchema, etag: true, errors: ANALYSIS_ERRORS,
  }),
  listWorklist: operation({
    id: 'listWorklist', method: 'get', path: '/api/logs/:id/worklist', summary: 'Open invoices by priority, with next step and predicted payment date (paginated)',
    tags: ['analysis'], access: 'signed-in', params: logIdParams, query: worklistQuery, response: worklistPageSchema, etag: true, errors: [...ANALYSIS_ERRORS, 409],
  }),

  // --- dunning policy -----------------------------------------------------------------------
  getPolicy: operation({
    id: 'getPolicy', method: 'get', path: '/api/policy', summary: 'The dunning policy in force', tags: ['policy'], access: 'signed-in',
    response: policyDocumentSchema, etag: true,
  }),
  listPolicyVersions: operation({
    id: 'listPolicyVersions', method: 'get', path: '/api/policy/versions', summary: 'Every saved policy version, newest first', tags: ['policy'],
    access: 'signed-in', response: policyVersionListSchema,
  }),
  getPolicyVersion: operation({
    id: 'getPolicyVersion', method: 'get', path: '/api/policy/versions/:version', summary: 'One policy version', tags: ['policy'], access: 'signed-in',
    params: policyVersionParams, response: policyDocumentSchema, etag: true, errors: [404],
  }),
  validatePolicy: operation({
    id: 'validatePolicy', method: 'post', path: '/api/policy/validate', summary: 'Check a policy without saving it', tags: ['policy'], access: 'signed-in',
    body: policyValidateBody, response: policyValidationSchema,
  }),
  savePolicy: operation({
    id: 'savePolicy', method: 'put', path: '/api/policy', summary: 'Save a policy as the new version (old versions are kept)', tags: ['policy'],
    access: ['manager', 'executive'], body: policySaveBody, status: 201, response: policyDocumentSchema, errors: [422],
  }),

  // --- teams and users (administration) -----------------------------------------------------
  listTeams: operation({
    id: 'listTeams', method: 'get', path: '/api/teams', summary: 'Credit teams (yours; all for executives)', tags: ['admin'], access: 'signed-in',
    response: teamListSchema,
  }),
  putTeam: operation({
    id: 'putTeam', method: 'put', path: '/api/teams/:name', summary: 'Create or replace a team', tags: ['admin'], access: EXEC, params: teamParams,
    body: teamBody, response: teamSchema, alsoStatus: [201],
  }),
  deleteTeam: operation({
    id: 'deleteTeam', method: 'delete', path: '/api/teams/:name', summary: 'Delete a team', tags: ['admin'], access: EXEC, params: teamParams, status: 204,
    errors: [404],
  }),
  listUserMappings: operation({
    id: 'listUserMappings', method: 'get', path: '/api/user-mappings', summary: 'Signed-in users mapped to people of the organisation', tags: ['admin'],
    access: EXEC, response: userMappingListSchema,
  }),
  putUserMapping: operation({
    id: 'putUserMapping', method: 'put', path: '/api/user-mappings/:principal', summary: 'Map a user (object id or UPN) to a person', tags: ['admin'],
    access: EXEC, params: userMappingParams, body: userMappingBody, response: userMappingSchema, alsoStatus: [201],
  }),
  deleteUserMapping: operation({
    id: 'deleteUserMapping', method: 'delete', path: '/api/user-mappings/:principal', summary: 'Remove a user mapping', tags: ['admin'], access: EXEC,
    params: userMappingParams, status: 204, errors: [404],
  }),
  ...exportOps, ...powerBiOps,
} as const;

export type Operations = typeof ops;
