import type { WorklistItem } from '../../api/types.ts';
import { activityLabel, type Translate } from '../../i18n/catalogue.ts';
import type { Formatters } from '../../i18n/format.ts';

export interface WorklistRow {
  readonly caseId: string;
  readonly customer: string;
  readonly collector: string;
  readonly open: string;
  readonly daysOverdue: string;
  readonly action: string;
  readonly dueBy: string;
  readonly overdueAction: boolean;
  readonly prediction: string;
  readonly level: string;
}

export function worklistRows(list: { readonly items: readonly WorklistItem[] }, t: Translate, fmt: Formatters): WorklistRow[] {
  const none = t('value.none');
  return list.items.map((item) => ({
    caseId: item.caseId,
    customer: item.customer ?? none,
    collector: item.collector ?? none,
    open: item.openBalance === null ? none : item.currency ? fmt.money(item.openBalance, item.currency) : fmt.number(item.openBalance, 2),
    daysOverdue: item.daysOverdue === null ? none : fmt.integer(item.daysOverdue),
    // The engine's sentence is English; the activity and level it names are shown translated.
    action: item.nextStep.activity
      ? `${activityLabel(t, item.nextStep.activity)}${item.nextStep.level ? ` · ${t('column.DunningLevel')} ${item.nextStep.level}` : ''}`
      : item.nextStep.action,
    dueBy: item.nextStep.dueAt === null && item.nextStep.from !== null ? t('worklist.notBefore', { date: fmt.date(item.nextStep.from) }) : fmt.date(item.nextStep.dueAt),
    overdueAction: item.nextStep.overdue,
    prediction: item.prediction ? fmt.date(item.prediction.date) : none,
    level: item.dunningLevel ?? none,
  }));
}
