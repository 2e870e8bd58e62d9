import { deleteUserMapping, saveUserMapping } from '../adapters/store/index.ts';
import { ops } from '../contracts/operations.ts';
import { isRole } from '../auth/roles.ts';
import { bind, empty, json, type Binding } from '../server/operation.ts';
import { HttpProblem } from '../server/problem.ts';

/** Object ids and UPNs compare without case, as Entra treats them. */
const principalKey = (principal: string) => principal.trim().toLowerCase();

const present = (m: { principal: string; person: string; role: string | null; updatedBy: string | null; updatedAt: string }) => ({
  principal: m.principal,
  person: m.person,
  role: isRole(m.role) ? m.role : null,
  updatedBy: m.updatedBy,
  updatedAt: m.updatedAt,
});

export const userMappingRoutes: Binding[] = [
  bind(ops.listUserMappings, async ({ services }) => json({ mappings: services.access.directory.data.mappings.map(present) })),

  bind(ops.putUserMapping, async ({ params, body, services, identity }) => {
    const principal = principalKey(params.principal);
    const created = await saveUserMapping(services.store, {
      principal,
      person: body.person.trim(),
      role: body.role,
      updatedBy: identity.principal.name ?? identity.principal.id,
    });
    await services.access.reloadDirectory();
    const saved = services.access.directory.data.mappings.find((m) => m.principal === principal)!;
    return json(present(saved), created ? 201 : 200);
  }),

  bind(ops.deleteUserMapping, async ({ params, services }) => {
    const removed = await deleteUserMapping(services.store, principalKey(params.principal));
    await services.access.reloadDirectory();
    if (!removed) throw new HttpProblem(404, 'mapping-not-found', 'Mapping not found', 'There is no mapping for this user.');
    return empty();
  }),
];
