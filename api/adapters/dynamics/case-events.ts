import { Activity, CANONICAL_ACTIVITIES, CASE_COLUMNS, Column, EVENT_COLUMNS, resolveActivity } from '../../engine/index.ts';
import type { EventRecord } from '../export/event-record.ts';
import type { DynamicsMapping, EntitySpec, EventSpec, SourceKind, ValueSpec } from './mapping-schema.ts';
import { instantOf, isPresent, matchKey, normaliseRow, RowContext, type EntityRows, type Row } from './row-context.ts';
import type { StagedData } from './staging.ts';

/**
 * Staged rows → event records, by the mapping: one case per invoice (company + invoice number),
 * case attributes from the invoice and its customer, events from every entity's event rules.
 * Records known only per customer are attached to invoices afterwards, in time order, so that
 * "open on that date" sees the payments and write-offs before it.
 */

type Attributes = Record<string, string | number | null>;

interface CaseState {
  readonly id: string;
  readonly company: string;
  readonly customer: string;
  readonly posted: number;
  readonly amount: number;
  readonly due: number;
  readonly attributes: Attributes;
  readonly events: PendingEvent[];
}

interface PendingEvent {
  readonly activity: string;
  readonly time: number;
  readonly attributes: Attributes;
}

interface CustomerRecord {
  readonly activity: string;
  readonly time: number;
  readonly attributes: Attributes;
  readonly company: string;
  readonly customer: string;
  readonly attach: 'nextInvoice' | 'openOverdueInvoices' | 'oldestOpenInvoice';
  readonly order: number;
}

export interface CaseEventsResult {
  readonly records: EventRecord[];
  readonly cases: number;
  /** What was left out and why, for the person running the sync. */
  readonly notes: string[];
}

const SETTLED_TOLERANCE = 0.005;
const ACTIVITY_RANK = new Map<string, number>(CANONICAL_ACTIVITIES.map((a, i) => [a, i]));

/** The case id: invoice numbers are unique per legal entity only. */
export function caseId(company: string, invoice: string): string {
  return company ? `${company}/${invoice}` : invoice;
}

function typed(column: string, value: unknown): string | number | null {
  if (!isPresent(value)) return null;
  const type = CASE_COLUMNS.get(column) ?? EVENT_COLUMNS.get(column);
  if (type === 'number') {
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    return Number.isFinite(n) ? n : null;
  }
  if (type === 'time') {
    const t = instantOf(value);
    return Number.isNaN(t) ? null : t;
  }
  if (type === 'string' || typeof value !== 'number') return String(value).trim();
  return value;
}

export function caseEventsFromStaging(mapping: DynamicsMapping, staged: ReadonlyMap<string, StagedData[]>, kind: SourceKind): CaseEventsResult {
  const notes: string[] = [];
  const entities = new Map<string, EntityRows>();
  for (const spec of mapping.entities) {
    if (!(kind === 'odata' ? spec.odata : spec.table)) continue;
    const rows = (staged.get(spec.name) ?? []).map((r) => normaliseRow(r, spec.dateFields ?? []));
    entities.set(spec.name, { spec, rows });
  }
  const ctx = new RowContext(entities);
  const attributesOf = (spec: EntitySpec, row: Row, specs: Record<string, ValueSpec> | undefined): Attributes => {
    const out: Attributes = {};
    for (const [column, value] of Object.entries(specs ?? {})) out[column] = typed(column, ctx.value(spec, row, value));
    return out;
  };

  const customers = new Map<string, Attributes>();
  if (mapping.customers && entities.has(mapping.customers.entity)) {
    const { spec, rows } = entities.get(mapping.customers.entity)!;
    for (const row of rows) {
      const key = JSON.stringify([ctx.company(spec, row, mapping.customers.company), matchKey(ctx.value(spec, row, mapping.customers.customer))]);
      if (!customers.has(key)) customers.set(key, attributesOf(spec, row, mapping.customers.attributes));
    }
  }

  const cases = new Map<string, CaseState>();
  const byCustomer = new Map<string, CaseState[]>();
  for (const casesSpec of mapping.cases) {
    const source = entities.get(casesSpec.entity);
    if (!source) continue;
    for (const row of source.rows) {
      const company = ctx.company(source.spec, row, casesSpec.company);
      const invoice = ctx.value(source.spec, row, casesSpec.invoice);
      if (!isPresent(invoice)) continue;
      const id = caseId(company, String(invoice).trim());
      if (cases.has(id)) continue;
      const customerValue = ctx.value(source.spec, row, casesSpec.customer);
      const customer = isPresent(customerValue) ? String(customerValue).trim() : '';
      const customerKey = JSON.stringify([company, matchKey(customer)]);
      const attributes: Attributes = {
        [Column.CompanyCode]: company || null,
        [Column.CustomerId]: customer || null,
        ...(customers.get(customerKey) ?? {}),
        ...attributesOf(source.spec, row, casesSpec.attributes),
      };
      const state: CaseState = {
        id,
        company,
        customer: matchKey(customer),
        posted: instantOf(ctx.field(source.spec, row, casesSpec.posted)),
        amount: typeof attributes[Column.InvoiceAmount] === 'number' ? (attributes[Column.InvoiceAmount] as number) : Number.NaN,
        due: typeof attributes[Column.DueDate] === 'number' ? (attributes[Column.DueDate] as number) : Number.NaN,
        attributes,
        events: [],
      };
      cases.set(id, state);
      const key = JSON.stringify([company, state.customer]);
      const list = byCustomer.get(key);
      if (list) list.push(state);
      else byCustomer.set(key, [state]);
    }
  }
  for (const list of byCustomer.values()) list.sort((a, b) => a.posted - b.posted || (a.id < b.id ? -1 : 1));

  const skipped = new Map<string, number>();
  const skip = (reason: string) => skipped.set(reason, (skipped.get(reason) ?? 0) + 1);
  const perCustomer: CustomerRecord[] = [];
  for (const { spec, rows } of entities.values()) {
    for (const event of spec.events ?? []) {
      if (event.only && event.only !== kind) continue;
      for (const row of rows) {
        if (!ctx.when(spec, row, event.when)) continue;
        const activity = activityOf(ctx, spec, row, event);
        if (!activity) continue;
        const time = instantOf(ctx.field(spec, row, event.time));
        if (Number.isNaN(time)) {
          skip(`${spec.name}: ${activity} without a readable ${event.time}`);
          continue;
        }
        const attributes = attributesOf(spec, row, event.attributes);
        const link = event.case;
        const company = ctx.company(spec, row, link.company);
        if ('invoice' in link) {
          const invoice = ctx.value(spec, row, link.invoice);
          const target = isPresent(invoice) ? cases.get(caseId(company, String(invoice).trim())) : undefined;
          if (target) target.events.push({ activity, time, attributes });
          else skip(`${spec.name}: ${activity} for an invoice not among the staged invoices`);
        } else {
          const customer = matchKey(ctx.value(spec, row, link.customer));
          perCustomer.push({ activity, time, attributes, company, customer, attach: link.attach, order: perCustomer.length });
        }
      }
    }
  }

  perCustomer.sort((a, b) => a.time - b.time || a.order - b.order);
  for (const record of perCustomer) {
    const targets = attachTargets(byCustomer.get(JSON.stringify([record.company, record.customer])) ?? [], record);
    if (targets.length === 0) skip(`${record.activity}: no ${record.attach === 'nextInvoice' ? 'later' : 'open'} invoice of customer ${record.customer} at that date`);
    for (const target of targets) target.events.push({ activity: record.activity, time: record.time, attributes: record.attributes });
  }
  for (const [reason, count] of skipped) notes.push(`${count} left out: ${reason}`);
  return { records: toRecords(cases, mapping.sourceSystem), cases: cases.size, notes };
}

