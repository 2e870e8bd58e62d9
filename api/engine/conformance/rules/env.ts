import type { BusinessCalendar } from '../../domain/calendar.ts';
import type { EventLog } from '../../log/event-log.ts';
import type { CaseFacts } from '../../kpis/case-facts.ts';
import type { BalanceModel } from '../../kpis/open-balance.ts';

/** What every rule evaluator reads; built once per check. */
export interface EvalEnv {
  readonly log: EventLog;
  readonly facts: CaseFacts;
  readonly balance: BalanceModel;
  /** Steps due after this instant are not due yet. */
  readonly cutoff: number;
  readonly calendar: BusinessCalendar;
  /** Per event: 1-based position of its DunningLevel in the policy's levels, 0 = none. */
  readonly level: Uint8Array;
  /** Code of the activity that carries dunning levels, -1 if absent. */
  readonly dunningCode: number;
  /** The policy's levels in escalation order. */
  readonly levelNames: readonly string[];
  /** 1-based position of a level named in a rule ("final" = the last); 0 if unknown. */
  levelOrdinal(name: string): number;
  /** Activity code, -1 if the log never has it. */
  code(name: string): number;
  /** Per activity code: 1 for the given names. */
  mask(names: readonly string[]): Uint8Array;
  /** Per case: bit set of its activities (see casePresence), to skip cases without a trigger. */
  readonly presence: Uint32Array;
  /** Presence bits of activity names. */
  bits(names: readonly string[]): number;
  /** A detail text's id for {@link Emit} (texts are made once per rule, not per violation). */
  detail(text: string): number;
}

/** Indices into VIOLATION_KINDS; evaluators pass numbers so recording a violation allocates nothing. */
export const MISSING = 0;
export const LATE = 1;
export const TOO_EARLY = 2;
export const FORBIDDEN = 3;
export const OUT_OF_ORDER = 4;

/** Records one violation of the rule being evaluated. event -1 = none, dueAt NaN = none, exposure in invoice currency, detail 0 = none. */
export type Emit = (kind: number, c: number, event: number, dueAt: number, exposure: number, detail: number) => void;

/**
 * Checks the given cases against one rule variant. Each rule writes its own loop over the cases
 * so the per-case check is called from one place and can be inlined.
 */
export type Evaluator = (cases: Uint32Array) => void;
