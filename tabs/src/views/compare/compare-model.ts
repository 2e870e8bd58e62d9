import type { Kpis } from '../../api/types.ts';
import type { Translate } from '../../i18n/catalogue.ts';
import type { MessageKey } from '../../i18n/en.ts';
import type { Formatters } from '../../i18n/format.ts';
import { formatKpi, OVERVIEW_KPIS } from '../overview/overview-model.ts';

export interface CompareRow {
  readonly key: string;
  readonly label: string;
  readonly left: string;
  readonly right: string;
  /** right − left in the KPI's unit (percentage points for rates); '' when either is missing. */
  readonly difference: string;
  readonly differenceValue: number | null;
}

/** The two teams' KPIs next to each other, with the difference second minus first. */
export function compareRows(left: Kpis | null, right: Kpis | null, t: Translate, fmt: Formatters): CompareRow[] {
  const rows: CompareRow[] = [
    {
      key: 'cases',
      label: t('kpi.cases'),
      left: fmt.integer(left?.counts.cases ?? null),
      right: fmt.integer(right?.counts.cases ?? null),
      differenceValue: left && right ? right.counts.cases - left.counts.cases : null,
      difference: left && right ? signed(fmt.integer(Math.abs(right.counts.cases - left.counts.cases)), right.counts.cases - left.counts.cases) : '',
    },
  ];
  for (const { key, unit } of OVERVIEW_KPIS) {
    const a = left ? left[key] : null;
    const b = right ? right[key] : null;
    const diff = a !== null && b !== null ? b - a : null;
    let difference = '';
    if (diff !== null) {
      if (unit === 'rate') difference = signed(t('compare.points', { value: fmt.number(Math.abs(diff) * 100, 1) }), diff);
      else difference = signed(formatKpi(Math.abs(diff), unit, fmt), diff);
    }
    rows.push({ key, label: t(`kpi.${key}` as MessageKey), left: formatKpi(a, unit, fmt), right: formatKpi(b, unit, fmt), difference, differenceValue: diff });
  }
  return rows;
}

/** The magnitude formatted for the locale, with + or − in front (nothing when it rounds to zero). */
function signed(magnitude: string, value: number): string {
  if (!/[1-9]/.test(magnitude)) return magnitude;
  return `${value > 0 ? '+' : value < 0 ? '−' : ''}${magnitude}`;
}
