import type { CaseSummary, CaseTimeline } from '../../api/types.ts';
import { activityLabel, columnLabel, statusLabel, type Translate } from '../../i18n/catalogue.ts';
import type { Formatters } from '../../i18n/format.ts';

type Attributes = CaseSummary['attributes'];

const str = (a: Attributes, name: string) => (typeof a[name] === 'string' ? (a[name] as string) : null);
const num = (a: Attributes, name: string) => (typeof a[name] === 'number' ? (a[name] as number) : null);

export interface CaseRow {
  readonly caseId: string;
  readonly customer: string;
  readonly segment: string;
  readonly amount: string;
  readonly status: string;
  readonly collector: string;
  readonly duration: string;
  readonly events: string;
  readonly started: string;
}

export function caseRows(items: readonly CaseSummary[], t: Translate, fmt: Formatters): CaseRow[] {
  const none = t('value.none');
  return items.map((c) => {
    const currency = str(c.attributes, 'InvoiceCurrency');
    const amount = num(c.attributes, 'InvoiceAmount');
    const status = str(c.attributes, 'InvoiceStatus');
    return {
      caseId: c.caseId,
      customer: str(c.attributes, 'CustomerName') ?? str(c.attributes, 'CustomerId') ?? none,
      segment: str(c.attributes, 'CustomerSegment') ?? none,
      amount: amount === null ? none : currency ? fmt.money(amount, currency) : fmt.number(amount, 2),
      status: status ? statusLabel(t, status) : none,
      collector: str(c.attributes, 'CollectorName') ?? none,
      duration: fmt.duration(c.durationMs),
      events: fmt.integer(c.events),
      started: fmt.date(c.start),
    };
  });
}

export interface TimelineItem {
  readonly key: number;
  readonly activity: string;
  readonly when: string;
  readonly waited: string | null;
  /** The derivation rule (the engine's words), null for recorded events. */
  readonly derived: string | null;
  readonly details: readonly { readonly name: string; readonly value: string }[];
}

export interface TimelineModel {
  readonly caseId: string;
  readonly attributes: readonly { readonly name: string; readonly value: string }[];
  readonly items: readonly TimelineItem[];
}

/** Times whose attribute name says they are dates are shown as dates, not as epoch numbers. */
function attributeText(name: string, value: string | number | boolean | null, t: Translate, fmt: Formatters, currency: string | null): string {
  if (value === null) return t('value.missing');
  if (typeof value === 'boolean') return t(value ? 'value.yes' : 'value.no');
  if (typeof value === 'number') {
    if (/(Date|Time|Update)$/.test(name)) return /Time|Update/.test(name) ? fmt.dateTime(value) : fmt.date(value);
    if (/Amount$/.test(name) && currency) return fmt.money(value, currency);
    return fmt.number(value, 2);
  }
  if (name === 'InvoiceStatus') return statusLabel(t, value);
  return value;
}

export function timelineModel(timeline: CaseTimeline, t: Translate, fmt: Formatters): TimelineModel {
  const currency = typeof timeline.attributes.InvoiceCurrency === 'string' ? timeline.attributes.InvoiceCurrency : null;
  return {
    caseId: timeline.caseId,
    attributes: Object.entries(timeline.attributes).map(([name, value]) => ({ name: columnLabel(t, name), value: attributeText(name, value, t, fmt, currency) })),
    items: timeline.events.map((e) => ({
      key: e.index,
      activity: activityLabel(t, e.activity),
      when: fmt.dateTime(e.time),
      waited: e.waitSincePrevious === null ? null : t('timeline.waited', { duration: fmt.duration(e.waitSincePrevious) }),
      derived: e.derivedRule,
      details: Object.entries(e.attributes).map(([name, value]) => ({ name: columnLabel(t, name), value: attributeText(name, value, t, fmt, currency) })),
    })),
  };
}
