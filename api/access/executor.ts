import { runAnalysis, type AnalysisArgs, type AnalysisName, type AnalysisResults, type AnalysisTarget } from './analyses.ts';

/** Where analyses run: on the request's thread, or in a pool of workers. */
export interface AnalysisExecutor {
  run<K extends AnalysisName>(name: K, target: AnalysisTarget, args: AnalysisArgs[K]): Promise<AnalysisResults[K]>;
  close(): Promise<void>;
}

/** Runs each analysis on the calling thread (tests, one-core machines, ANALYSIS_WORKERS=0). */
export class InlineExecutor implements AnalysisExecutor {
  async run<K extends AnalysisName>(name: K, target: AnalysisTarget, args: AnalysisArgs[K]): Promise<AnalysisResults[K]> {
    return runAnalysis(name, target, args);
  }

  async close(): Promise<void> {}
}
