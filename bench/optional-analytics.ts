import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { EventLog } from '../api/engine/index.ts';
import { REPO_DIR } from './inputs.ts';

/**
 * Analyses other engineers are still writing. They are imported by path at run time, not
 * statically, so the benchmark builds and runs whether or not they exist yet; one that is
 * missing, or whose entry point is not there, is reported as skipped rather than failing the run.
 */
export interface OptionalAnalysis {
  readonly name: string;
  /** Absent when the module is not there; `reason` then says why. */
  readonly run?: (log: EventLog) => unknown;
  readonly reason?: string;
}

interface Candidate {
  readonly name: string;
  readonly module: string;
  /** Entry points tried in order; the first exported function is called with the log alone. */
  readonly entries: readonly string[];
}

const CANDIDATES: readonly Candidate[] = [
  { name: 'rootCause', module: 'api/engine/rootcause/index.ts', entries: ['analyzeRootCauses', 'rootCauses', 'findRootCauses', 'analyseRootCauses'] },
  { name: 'worklist', module: 'api/engine/worklist/index.ts', entries: ['buildWorklist', 'worklist', 'computeWorklist'] },
];

export async function optionalAnalyses(): Promise<OptionalAnalysis[]> {
  const found: OptionalAnalysis[] = [];
  for (const candidate of CANDIDATES) {
    const path = join(REPO_DIR, candidate.module);
    if (!existsSync(path)) {
      found.push({ name: candidate.name, reason: `${candidate.module} not present at run time` });
      continue;
    }
    let mod: Record<string, unknown>;
    try {
      mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      found.push({ name: candidate.name, reason: `${candidate.module} did not load: ${(error as Error).message.split('\n')[0]}` });
      continue;
    }
    const entry = candidate.entries.find((e) => typeof mod[e] === 'function');
    if (!entry) {
      found.push({ name: candidate.name, reason: `${candidate.module} exports none of ${candidate.entries.join(', ')}` });
      continue;
    }
    const fn = mod[entry] as (log: EventLog) => unknown;
    found.push({ name: candidate.name, run: (log) => fn(log) });
  }
  return found;
}