function activityOf(ctx: RowContext, spec: EntitySpec, row: Row, event: EventSpec): string | null {
  if (typeof event.activity === 'string') return resolveActivity(event.activity);
  const raw = ctx.field(spec, row, event.activity.field);
  const name = isPresent(raw) ? event.activity.map[String(raw).trim()] : undefined;
  return name ? resolveActivity(name) : null;
}

function isOpen(state: CaseState, at: number): boolean {
  let settled = 0;
  for (const e of state.events) {
    if (e.time > at) continue;
    if (e.activity === Activity.InvoiceWrittenOff) return false;
    const amount = e.attributes[Column.SettledAmount];
    if (typeof amount === 'number') settled += amount;
  }
  return !(state.amount - settled <= SETTLED_TOLERANCE);
}

function attachTargets(invoices: readonly CaseState[], record: CustomerRecord): CaseState[] {
  const t = record.time;
  if (record.attach === 'nextInvoice') {
    const next = invoices.find((c) => c.posted >= t);
    return next ? [next] : [];
  }
  const open = invoices.filter((c) => c.posted <= t && isOpen(c, t));
  if (record.attach === 'openOverdueInvoices') return open.filter((c) => c.due < t);
  const dueFirst = open.slice().sort((a, b) => (a.due || a.posted) - (b.due || b.posted) || a.posted - b.posted || (a.id < b.id ? -1 : 1));
  return dueFirst.slice(0, 1);
}

/**
 * Records in an order that does not depend on the source: cases by id, events by time, then by
 * the activity's place in the lifecycle (date-only times tie often), then by attributes.
 */
function toRecords(cases: ReadonlyMap<string, CaseState>, sourceSystem: string): EventRecord[] {
  const records: EventRecord[] = [];
  const ids = [...cases.keys()].sort();
  for (const id of ids) {
    const state = cases.get(id)!;
    const events = state.events
      .map((e) => ({ e, tie: JSON.stringify(Object.entries(e.attributes).sort()) }))
      .sort(
        (a, b) =>
          a.e.time - b.e.time ||
          (ACTIVITY_RANK.get(a.e.activity) ?? 99) - (ACTIVITY_RANK.get(b.e.activity) ?? 99) ||
          (a.tie < b.tie ? -1 : a.tie > b.tie ? 1 : 0),
      );
    for (const { e } of events) {
      const record: Record<string, string | number | null> = {
        InvoiceNumber: id,
        ActivityName: e.activity,
        EventTime: e.time,
        ...state.attributes,
        ...Object.fromEntries(Object.entries(e.attributes).filter(([, v]) => v !== null)),
        [Column.SourceSystem]: sourceSystem,
      };
      records.push(record as unknown as EventRecord);
    }
  }
  return records;
}
