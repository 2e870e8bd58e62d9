import { ops } from '../contracts/operations.ts';
import { bind, json, type Binding } from '../server/operation.ts';

export const meRoutes: Binding[] = [
  bind(ops.getMe, async ({ identity }) =>
    json({
      id: identity.principal.id,
      name: identity.principal.name,
      upn: identity.principal.upn,
      role: identity.role,
      roleSource: identity.roleSource,
      person: identity.person,
      personSource: identity.personSource,
      teams: [...identity.teams],
    }),
  ),
];
