import type { Logger } from 'pino';
import { logFromRecords } from '../adapters/import/records.ts';
import type { Store } from '../adapters/store/index.ts';
import { prepareLog } from '../engine/prepare.ts';
import { generateSample, SAMPLE_ORGANISATION } from '../sample/generator.ts';

export const SAMPLE_SOURCE = 'sample:contoso-collections';

/**
 * A fresh clone has an empty store: fill it with the bundled sample (the seeded generator's
 * default log and its organisation) so the product shows something with no configuration.
 */
export async function loadSampleIfEmpty(store: Store, logger: Logger, events: number): Promise<void> {
  if ((await store.listLogs()).length > 0) return;
  const started = Date.now();
  const { log } = prepareLog(logFromRecords(generateSample({ events })));
  const info = await store.saveLog({ name: 'Sample: Contoso collections (Dynamics 365 Finance)', source: SAMPLE_SOURCE, log });
  await store.saveOrganisation({
    teams: SAMPLE_ORGANISATION.teams.map((t) => ({ name: t.name, manager: t.manager, members: [...t.members] })),
    collectors: SAMPLE_ORGANISATION.collectors.map((c) => ({ name: c.name, timeZone: c.timeZone, email: c.email })),
  });
  logger.info({ log: info.id, events: info.events, cases: info.cases, ms: Date.now() - started }, 'sample log loaded into the empty store');
}
