import { z } from 'zod';

/**
 * The shape of a Dynamics mapping file: which entities (OData) or tables (Synapse / Fabric Link
 * export) are read, and how their rows become invoices (cases), customer attributes and events.
 * default-mapping.json is the reference instance; docs/DYNAMICS.md explains every key.
 *
 * A field reference is a field of the row ("InvoiceDate") or of a row found through one of the
 * entity's lookups ("trans.DueDate").
 */

const name = z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'must be a name made of letters, digits and _' });
const fieldRef = z.string().min(1, { error: 'must be a field name' });
const scalar = z.union([z.string(), z.number()]);

export const valueSchema = z.union([
  fieldRef,
  z.strictObject({ const: scalar }),
  z.strictObject({
    field: fieldRef,
    /** Source value → output value; values not listed give no value. */
    map: z.record(z.string(), z.string()).optional(),
    /** Numbers: the opposite sign (a credit note's negative amount as the amount it settles). */
    negate: z.boolean().optional(),
  }),
]);

export const conditionSchema = z.strictObject({
  field: fieldRef,
  in: z.array(scalar).min(1).optional(),
  below: z.number().optional(),
  above: z.number().optional(),
  present: z.boolean().optional(),
});

const invoiceLink = z.strictObject({ invoice: valueSchema, company: fieldRef.optional() });
const customerLink = z.strictObject({
  customer: valueSchema,
  company: fieldRef.optional(),
  /**
   * Which of the customer's invoices a customer-level record belongs to: the first invoice posted
   * on or after it (credit limits), every invoice overdue and open then (a collection letter
   * lists them all), or the open invoice due first (credit notes and write-offs known only per
   * customer).
   */
  attach: z.enum(['nextInvoice', 'openOverdueInvoices', 'oldestOpenInvoice']),
});

export const eventSchema = z.strictObject({
  activity: z.union([z.string().min(1), z.strictObject({ field: fieldRef, map: z.record(z.string(), z.string()) })]),
  time: fieldRef,
  case: z.union([invoiceLink, customerLink]),
  when: z.array(conditionSchema).optional(),
  attributes: z.record(z.string(), valueSchema).optional(),
  /** Only for one source: the same concept may come from different records in each. */
  only: z.enum(['odata', 'tables']).optional(),
});

export const entitySchema = z.strictObject({
  name,
  description: z.string().optional(),
  /** Fields that identify a row; a row seen again replaces the staged one. */
  key: z.array(fieldRef).min(1),
  /** The legal-entity field (dataAreaId); lookups and invoices match within a company. */
  company: fieldRef.optional(),
  /** Date-only fields: OData sends them at 12:00 UTC, exports at midnight; both become the date. */
  dateFields: z.array(fieldRef).optional(),
  odata: z
    .strictObject({
      /** The data entity's Name in /Metadata/DataEntities; its public collection is looked up there. */
      entity: z.string().min(1),
      /** The public collection to use when the metadata cannot be read. */
      collection: z.string().min(1),
      select: z.array(z.string().min(1)).optional(),
      filter: z.string().optional(),
      /** Fetch only rows whose field is later than the last committed watermark. */
      incremental: z.strictObject({ field: fieldRef, lookbackDays: z.number().min(0).optional() }).optional(),
      /** Skip with a note, rather than fail, when the environment does not expose the entity. */
      optional: z.boolean().optional(),
    })
    .optional(),
  table: z
    .strictObject({
      /** Export folders the SQL reads, each available under its own name as a view. */
      tables: z.array(name).min(1),
      /** A SELECT over those views giving rows with this entity's field names. */
      sql: z.string().min(1),
    })
    .optional(),
  /**
   * Rows of another entity found by field equality: { target field: this row's field }. They
   * match within the company given by `company` (a field of this row), by default this entity's
   * company, when both entities have one.
   */
  lookups: z.record(name, z.strictObject({ entity: name, on: z.record(z.string(), fieldRef), company: fieldRef.optional() })).optional(),
  events: z.array(eventSchema).optional(),
});

export const casesSchema = z.strictObject({
  entity: name,
  invoice: valueSchema,
  customer: valueSchema,
  /** The posting date: when customer-level records can first attach to the invoice. */
  posted: fieldRef,
  company: fieldRef.optional(),
  attributes: z.record(z.string(), valueSchema).optional(),
});

export const customersSchema = z.strictObject({
  entity: name,
  customer: valueSchema,
  company: fieldRef.optional(),
  attributes: z.record(z.string(), valueSchema).optional(),
});

export const mappingSchema = z.strictObject({
  $schema: z.string().optional(),
  description: z.string().optional(),
  version: z.literal(1),
  /** The SourceSystem attribute of every event. */
  sourceSystem: z.string().min(1),
  entities: z.array(entitySchema).min(1),
  cases: z.array(casesSchema).min(1),
  customers: customersSchema.optional(),
});

export type ValueSpec = z.infer<typeof valueSchema>;
export type ConditionSpec = z.infer<typeof conditionSchema>;
export type EventSpec = z.infer<typeof eventSchema>;
export type EntitySpec = z.infer<typeof entitySchema>;
export type CasesSpec = z.infer<typeof casesSchema>;
export type CustomersSpec = z.infer<typeof customersSchema>;
export type DynamicsMapping = z.infer<typeof mappingSchema>;
export type SourceKind = 'odata' | 'tables';
