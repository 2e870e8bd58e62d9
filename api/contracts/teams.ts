import { z } from 'zod';
import { filterSpecSchema } from './filter-spec.ts';
import { named } from './registry.ts';

export const teamAssignmentSchema = named(
  'TeamAssignment',
  z.discriminatedUnion('by', [
    z.object({ by: z.literal('collector') }).describe("The invoices whose CollectorName is one of the team's members."),
    z
      .object({ by: z.literal('rule'), rule: filterSpecSchema })
      .describe('The invoices matching the rule (e.g. company codes and customer segments), whoever their collector is.'),
  ]),
  'Which invoices belong to the team.',
);

export const teamSchema = named(
  'Team',
  z.object({
    name: z.string().min(1).max(200),
    manager: z.string().min(1).max(200).describe("The manager's name as the organisation spells it."),
    members: z.array(z.string().min(1).max(200)).max(500).describe("Collectors' names, as on the invoices (CollectorName)."),
    assignment: teamAssignmentSchema,
  }),
  'A credit team.',
);
export type Team = z.infer<typeof teamSchema>;

export const teamListSchema = named('TeamList', z.object({ teams: z.array(teamSchema) }));
export const teamParams = z.object({ name: z.string().min(1).max(200) });
export const teamBody = teamSchema.omit({ name: true }).extend({
  assignment: teamAssignmentSchema.default({ by: 'collector' }),
});
