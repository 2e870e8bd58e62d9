import type { Logger } from 'pino';
import type { AccessService, Directory } from '../api/access/index.ts';
import type { LogInfo, Store } from '../api/adapters/store/index.ts';
import type { DunningPolicy, EventLog } from '../api/engine/index.ts';
import type { BotConfig } from './config.ts';
import { analyse, personKey, type Analysis } from './digest/analysis.ts';

/** What the bot uses of its host process, and nothing else. */
export interface BotDeps {
  readonly store: Store;
  readonly logger: Logger;
  readonly config: BotConfig;
  /** The log the bot reports on, analysed; null when the store has none. */
  current(): Promise<Analysis | null>;
  /** Teams, collectors and user mappings as the admin API last saved them. */
  directory(): Directory;
  /** IANA zone of a person, when the organisation gives one. */
  timeZoneOf(person: string): Promise<string | null>;
  now(): number;
}

/** The pieces of the API process the bot is built from (see bot/index.ts for the wiring). */
export interface BotHost {
  readonly store: Store;
  readonly logger: Logger;
  readonly access: AccessService;
  /** The dunning policy in force. */
  policy(): DunningPolicy;
  /** The log as the API serves it: with the events recorded in Teams merged in. */
  loadLog(info: LogInfo): Promise<EventLog>;
  now?(): number;
}

export function botDeps(host: BotHost, config: BotConfig): BotDeps {
  return {
    store: host.store,
    logger: host.logger,
    config,
    current: async () => {
      const logs = await host.access.listLogs();
      const info = config.logId ? logs.find((l) => l.id === config.logId) : logs[0];
      if (!info) return null;
      const log = await host.loadLog(info);
      return analyse(log, info.id, host.policy(), config.digest.reportingCurrency ? { reporting: config.digest.reportingCurrency } : {});
    },
    directory: () => host.access.directory,
    timeZoneOf: async (person) => {
      const org = await host.store.getOrganisation();
      return org.collectors.find((c) => personKey(c.name) === personKey(person))?.timeZone ?? null;
    },
    now: () => (host.now ? host.now() : Date.now()),
  };
}
