import type { Message } from '../i18n.ts';
import type { ActionVerb } from './action-data.ts';

/**
 * What cards are drawn from. Plain JSON: a sent card's model is stored (bot_cards) so that an
 * action or a refresh can draw it again, in the clicking user's language, with what was done.
 */

/** One invoice a collector can act on. Amounts in the invoice currency; times epoch ms. */
export interface CardItem {
  readonly invoice: string;
  readonly customer: string | null;
  readonly customerId: string | null;
  readonly collector: string | null;
  readonly currency: string | null;
  readonly openAmount: number | null;
  /** > 0 overdue; null without a due date. */
  readonly daysOverdue: number | null;
  /** What the policy asks next, when it asks something. */
  readonly nextStep: { readonly activity: string | null; readonly text: string; readonly dueAt: number | null } | null;
  /** The promise the item is about (promises card). */
  readonly promise?: { readonly date: number; readonly amount: number | null } | null;
}

export interface MissedStep {
  readonly invoice: string;
  readonly customer: string | null;
  /** The activities that should have happened (any one of them). */
  readonly steps: readonly string[];
  /** The end of the last allowed day. */
  readonly dueAt: number;
  readonly ruleId: string;
  /** The rule in the policy's words. */
  readonly rule: string;
}

export interface PromiseLine {
  readonly invoice: string;
  readonly customer: string | null;
  readonly date: number;
  readonly amount: number | null;
  readonly currency: string | null;
}

export interface DigestChanges {
  /** The day compared with (YYYY-MM-DD). */
  readonly since: string;
  readonly newOverdue: number;
  readonly closed: number;
  readonly newBroken: number;
  /** Change of the overdue total, in the reporting currency. */
  readonly totalDelta: number;
}

export interface CollectorDigest {
  readonly kind: 'digest';
  readonly collector: string;
  readonly logId: string;
  /** The collector's local day, YYYY-MM-DD. */
  readonly day: string;
  /** The data's "as of" instant. */
  readonly asOf: number;
  readonly reportingCurrency: string;
  readonly overdueCount: number;
  readonly overdueTotal: number;
  /** Top overdue items by the worklist's priority, snoozed ones left out. */
  readonly items: readonly CardItem[];
  readonly snoozed: number;
  readonly missed: readonly MissedStep[];
  readonly missedTotal: number;
  readonly broken: readonly PromiseLine[];
  readonly brokenTotal: number;
  readonly changes: DigestChanges | null;
}

export interface OverdueList {
  readonly kind: 'overdue';
  readonly collector: string;
  readonly logId: string;
  readonly asOf: number;
  readonly reportingCurrency: string;
  readonly count: number;
  readonly total: number;
  readonly items: readonly CardItem[];
}

export interface PromisesList {
  readonly kind: 'promises';
  readonly collector: string;
  readonly logId: string;
  readonly asOf: number;
  /** Broken promises, as items to act on (call the customer). */
  readonly broken: readonly CardItem[];
  readonly open: readonly PromiseLine[];
}

export type InvoiceState = 'open' | 'overdue' | 'settled' | 'writtenOff';

export interface InvoiceStatus {
  readonly kind: 'invoice';
  readonly logId: string;
  readonly asOf: number;
  readonly item: CardItem;
  readonly state: InvoiceState;
  readonly amount: number | null;
  readonly dueDate: number | null;
  readonly disputed: boolean;
  readonly promise: PromiseLine | null;
  /** Recorded and derived events in order. */
  readonly path: readonly { readonly activity: string; readonly time: number; readonly derived: boolean }[];
  /** Rules the invoice breaks, in the policy's words, and how. */
  readonly violations: readonly { readonly rule: string; readonly kind: 'missing' | 'late' | 'too-early' | 'forbidden' | 'out-of-order' }[];
}

export interface TeamFigures {
  readonly overdueCount: number;
  readonly overdueTotal: number;
  readonly openTotal: number;
  readonly adherence: number | null;
  readonly violations: number;
}

export interface TeamDigest {
  readonly team: string;
  readonly now: TeamFigures;
  readonly lastWeek: TeamFigures;
  readonly worstRules: readonly { readonly ruleId: string; readonly rule: string; readonly violations: number; readonly lastWeek: number }[];
  readonly byCollector: readonly { readonly collector: string; readonly overdueCount: number; readonly overdueTotal: number }[];
}

export interface ManagerDigest {
  readonly kind: 'manager';
  readonly manager: string;
  readonly logId: string;
  readonly day: string;
  readonly asOf: number;
  readonly reportingCurrency: string;
  readonly teams: readonly TeamDigest[];
}

export type CardModel = CollectorDigest | OverdueList | PromisesList | InvoiceStatus | ManagerDigest;

/** Something done from a card, to show on its item. Times epoch ms. */
export interface DoneMark {
  readonly verb: ActionVerb;
  readonly date?: number;
  readonly amount?: number | null;
  readonly currency?: string | null;
  readonly note?: string | null;
  readonly reason?: string | null;
  readonly until?: number;
}

/** How a card stands now: what was done on each invoice, and the error of the last action. */
export interface CardState {
  readonly done: ReadonlyMap<string, readonly DoneMark[]>;
  readonly error?: { readonly invoice: string; readonly message: Message };
}

export const NO_STATE: CardState = { done: new Map() };
