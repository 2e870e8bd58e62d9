/**
 * The canonical credit-to-cash activities of the domain reference
 * (shared/domain/event-log-template.md). KPIs, the dunning policy and the derived-event
 * rules speak these names; a customer's own names are mapped onto them by aliases.
 */
export const Activity = {
  CreditLimitRequested: 'Credit Limit Requested',
  CreditLimitApproved: 'Credit Limit Approved',
  InvoiceCreated: 'Invoice Created',
  InvoicePosted: 'Invoice Posted',
  InvoiceSent: 'Invoice Sent to Customer',
  PaymentDueDatePassed: 'Payment Due Date Passed',
  ReminderSent: 'Reminder Sent',
  DunningLetterIssued: 'Dunning Letter Issued',
  DunningProcessStarted: 'Dunning Process Started',
  CollectionContactMade: 'Collection Contact Made',
  PromiseToPayReceived: 'Promise to Pay Received',
  PromiseToPayBroken: 'Promise to Pay Broken',
  DisputeRegistered: 'Dispute Registered',
  DisputeResolved: 'Dispute Resolved',
  CreditMemoIssued: 'Credit Memo Issued',
  PaymentReceived: 'Payment Received',
  PaymentApplied: 'Payment Applied to Invoice',
  InvoiceSettled: 'Invoice Settled',
  InvoiceWrittenOff: 'Invoice Written Off',
} as const;

export type CanonicalActivity = (typeof Activity)[keyof typeof Activity];

export const CANONICAL_ACTIVITIES: readonly CanonicalActivity[] = Object.values(Activity);

/** How an activity is captured (domain reference, "Activities"). */
export type ActivityKind = 'explicit' | 'calculated' | 'inferred';

export const ACTIVITY_KIND: Readonly<Record<CanonicalActivity, ActivityKind>> = {
  [Activity.CreditLimitRequested]: 'explicit',
  [Activity.CreditLimitApproved]: 'explicit',
  [Activity.InvoiceCreated]: 'explicit',
  [Activity.InvoicePosted]: 'explicit',
  [Activity.InvoiceSent]: 'explicit',
  [Activity.PaymentDueDatePassed]: 'calculated',
  [Activity.ReminderSent]: 'explicit',
  [Activity.DunningLetterIssued]: 'explicit',
  [Activity.DunningProcessStarted]: 'explicit',
  [Activity.CollectionContactMade]: 'explicit',
  [Activity.PromiseToPayReceived]: 'explicit',
  [Activity.PromiseToPayBroken]: 'calculated',
  [Activity.DisputeRegistered]: 'explicit',
  [Activity.DisputeResolved]: 'explicit',
  [Activity.CreditMemoIssued]: 'explicit',
  [Activity.PaymentReceived]: 'explicit',
  [Activity.PaymentApplied]: 'explicit',
  [Activity.InvoiceSettled]: 'inferred',
  [Activity.InvoiceWrittenOff]: 'explicit',
};

/** Happy path of the domain reference, in order. */
export const HAPPY_PATH: readonly CanonicalActivity[] = [
  Activity.InvoiceCreated,
  Activity.InvoicePosted,
  Activity.InvoiceSent,
  Activity.PaymentReceived,
  Activity.PaymentApplied,
  Activity.InvoiceSettled,
];

/**
 * The domain's cycle times, start activity to end activity: dispute resolution, cash
 * application, credit approval. The KPIs report them; the performance view shows their
 * throughput times, which indexLog prepares at load.
 */
export const CYCLE_TIME_PAIRS = [
  [Activity.DisputeRegistered, Activity.DisputeResolved],
  [Activity.PaymentReceived, Activity.PaymentApplied],
  [Activity.CreditLimitRequested, Activity.CreditLimitApproved],
] as const;
