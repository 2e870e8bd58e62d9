import { ops } from '../contracts/operations.ts';
import { validatePolicy } from '../engine/index.ts';
import type { PolicyEntry } from '../server/policies.ts';
import { bind, cached, json, type Binding } from '../server/operation.ts';
import { HttpProblem } from '../server/problem.ts';

const document = (entry: PolicyEntry) => ({ version: entry.meta, policy: entry.policy });

export const policyRoutes: Binding[] = [
  bind(ops.getPolicy, async ({ services }) => {
    const entry = services.policies.current();
    return cached([entry.version], () => document(entry));
  }),

  bind(ops.listPolicyVersions, async ({ services }) => json(await services.policies.list())),

  bind(ops.getPolicyVersion, async ({ params, services }) => {
    const entry = await services.policies.get(params.version);
    if (!entry) throw new HttpProblem(404, 'policy-not-found', 'Policy version not found', `There is no policy version ${params.version}.`);
    return cached([entry.version], () => document(entry));
  }),

  bind(ops.validatePolicy, async ({ body }) => {
    const result = validatePolicy(body);
    return json({ ok: result.ok, problems: result.ok ? [] : [...result.problems] });
  }),

  bind(ops.savePolicy, async ({ body, services, identity }) => {
    const result = validatePolicy(body.policy);
    if (!result.ok) {
      throw new HttpProblem(422, 'invalid-policy', 'Invalid policy', 'The policy was not saved; see problems.', { problems: [...result.problems] });
    }
    // Kept as written (not with defaults filled in): the version records what the manager said.
    const entry = await services.policies.save(body.policy, body.note ?? null, identity.principal.name ?? identity.principal.id);
    return json(document(entry), 201, { Location: `/api/policy/versions/${entry.version}` });
  }),
];
