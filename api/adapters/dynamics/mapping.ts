import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { resolveActivity } from '../../engine/index.ts';
import { ImportError } from '../import/import-error.ts';
import { mappingSchema, type DynamicsMapping, type EntitySpec, type ValueSpec } from './mapping-schema.ts';

export const DEFAULT_MAPPING_URL = new URL('./default-mapping.json', import.meta.url);

/** The mapping shipped for the standard entities and tables. */
export function defaultMapping(): DynamicsMapping {
  return parseMapping(JSON.parse(readFileSync(DEFAULT_MAPPING_URL, 'utf8')), 'default-mapping.json');
}

/** A customer's mapping file, checked against the schema and for references that lead nowhere. */
export async function readMappingFile(path: string): Promise<DynamicsMapping> {
  const file = basename(path);
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new ImportError({ file, expected: `a readable JSON mapping file (${(error as Error).message})` });
  }
  return parseMapping(json, file);
}

export function parseMapping(json: unknown, file: string): DynamicsMapping {
  const parsed = mappingSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.map(String).join('.') || undefined;
    const extra = issue.code === 'unrecognized_keys' ? ` (unknown key ${issue.keys.map((k) => `"${k}"`).join(', ')})` : '';
    throw new ImportError({ file, field, expected: `${issue.message}${extra}` });
  }
  checkReferences(parsed.data, file);
  return parsed.data;
}

/** Lookup names used by a value or field reference ("trans.DueDate" uses "trans"). */
function lookupOf(ref: string): string | undefined {
  const dot = ref.indexOf('.');
  return dot > 0 ? ref.slice(0, dot) : undefined;
}

function refsOf(value: ValueSpec): string[] {
  if (typeof value === 'string') return [value];
  return 'field' in value ? [value.field] : [];
}

function checkReferences(mapping: DynamicsMapping, file: string): void {
  const fail = (field: string, expected: string, value?: string): never => {
    throw new ImportError({ file, field, value, expected });
  };
  const byName = new Map<string, EntitySpec>();
  mapping.entities.forEach((entity, i) => {
    if (byName.has(entity.name)) fail(`entities.${i}.name`, 'a name no other entity has', entity.name);
    if (!entity.odata && !entity.table) fail(`entities.${i}`, 'an "odata" or a "table" source (or both)');
    byName.set(entity.name, entity);
  });
  const checkRef = (entity: EntitySpec, ref: string, field: string) => {
    const lookup = lookupOf(ref);
    if (lookup !== undefined && !entity.lookups?.[lookup]) fail(field, `a field, or lookup.field with a lookup declared on entity "${entity.name}"`, ref);
  };
  mapping.entities.forEach((entity, i) => {
    for (const [lookupName, lookup] of Object.entries(entity.lookups ?? {})) {
      if (!byName.has(lookup.entity)) fail(`entities.${i}.lookups.${lookupName}.entity`, 'the name of an entity in this mapping', lookup.entity);
      for (const [target, source] of Object.entries(lookup.on)) {
        if (lookupOf(source) === lookupName) fail(`entities.${i}.lookups.${lookupName}.on.${target}`, 'a field not read through the lookup itself', source);
        checkRef(entity, source, `entities.${i}.lookups.${lookupName}.on.${target}`);
      }
    }
    (entity.events ?? []).forEach((event, j) => {
      const at = `entities.${i}.events.${j}`;
      const names = typeof event.activity === 'string' ? [event.activity] : Object.values(event.activity.map);
      for (const activity of names) {
        if (!resolveActivity(activity)) fail(`${at}.activity`, 'one of the activities of the domain reference, such as "Invoice Posted"', activity);
      }
      if (typeof event.activity !== 'string') checkRef(entity, event.activity.field, `${at}.activity.field`);
      checkRef(entity, event.time, `${at}.time`);
      const link = event.case;
      for (const ref of refsOf('invoice' in link ? link.invoice : link.customer)) checkRef(entity, ref, `${at}.case`);
      if (link.company) checkRef(entity, link.company, `${at}.case.company`);
      for (const condition of event.when ?? []) checkRef(entity, condition.field, `${at}.when`);
      for (const [column, value] of Object.entries(event.attributes ?? {})) for (const ref of refsOf(value)) checkRef(entity, ref, `${at}.attributes.${column}`);
    });
  });
  const checkSection = (section: 'cases' | 'customers', index: number | undefined, spec: { entity: string; attributes?: Record<string, ValueSpec> }, refs: string[]) => {
    const at = index === undefined ? section : `${section}.${index}`;
    const entity = byName.get(spec.entity) ?? fail(`${at}.entity`, 'the name of an entity in this mapping', spec.entity);
    for (const ref of refs) checkRef(entity, ref, at);
    for (const [column, value] of Object.entries(spec.attributes ?? {})) for (const ref of refsOf(value)) checkRef(entity, ref, `${at}.attributes.${column}`);
  };
  mapping.cases.forEach((spec, i) => checkSection('cases', i, spec, [...refsOf(spec.invoice), ...refsOf(spec.customer), spec.posted]));
  if (mapping.customers) checkSection('customers', undefined, mapping.customers, refsOf(mapping.customers.customer));
}
