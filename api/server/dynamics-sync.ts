import type { Logger } from 'pino';
import { crashPoint } from '../adapters/crash-point.ts';
import { startDynamicsSchedule, type ScheduledSync } from '../adapters/dynamics/index.ts';
import type { Services } from './services.ts';

/**
 * The API process's scheduled Dynamics 365 syncs (SYNC_SCHEDULE and the D365_* variables, see
 * docs/DYNAMICS.md); undefined without SYNC_SCHEDULE. A saved log is announced to the catalogue
 * at once, and each run's outcome goes to readiness (`dynamics`: degraded while syncs fail).
 */
export function scheduleDynamicsSync(services: Services, logger: Logger, env: NodeJS.ProcessEnv = process.env): ScheduledSync | undefined {
  return startDynamicsSchedule(services.store, logger.child({ component: 'dynamics' }), env, {
    onProgress: (progress) => {
      if (progress.phase === 'page') crashPoint(`sync:page:${progress.entity}`);
      if (progress.phase === 'saved') services.access.logsChanged();
    },
    onOutcome: ({ ok, detail }) => services.readiness.report('dynamics', ok, detail),
  });
}
