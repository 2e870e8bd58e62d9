import { encodeFilter } from '../../api/contracts/filter-encoding.ts';
import type { FilterSpec } from '../../api/contracts/filter-spec.ts';
import type { TabLinkConfig } from '../config.ts';

/**
 * Links into the tab. The tab reads its whole view from the query string (tabs/src/app/route.ts:
 * view, log, team, filter as base64url JSON of a FilterSpec, invoice, lang). Inside Teams a
 * deep link cannot carry a query string to the tab, so it goes in the context's subEntityId,
 * which the tab reads back (initialSearch). Parameters are written in the tab's own order so a
 * link and the tab's "copy link" agree.
 */
export interface TabView {
  readonly view: 'cases' | 'conformance' | 'worklist' | 'map';
  readonly log: string;
  readonly team?: string;
  readonly filter?: FilterSpec;
  readonly invoice?: string;
  readonly lang?: string;
}

export function tabQuery(view: TabView): string {
  const p = new URLSearchParams();
  p.set('view', view.view);
  p.set('log', view.log);
  if (view.team) p.set('team', view.team);
  if (view.filter && (view.filter.filters?.length ?? 0) > 0) p.set('filter', encodeFilter(view.filter));
  if (view.invoice) p.set('invoice', view.invoice);
  if (view.lang) p.set('lang', view.lang);
  return p.toString();
}

export function tabLink(config: TabLinkConfig, view: TabView, label: string): string {
  const query = tabQuery(view);
  const webUrl = `${config.webUrl.replace(/\/?$/, '/')}?${query}`;
  if (!config.teamsAppId) return webUrl;
  const context = JSON.stringify({ subEntityId: query });
  return (
    `https://teams.microsoft.com/l/entity/${encodeURIComponent(config.teamsAppId)}/${encodeURIComponent(config.entityId)}` +
    `?webUrl=${encodeURIComponent(webUrl)}&label=${encodeURIComponent(label)}&context=${encodeURIComponent(context)}`
  );
}

/** The invoice among its customer's invoices (the tab opens its timeline); the collector's invoices when the customer is unknown. */
export function invoiceView(log: string, invoice: string, customerId: string | null, collector: string | null, lang: string): TabView {
  const filter: FilterSpec = customerId
    ? { filters: [{ kind: 'attribute', attribute: 'CustomerId', values: [customerId] }] }
    : collector
      ? { filters: [{ kind: 'attribute', attribute: 'CollectorName', values: [collector] }] }
      : {};
  return { view: 'cases', log, filter, invoice, lang };
}
