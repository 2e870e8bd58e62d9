import { z } from 'zod';
import { policySchema } from '../engine/conformance/policy-schema.ts';
import { documentedAs, named } from './registry.ts';

/** The engine's policy schema, named so the document and the tab can refer to it. */
export const dunningPolicySchema = named('DunningPolicy', policySchema, 'A dunning policy (docs/POLICY.md).');

export const policyVersionSchema = named(
  'PolicyVersion',
  z.object({
    version: z.number().int().describe('0 = the built-in default (nothing saved yet).'),
    note: z.string().nullable(),
    author: z.string().nullable(),
    createdAt: z.string().nullable(),
  }),
);

export const policyDocumentSchema = named(
  'PolicyDocument',
  z.object({ version: policyVersionSchema, policy: dunningPolicySchema }),
  'A policy version with its rules.',
);

export const policyVersionListSchema = named('PolicyVersionList', z.object({ current: z.number().int(), versions: z.array(policyVersionSchema) }));

export const policyVersionParams = z.object({ version: z.coerce.number().int().min(0) });

export const policyValidateBody = documentedAs('DunningPolicy', 'The policy to check.');

export const policyValidationSchema = named(
  'PolicyValidation',
  z.object({ ok: z.boolean(), problems: z.array(z.string()).describe('Empty when ok.') }),
);

export const policySaveBody = z.object({
  policy: documentedAs('DunningPolicy'),
  note: z.string().max(500).optional().describe('Why it changed; kept with the version.'),
});
