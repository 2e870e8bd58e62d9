import type { z } from 'zod';
import type { embedConfigSchema } from '../../../../api/contracts/powerbi.ts';

export type EmbedConfig = z.infer<typeof embedConfigSchema>;
export type ConfiguredEmbed = Extract<EmbedConfig, { configured: true }>;

/** Never sooner than this after the last refresh, so a clock skew cannot loop the API. */
export const MIN_REFRESH_MS = 30_000;

/**
 * When to fetch a new token: at the API's refreshAt (it leaves a margin before expiry), or a
 * minute before expiresAt when refreshAt is unreadable.
 */
export function refreshDelay(config: Pick<ConfiguredEmbed, 'refreshAt' | 'expiresAt'>, now: number): number {
  const refreshAt = Date.parse(config.refreshAt);
  const expiresAt = Date.parse(config.expiresAt);
  const at = Number.isFinite(refreshAt) ? refreshAt : Number.isFinite(expiresAt) ? expiresAt - 60_000 : now + 10 * 60_000;
  return Math.max(MIN_REFRESH_MS, at - now);
}

/** powerbi-client's report configuration: the report in the user's language, without the filter pane. */
export function reportConfig(config: ConfiguredEmbed, locale: string, tokenTypeOf: (name: 'Aad' | 'Embed') => number) {
  return {
    type: 'report',
    id: config.reportId,
    embedUrl: config.embedUrl,
    accessToken: config.accessToken,
    tokenType: tokenTypeOf(config.tokenType),
    settings: {
      panes: { filters: { visible: false }, pageNavigation: { visible: true } },
      localeSettings: { language: locale, formatLocale: locale },
    },
  };
}
