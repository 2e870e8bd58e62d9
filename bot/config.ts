/**
 * The bot's settings, from the environment. No BOT_APP_ID = local mode: incoming activities are
 * not authenticated and replies go to each activity's serviceUrl, as Microsoft 365 Agents
 * Playground expects.
 */
export interface BotConfig {
  /** Entra app (bot) id, password and tenant; null id = local mode. */
  readonly appId: string | null;
  readonly appPassword: string | null;
  readonly tenantId: string | null;
  /** Where the keys of Bot Framework tokens come from (BOT_OPENID_METADATA_URL). */
  readonly openIdMetadataUrl: string | null;
  /** Sends to this Bot Connector instead of the stored serviceUrl (BOT_CONNECTOR_URL). */
  readonly connectorUrl: string | null;
  /** Which log the bot reports on; null = the most recently imported one. */
  readonly logId: string | null;
  readonly digest: DigestConfig;
  readonly links: TabLinkConfig;
}

export interface DigestConfig {
  readonly enabled: boolean;
  /** Local time of day, HH:MM, in each recipient's own time zone. */
  readonly time: string;
  /** Send a digest that says nothing needs attention (default: no message). */
  readonly sendEmpty: boolean;
  readonly topItems: number;
  /** After a restart, a digest whose time passed up to this many hours ago still goes out today. */
  readonly catchUpHours: number;
  /** Zone of recipients the organisation gives none for. */
  readonly defaultTimeZone: string;
  /** Digests sent at once (the pacer still keeps the rate under Teams' limits). */
  readonly concurrency: number;
  /** How often failed digests of the day are tried again. */
  readonly retryMinutes: number;
  readonly reportingCurrency: string | null;
}

export interface TabLinkConfig {
  /** The tab as a web page (its own URL, outside Teams). */
  readonly webUrl: string;
  /** The Teams app id of the manifest: with it, links open the tab inside Teams. */
  readonly teamsAppId: string | null;
  /** The static tab's entityId in the manifest. */
  readonly entityId: string;
}

export class BotConfigError extends Error {}

export function botConfigFromEnv(env: NodeJS.ProcessEnv = process.env): BotConfig {
  const text = (name: string) => (env[name]?.trim() ? env[name]!.trim() : null);
  const number = (name: string, fallback: number, min: number, max: number) => {
    const raw = text(name);
    if (raw === null) return fallback;
    const value = Number(raw);
    if (!Number.isFinite(value) || value < min || value > max) throw new BotConfigError(`${name} must be a number from ${min} to ${max}, found "${raw}"`);
    return value;
  };
  const time = text('DIGEST_TIME') ?? '08:00';
  if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(time)) throw new BotConfigError(`DIGEST_TIME must be HH:MM (24-hour), found "${time}"`);
  const defaultTimeZone = text('DIGEST_DEFAULT_TIME_ZONE') ?? 'UTC';
  if (!isTimeZone(defaultTimeZone)) throw new BotConfigError(`DIGEST_DEFAULT_TIME_ZONE must be an IANA time zone, found "${defaultTimeZone}"`);
  const appId = text('BOT_APP_ID') ?? text('MicrosoftAppId');
  const port = text('PORT') ?? '3978';
  return {
    appId,
    appPassword: text('BOT_APP_PASSWORD') ?? text('MicrosoftAppPassword'),
    tenantId: text('BOT_TENANT_ID') ?? text('MicrosoftAppTenantId'),
    openIdMetadataUrl: text('BOT_OPENID_METADATA_URL'),
    connectorUrl: text('BOT_CONNECTOR_URL'),
    logId: text('BOT_LOG_ID'),
    digest: {
      enabled: text('DIGEST_ENABLED') !== 'false',
      time,
      sendEmpty: text('DIGEST_SEND_EMPTY') === 'true',
      topItems: number('DIGEST_TOP_ITEMS', 5, 1, 20),
      catchUpHours: number('DIGEST_CATCH_UP_HOURS', 6, 0, 23),
      defaultTimeZone,
      concurrency: number('DIGEST_CONCURRENCY', 4, 1, 32),
      retryMinutes: number('DIGEST_RETRY_MINUTES', 15, 1, 24 * 60),
      reportingCurrency: text('REPORTING_CURRENCY'),
    },
    links: {
      webUrl: text('TAB_PUBLIC_URL') ?? `http://localhost:${port}/`,
      teamsAppId: text('TEAMS_APP_ID'),
      entityId: text('TAB_ENTITY_ID') ?? 'collections-lens',
    },
  };
}

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
