import { z } from 'zod';
import { ROLES } from '../auth/roles.ts';
import { named } from './registry.ts';

export const roleSchema = named('Role', z.enum(ROLES), 'collector: own invoices; manager: their teams\' invoices; executive: all, and administration.');

export const meSchema = named(
  'Me',
  z.object({
    id: z.string().describe('Entra object id (oid) or token subject.'),
    name: z.string().nullable(),
    upn: z.string().nullable(),
    role: roleSchema,
    roleSource: z.enum(['token', 'mapping', 'organisation']),
    person: z.string().nullable().describe("Who you are in the organisation (collector or manager name); null when not mapped."),
    personSource: z.enum(['mapping', 'name', 'email']).nullable(),
    teams: z.array(z.string()).describe('Teams whose invoices you see (managers) or belong to (collectors).'),
  }),
  'The signed-in user as this API sees them.',
);

export const userMappingSchema = named(
  'UserMapping',
  z.object({
    principal: z.string().describe('Entra object id, or lower-case UPN / e-mail.'),
    person: z.string().describe("The organisation's name for them (a collector's or manager's name)."),
    role: roleSchema.nullable().describe('Overrides the role the organisation implies (the token\'s app role still wins).'),
    updatedBy: z.string().nullable(),
    updatedAt: z.string(),
  }),
);

export const userMappingListSchema = named('UserMappingList', z.object({ mappings: z.array(userMappingSchema) }));
export const userMappingParams = z.object({ principal: z.string().min(1).max(320) });
export const userMappingBody = z.object({ person: z.string().min(1).max(200), role: roleSchema.nullable().default(null) });
