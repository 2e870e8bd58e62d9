import { Activity } from '../domain/activities.ts';
import { DEFAULT_DUNNING_LEVELS, type DunningPolicy } from './policy-schema.ts';

/**
 * The dunning policy of the domain reference (shared/domain/event-log-template.md, "A dunning
 * policy, as users state it"). Rules 1–6 are one rule each; rule 7 ("thresholds differ by segment
 * and payment terms") is the overrides inside them plus two segment-only rules, its examples.
 */
export const DEFAULT_POLICY: DunningPolicy = {
  name: 'Domain reference dunning policy',
  dunningLevels: [...DEFAULT_DUNNING_LEVELS],
  dunningActivity: Activity.DunningLetterIssued,
  calendar: { weekendDays: ['Saturday', 'Sunday'], holidays: [] },
  rules: [
    {
      id: 'reminder-after-due',
      kind: 'required-after',
      description: '1. A Reminder Sent within 3 days after Payment Due Date Passed (a dispute stops the clock).',
      anchor: Activity.PaymentDueDatePassed,
      step: [Activity.ReminderSent],
      withinDays: 3,
      dayType: 'calendar',
      pausedBetween: { start: Activity.DisputeRegistered, end: Activity.DisputeResolved },
      overrides: [
        { when: { CustomerSegment: 'Government' }, set: { enabled: false }, note: '7. Government: no automatic letters, so no reminder is expected.' },
        { when: { PaymentTerms: 'Due on receipt' }, set: { withinDays: 1 }, note: '7. Due on receipt: remind the next day.' },
      ],
    },
    {
      id: 'dunning-level-gap',
      kind: 'min-gap',
      description: '2. Dunning level 2 no earlier than 14 days after level 1; level 3 no earlier than 14 days after level 2.',
      minDays: 14,
      dayType: 'calendar',
      levels: ['2', '3'],
      overrides: [{ when: { CustomerSegment: 'Enterprise' }, set: { minDays: 21 }, note: '7. Enterprise: more time between letters.' }],
    },
    {
      id: 'no-skipped-level',
      kind: 'no-skip',
      description: '3. No level skipped (1 → 2 → 3 → Legal).',
    },
    {
      id: 'no-dunning-during-dispute',
      kind: 'forbidden-during',
      description: '4. No reminder or dunning letter while a dispute is open.',
      forbidden: [Activity.ReminderSent, Activity.DunningLetterIssued],
      from: Activity.DisputeRegistered,
      until: Activity.DisputeResolved,
    },
    {
      id: 'contact-after-broken-promise',
      kind: 'follow-up-after',
      description: '5. Collection Contact Made within 2 business days after Promise to Pay Broken.',
      anchor: Activity.PromiseToPayBroken,
      step: [Activity.CollectionContactMade],
      withinDays: 2,
      dayType: 'business',
    },
    {
      id: 'write-off-after-final-level-and-contact',
      kind: 'precondition',
      description: '6. Invoice Written Off only after the final dunning level, and only with a prior contact.',
      target: Activity.InvoiceWrittenOff,
      requires: [{ activity: Activity.DunningLetterIssued, atLeastLevel: 'final' }, { activity: Activity.CollectionContactMade }],
      overrides: [
        {
          when: { CustomerSegment: 'Government' },
          set: { requires: [{ activity: Activity.CollectionContactMade }] },
          note: '7. Government gets no automatic letters, so only the contact is required.',
        },
      ],
    },
    {
      id: 'government-no-automatic-letters',
      kind: 'forbidden-during',
      description: '7. Government: no automatic letters (no Reminder Sent at all).',
      enabled: false,
      forbidden: [Activity.ReminderSent],
      overrides: [{ when: { CustomerSegment: 'Government' }, set: { enabled: true } }],
    },
    {
      id: 'enterprise-contact-before-letter-2',
      kind: 'precondition',
      description: '7. Enterprise: a Collection Contact Made before dunning letter 2.',
      enabled: false,
      target: Activity.DunningLetterIssued,
      targetLevel: '2',
      requires: [{ activity: Activity.CollectionContactMade }],
      overrides: [{ when: { CustomerSegment: 'Enterprise' }, set: { enabled: true } }],
    },
  ],
};

/** The default policy as the JSON a credit manager starts editing from. */
export function defaultPolicyJson(): string {
  return JSON.stringify(DEFAULT_POLICY, null, 2);
}
