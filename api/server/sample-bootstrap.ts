import type { Logger } from 'pino';
import { logFromRecords } from '../adapters/import/records.ts';
import { saveAssignments, type Store } from '../adapters/store/index.ts';
import { prepareLog } from '../engine/prepare.ts';
import { generateSample, SAMPLE_ORGANISATION } from '../sample/generator.ts';

export const SAMPLE_SOURCE = 'sample:contoso-collections';
export const SAMPLE_LOG_NAME = 'Sample: Contoso collections (Dynamics 365 Finance)';

/**
 * A fresh clone has an empty store: fill it with the bundled sample (the seeded generator's
 * default log and its organisation) so the product shows something with no configuration.
 */
export async function loadSampleIfEmpty(store: Store, logger: Logger, events: number): Promise<void> {
  if ((await store.listLogs()).length > 0) return;
  const started = Date.now();
  const { log } = prepareLog(logFromRecords(generateSample({ events })));
  const info = await store.saveLog({ name: SAMPLE_LOG_NAME, source: SAMPLE_SOURCE, log });
  await saveSampleOrganisation(store);
  logger.info({ log: info.id, events: info.events, cases: info.cases, ms: Date.now() - started }, 'sample log loaded into the empty store');
}

/**
 * The sample's teams, collectors and assignment rules. The sample organisation says which
 * invoices a team owns by company code and customer segment, so the teams are stored with
 * those rules (Strategic Accounts owns every Enterprise invoice, whoever the collector).
 */
export async function saveSampleOrganisation(store: Store): Promise<void> {
  await store.saveOrganisation({
    teams: SAMPLE_ORGANISATION.teams.map((t) => ({ name: t.name, manager: t.manager, members: [...t.members] })),
    collectors: SAMPLE_ORGANISATION.collectors.map((c) => ({ name: c.name, timeZone: c.timeZone, email: c.email })),
  });
  await saveAssignments(
    store,
    SAMPLE_ORGANISATION.teams.map((t) => ({
      team: t.name,
      assignment: {
        by: 'rule' as const,
        rule: {
          filters: [
            { kind: 'attribute', attribute: 'CompanyCode', values: [...t.companyCodes] },
            { kind: 'attribute', attribute: 'CustomerSegment', values: [...t.segments] },
          ],
        },
      },
    })),
  );
}
