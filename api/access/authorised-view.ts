import type { LogInfo } from '../adapters/store/index.ts';
import {
  CASE_COLUMNS,
  caseIndexOf,
  caseSpans,
  caseTimeline,
  valueAt,
  type AttributeValue,
  type CaseTimeline,
  type ConformanceResult,
  type EventLog,
  type FilterSpec,
  type Violation,
} from '../engine/index.ts';
import {
  conformance,
  runAnalysis,
  select,
  type AnalysisArgs,
  type AnalysisName,
  type AnalysisResults,
  type AnalysisTarget,
  type KpiRequest,
  type VersionedPolicy,
  WHOLE_LOG_ANALYSES,
} from './analyses.ts';
import type { AnalysisExecutor } from './executor.ts';

/** The invoices of the view in a chosen order, read a page at a time. */
export interface CaseList {
  readonly total: number;
  rows(from: number, to: number): CaseRow[];
}

export interface CaseRow {
  readonly caseId: string;
  readonly events: number;
  readonly start: number | null;
  readonly end: number | null;
  readonly durationMs: number | null;
  readonly attributes: Record<string, AttributeValue>;
}

export interface ViolationList {
  readonly total: number;
  rows(from: number, to: number): Omit<Violation, 'caseIndex'>[];
}

/**
 * A log as one identity may see it. Every analysis a route can ask for goes through here, and
 * each one intersects the caller's filters with the identity's scope before the engine runs;
 * the log and the scope are private, so no route can analyse invoices outside the scope. The
 * heavy analyses run on the executor (worker threads); lists read page by page run here.
 */
export class AuthorisedView {
  /** The whole log, the scope applied as a selection. */
  readonly #whole: AnalysisTarget;
  /** The scope's own log (only its invoices); the whole log for an unrestricted scope. */
  readonly #own: AnalysisTarget;

  constructor(
    readonly info: LogInfo,
    /** The version and what Teams added to it since (see recordedTag). */
    readonly revision: string,
    log: EventLog,
    /** null = every invoice. */
    scope: Uint8Array | null,
    /** The log of the scope's invoices alone (see scopedLog); null with a null scope. */
    ownLog: EventLog | null,
    /** Hash of the scope's content ('all' for everything): equal scopes share cached results. */
    readonly scopeKey: string,
    readonly visibleCases: number,
    private readonly executor: AnalysisExecutor,
  ) {
    const key = `${info.id}@${revision}`;
    this.#whole = { key, log, scope, scopeKey };
    this.#own = scope === null || ownLog === null ? this.#whole : { key: `${key}#${scopeKey}`, log: ownLog, scope: null, scopeKey };
  }

  /** Names this log version as this scope sees it: a cache key prefix. */
  get key(): string {
    return `${this.#whole.key}#${this.scopeKey}`;
  }

  /** Map, KPIs, summary, bottlenecks, conformance summary, root causes, worklist, variants. */
  analyse<K extends AnalysisName>(name: K, args: AnalysisArgs[K]): Promise<AnalysisResults[K]> {
    return this.executor.run(name, WHOLE_LOG_ANALYSES.has(name) ? this.#whole : this.#own, args);
  }

  /** The same, on this thread: for batch work that runs many small analyses in a row (exports). */
  analyseHere<K extends AnalysisName>(name: K, args: AnalysisArgs[K]): AnalysisResults[K] {
    return runAnalysis(name, WHOLE_LOG_ANALYSES.has(name) ? this.#whole : this.#own, args);
  }

  /** KPIs on this thread (see analyseHere). */
  kpis(spec: FilterSpec, request: KpiRequest): AnalysisResults['kpis'] {
    return this.analyseHere('kpis', { spec, request });
  }

  cases(spec: FilterSpec, sort: 'log' | 'duration' | 'start'): CaseList {
    const log = this.#own.log;
    const selection = select(this.#own, spec);
    const { start, end } = caseSpans(log, selection);
    const cases = selection.cases;
    let n = 0;
    for (let c = 0; c < cases.length; c++) if (cases[c] && start[c] === start[c]) n++;
    const order = new Uint32Array(n);
    for (let c = 0, i = 0; c < cases.length; c++) if (cases[c] && start[c] === start[c]) order[i++] = c;
    if (sort === 'duration') order.sort((a, b) => end[b] - start[b] - (end[a] - start[a]) || a - b);
    else if (sort === 'start') order.sort((a, b) => start[b] - start[a] || a - b);
    return {
      total: n,
      rows: (from, to) =>
        Array.from(order.subarray(from, to), (c) => ({
          caseId: log.caseIds[c],
          events: log.caseOffsets[c + 1] - log.caseOffsets[c],
          start: start[c],
          end: end[c],
          durationMs: end[c] - start[c],
          attributes: caseAttributes(log, c),
        })),
    };
  }

  /** Null alike for an unknown invoice and one outside the scope. Event indices are the view's. */
  timeline(caseId: string, hideDerived: boolean): CaseTimeline | null {
    const { log, scope } = this.#own;
    const c = caseIndexOf(log, caseId);
    if (c < 0 || (scope !== null && scope[c] === 0)) return null;
    return caseTimeline(log, c, { cases: new Uint8Array(log.caseIds.length).fill(1), hideDerived, activities: null });
  }

  /** The full policy check of the view: violations with their per-case columns, for listing them (event indices are the view's). */
  conformance(spec: FilterSpec, policy: VersionedPolicy): ConformanceResult {
    return conformance(this.#own, spec, policy);
  }

  /** Violations of a check made by {@link conformance}, optionally of one rule or kind. */
  violations(result: ConformanceResult, only: { rule?: string; kind?: string }): ViolationList {
    const table = result.table;
    const strip = ({ caseIndex: _c, ...rest }: Violation) => rest;
    if (!only.rule && !only.kind) return { total: table.length, rows: (from, to) => table.toArray(from, Math.min(to, table.length)).map(strip) };
    const positions: number[] = [];
    for (let i = 0; i < table.length; i++) {
      const v = table.at(i);
      if ((!only.rule || v.ruleId === only.rule) && (!only.kind || v.kind === only.kind)) positions.push(i);
    }
    return { total: positions.length, rows: (from, to) => positions.slice(from, to).map((i) => strip(table.at(i))) };
  }
}

const CASE_ROW_ATTRIBUTES = [...CASE_COLUMNS.keys()];

function caseAttributes(log: EventLog, c: number): Record<string, AttributeValue> {
  const result: Record<string, AttributeValue> = {};
  for (const name of CASE_ROW_ATTRIBUTES) {
    const column = log.caseAttributes.get(name);
    if (!column) continue;
    const value = valueAt(column, c);
    if (value !== null) result[name] = value;
  }
  return result;
}
