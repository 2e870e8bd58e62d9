import { Activity } from '../engine/domain/activities.ts';
import { Column } from '../engine/domain/columns.ts';
import type { Segment } from './organisation.ts';

/**
 * What the sample log hides for analytics to find, and the knobs that plant it. The generator
 * reads the knobs; {@link PLANTED} describes the result in the product's own terms (activities,
 * case attributes) so tests of later analytics can assert that what was planted comes out first.
 * docs/SAMPLE-DATA.md gives the measured strength of each.
 */

/** Dunning behaviour of a collector: how often each policy step goes wrong. */
export interface DunningHabits {
  /** No Reminder Sent at all. */
  readonly reminderSkipped: number;
  /** Reminder Sent, but days after the policy's 3. */
  readonly reminderLate: number;
  /** Letter 3 straight after letter 1. */
  readonly levelJump: number;
  /** The next letter sooner than 14 days after the previous one. */
  readonly shortSpacing: number;
}

/** How fast a team moves an overdue invoice through the letters, and how hands-on it is. */
export interface TeamPace {
  /** Days from the start of dunning to letter 1. */
  readonly firstLetterDays: readonly [number, number];
  /** Days between letters. */
  readonly letterSpacingDays: readonly [number, number];
  /** Chance of a call in the gap before each letter after the first. */
  readonly callRate: number;
  /** Policy: a call before letter 2 (key accounts). */
  readonly callBeforeSecondLetter: boolean;
  /** Median days from Dispute Registered to Dispute Resolved. */
  readonly disputeDays: number;
  /** Courtesy calls in the week before the due date: how often, for invoices from this amount (USD) up. */
  readonly courtesyCall: { readonly rate: number; readonly fromUsd: number };
}

export const PLANT = {
  policySkipper: {
    collector: 'Lukas Becker',
    habits: { reminderSkipped: 0.5, reminderLate: 0.15, levelJump: 0.4, shortSpacing: 0.35 } satisfies DunningHabits,
  },
  /** Everyone else: an occasional slip. */
  usualHabits: { reminderSkipped: 0.015, reminderLate: 0.02, levelJump: 0.01, shortSpacing: 0.03 } satisfies DunningHabits,
  /** Small businesses fail: the write-off rate per invoice of their segment. */
  writeOffs: { segment: 'SMB' as Segment, rate: 0.06 },
  /**
   * A billing backlog in one entity: posted invoices reach the customer weeks later (portal
   * uploads queue up). Never past the due date, and not for card-paid "Due on receipt" invoices.
   */
  dispatchBacklog: { companyCode: 'US01', medianDays: 32, sigma: 0.35, marginDays: [2, 7] as const },
  /** A price-list problem in one entity: disputes multiply, mostly pricing errors. */
  pricingProblem: { companyCode: 'FR01', disputeFactor: 6, pricingErrorShare: 0.8 },
  /** Promises that do not hold: the kept rate of one segment (others keep 80–90%). */
  brokenPromises: { segment: 'Mid-Market' as Segment, keptRate: 0.35 },
  teamPace: {
    'Collections Team North America': {
      firstLetterDays: [8, 11],
      letterSpacingDays: [14, 15],
      callRate: 0.55,
      callBeforeSecondLetter: false,
      disputeDays: 9,
      courtesyCall: { rate: 0.9, fromUsd: 10_000 },
    },
    'Collections Team EMEA': {
      firstLetterDays: [12, 16],
      letterSpacingDays: [15, 21],
      callRate: 0.5,
      callBeforeSecondLetter: false,
      disputeDays: 14,
      courtesyCall: { rate: 0, fromUsd: 0 },
    },
    'Collections Team APAC': {
      firstLetterDays: [18, 25],
      letterSpacingDays: [22, 30],
      callRate: 0.45,
      callBeforeSecondLetter: false,
      disputeDays: 12,
      courtesyCall: { rate: 0, fromUsd: 0 },
    },
    'Strategic Accounts': {
      firstLetterDays: [12, 15],
      letterSpacingDays: [17, 21],
      callRate: 0.9,
      callBeforeSecondLetter: true,
      disputeDays: 8,
      courtesyCall: { rate: 0.6, fromUsd: 0 },
    },
  } satisfies Record<string, TeamPace>,
} as const;

export type PlantedOutcome = 'writtenOff' | 'paidLate' | 'disputed';

export interface PlantedCause {
  readonly outcome: PlantedOutcome;
  /** A case attribute (template column name) … */
  readonly attribute: string;
  /** … whose value has the highest lift for the outcome among values with at least 2% of invoices. */
  readonly value: string;
}

export const PLANTED = {
  /** Highest dunning-policy violation rate by far: skipped or late reminders, 1 → 3 jumps, letters too close. */
  policySkippingCollector: PLANT.policySkipper.collector,
  causes: [
    { outcome: 'writtenOff', attribute: Column.CustomerSegment, value: PLANT.writeOffs.segment },
    // Invoices that arrive late are paid late: customers count their terms from receipt (see the bottleneck).
    { outcome: 'paidLate', attribute: Column.CompanyCode, value: PLANT.dispatchBacklog.companyCode },
    { outcome: 'disputed', attribute: Column.CompanyCode, value: PLANT.pricingProblem.companyCode },
  ] as readonly PlantedCause[],
  /**
   * The directly-follows edge with the largest total waiting time in the whole log, and where it
   * comes from. It lies before the due date, so no derived event can fall inside it: it comes
   * first with and without derived events.
   */
  bottleneck: {
    from: Activity.InvoicePosted,
    to: Activity.InvoiceSent,
    where: { attribute: Column.CompanyCode, value: PLANT.dispatchBacklog.companyCode },
  },
  /** The case attribute value with the highest share of broken promises. */
  brokenPromises: { attribute: Column.CustomerSegment, value: PLANT.brokenPromises.segment },
  /** Credit teams by mean days between consecutive dunning letters. */
  dunningSpeed: { fastest: 'Collections Team North America', slowest: 'Collections Team APAC' },
  /** How each outcome is read off the records of one invoice. */
  outcomes: {
    writtenOff: `the invoice has an '${Activity.InvoiceWrittenOff}' event`,
    paidLate:
      `the SettledAmount of '${Activity.PaymentApplied}' and '${Activity.CreditMemoIssued}' events reaches ` +
      `InvoiceAmount (within a cent), and the event that reaches it is on or after DueDate + 1 day`,
    disputed: `the invoice has a '${Activity.DisputeRegistered}' event`,
  } satisfies Record<PlantedOutcome, string>,
} as const;
