import { Button, makeStyles, tokens } from '@fluentui/react-components';
import { useApp } from '../app/app-context.ts';
import { describeFilter } from './describe.ts';

const useChipStyles = makeStyles({
  list: { display: 'flex', flexWrap: 'wrap', gap: tokens.spacingHorizontalS, listStyleType: 'none', margin: 0, padding: `${tokens.spacingVerticalS} 0` },
  chip: {
    display: 'flex',
    alignItems: 'center',
    gap: tokens.spacingHorizontalXS,
    paddingLeft: tokens.spacingHorizontalS,
    borderRadius: tokens.borderRadiusCircular,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    backgroundColor: tokens.colorNeutralBackground3,
    fontSize: tokens.fontSizeBase200,
  },
});

/** The active filters above every view, each removable: what the figures below are about. */
export function FilterChips() {
  const app = useApp();
  const styles = useChipStyles();
  const { t, fmt, route, navigate } = app;
  const filters = route.filter.filters ?? [];
  const remove = (index: number) => navigate({ filter: { ...route.filter, filters: filters.filter((_, i) => i !== index) } });
  return (
    <ul className={styles.list} aria-label={t('filters.title')} data-testid="filter-chips">
      {filters.map((f, i) => {
        const text = describeFilter(f, t, fmt);
        return (
          <li key={i} className={styles.chip}>
            <span>{text}</span>
            <Button size="small" appearance="transparent" aria-label={t('filters.remove', { name: text })} onClick={() => remove(i)}>
              ×
            </Button>
          </li>
        );
      })}
      {route.filter.hideDerived && (
        <li className={styles.chip}>
          <span>{t('filters.hideDerived')}</span>
          <Button size="small" appearance="transparent" aria-label={t('filters.remove', { name: t('filters.hideDerived') })} onClick={() => navigate({ filter: { ...route.filter, hideDerived: false } })}>
            ×
          </Button>
        </li>
      )}
    </ul>
  );
}
