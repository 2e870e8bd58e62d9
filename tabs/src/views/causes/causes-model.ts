import type { OutcomeRootCauses, RootCause, RootCauseOutcome } from '../../api/types.ts';
import { activityLabel, columnLabel, type Translate } from '../../i18n/catalogue.ts';
import type { MessageKey } from '../../i18n/en.ts';
import type { Formatters } from '../../i18n/format.ts';

export const OUTCOMES: readonly RootCauseOutcome[] = ['writtenOff', 'paidLate', 'disputed', 'policyViolated'];

export interface CauseRow {
  readonly key: string;
  readonly attribute: string;
  readonly value: string;
  readonly rate: string;
  readonly lift: string;
  readonly liftValue: number;
  readonly support: string;
  readonly cases: string;
  readonly explainedBy: string | null;
}

export function outcomeKey(outcome: RootCauseOutcome): 'causes.outcome.writtenOff' | 'causes.outcome.paidLate' | 'causes.outcome.disputed' | 'causes.outcome.violation' {
  return outcome === 'policyViolated' ? 'causes.outcome.violation' : `causes.outcome.${outcome}`;
}

export function parseOutcome(value: string | null): RootCauseOutcome {
  return OUTCOMES.includes(value as RootCauseOutcome) ? (value as RootCauseOutcome) : 'writtenOff';
}

/** Strongest lift first, values that only stand in for another last (as the engine ranks them). */
export function causeRows(causes: readonly RootCause[], t: Translate, fmt: Formatters): CauseRow[] {
  return causes.map((c) => ({
    key: `${c.kind}|${c.attribute}|${c.value}`,
    attribute: c.kind === 'attribute' ? columnLabel(t, c.attribute) : pathFeature(t, c.attribute),
    value: c.kind === 'path' ? c.value.split(/\s*(→|->)\s*/).map((part) => (part === '→' || part === '->' ? '→' : activityLabel(t, part))).join(' ') : c.value,
    rate: fmt.percent(c.rate),
    lift: `×${fmt.number(c.lift, 2)}`,
    liftValue: c.lift,
    support: fmt.percent(c.support),
    cases: fmt.integer(c.cases),
    explainedBy: c.explainedBy ?? null,
  }));
}

/** The engine names its path features in English (Activity, Repeated, …): shown translated. */
function pathFeature(t: Translate, name: string): string {
  const key = `causes.path.${name}` as MessageKey;
  const text = t(key);
  return text === key ? name : text;
}

export function baseline(result: OutcomeRootCauses, t: Translate, fmt: Formatters): string {
  return t('causes.baseline', { rate: fmt.percent(result.rate) });
}
