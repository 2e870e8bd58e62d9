import { z } from 'zod';

/**
 * Named schemas become components of the OpenAPI document (#/components/schemas/<id>) and are
 * referenced from every operation that uses them. Only this registry is read for names, so
 * schemas from elsewhere (the engine's policy schema) stay inline unless named here.
 */
export interface ContractMeta {
  readonly id: string;
  readonly description?: string;
  /** Document the value as this component, though it is validated more loosely. */
  readonly documentedAs?: string;
}

export const contractRegistry = z.registry<ContractMeta>();

/** Registers a schema under a component name and returns it. */
export function named<T extends z.ZodType>(id: string, schema: T, description?: string): T {
  contractRegistry.add(schema, description === undefined ? { id } : { id, description });
  return schema;
}

/**
 * A value checked by domain code with better messages than schema errors (the dunning policy),
 * documented as the component `id`.
 */
export function documentedAs(id: string, description?: string): z.ZodUnknown {
  const schema = z.unknown();
  // Not named: it must not become a component of its own, only point at one.
  registryForReferences.set(schema, { id, description });
  return schema;
}

/** Schemas documented as another component, read by the OpenAPI generator. */
export const registryForReferences = new WeakMap<z.ZodType, { id: string; description?: string }>();
