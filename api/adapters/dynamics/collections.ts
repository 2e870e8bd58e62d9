import type { DynamicsMapping } from './mapping-schema.ts';
import { ODataError, type ODataClient } from './odata-client.ts';

export type CollectionChoice = { readonly collection: string } | { readonly skip: string };

/**
 * The public collection of each mapped entity, from /Metadata/DataEntities: the public name
 * differs from the entity name (CustCustomerV3Entity → CustomersV3) and only public entities
 * exist there. When the metadata cannot be read the mapping's own collection names are used.
 */
export async function resolveCollections(client: ODataClient, mapping: DynamicsMapping): Promise<{ choices: Map<string, CollectionChoice>; notes: string[] }> {
  const notes: string[] = [];
  const choices = new Map<string, CollectionChoice>();
  let byName: Map<string, string> | undefined;
  let collections: Set<string> | undefined;
  try {
    const infos = await client.dataEntities();
    byName = new Map();
    collections = new Set();
    for (const info of infos) {
      if (!info.publicCollectionName) continue;
      byName.set(info.name.toLowerCase(), info.publicCollectionName);
      collections.add(info.publicCollectionName.toLowerCase());
    }
  } catch (error) {
    if (!(error instanceof ODataError) || error.status === 401) throw error;
    notes.push(`could not read /Metadata/DataEntities (${error.message}); using the collection names of the mapping`);
  }
  for (const entity of mapping.entities) {
    const odata = entity.odata;
    if (!odata) continue;
    if (!byName || !collections) {
      choices.set(entity.name, { collection: odata.collection });
      continue;
    }
    const resolved = byName.get(odata.entity.toLowerCase()) ?? (collections.has(odata.collection.toLowerCase()) ? odata.collection : undefined);
    if (resolved) {
      choices.set(entity.name, { collection: resolved });
    } else {
      const why = `${odata.entity} is not a public data entity in this environment`;
      choices.set(entity.name, { skip: why });
      notes.push(`${entity.name} skipped: ${why}${odata.optional ? ' (optional; see docs/DYNAMICS.md for publishing it)' : ''}`);
    }
  }
  return { choices, notes };
}
