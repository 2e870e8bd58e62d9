import type { Logger } from 'pino';
import { crashPoint } from '../adapters/crash-point.ts';
import { dynamicsConfigFromEnv, failInterruptedRuns, odataSource, startDynamicsSchedule, type ScheduledSync } from '../adapters/dynamics/index.ts';
import type { Services } from './services.ts';

/**
 * The API process's scheduled Dynamics 365 syncs (SYNC_SCHEDULE and the D365_* variables, see
 * docs/DYNAMICS.md); undefined without SYNC_SCHEDULE. A run a killed process left unfinished is
 * recorded failed first. A saved log is announced to the catalogue
 * at once, and each run's outcome goes to readiness (`dynamics`: degraded while syncs fail).
 */
export async function scheduleDynamicsSync(services: Services, logger: Logger, env: NodeJS.ProcessEnv = process.env): Promise<ScheduledSync | undefined> {
  if (!env.SYNC_SCHEDULE?.trim()) return undefined;
  // Before any new run: a run a killed process left 'running' is recorded failed.
  await failInterruptedRuns(services.store, odataSource(dynamicsConfigFromEnv(env)));
  return startDynamicsSchedule(services.store, logger.child({ component: 'dynamics' }), env, {
    onProgress: (progress) => {
      if (progress.phase === 'page') crashPoint(`sync:page:${progress.entity}`);
      if (progress.phase === 'saved') services.access.logsChanged();
    },
    onOutcome: ({ ok, detail }) => services.readiness.report('dynamics', ok, detail),
  });
}
