import {
  Button,
  Checkbox,
  DrawerBody,
  DrawerFooter,
  DrawerHeader,
  DrawerHeaderTitle,
  Dropdown,
  Field,
  Input,
  makeStyles,
  Option,
  OverlayDrawer,
  Select,
  Switch,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import { useApp, type AppContextValue } from '../app/app-context.ts';
import { useResource, type Resource } from '../app/use-resource.ts';
import { activityLabel, statusLabel } from '../i18n/catalogue.ts';
import { attributeName } from './describe.ts';
import { formFromSpec, PANEL_ATTRIBUTES, specFromForm, type FilterForm, type Outcome, type PanelAttribute, type TimeMode } from './filter-model.ts';

const useFilterPanelStyles = makeStyles({
  body: { display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalM },
  row: { display: 'flex', gap: tokens.spacingHorizontalM, '> *': { flexGrow: 1, minWidth: 0 } },
  fieldset: { border: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  legend: { fontWeight: tokens.fontWeightSemibold, padding: 0, marginBottom: tokens.spacingVerticalXS },
  footer: { display: 'flex', gap: tokens.spacingHorizontalS },
});

export interface FilterOptions {
  readonly attributes: Readonly<Record<PanelAttribute, readonly string[]>>;
  readonly activities: readonly string[];
}

export interface FilterPanelState {
  readonly app: AppContextValue;
  readonly form: FilterForm;
  update(patch: Partial<FilterForm>): void;
  readonly options: Resource<FilterOptions>;
  apply(): void;
  clear(): void;
}

/**
 * Values to pick come from the data (KPI groups per attribute: one cached call each, made the
 * first time the panel opens), not from a hard-coded list.
 */
async function loadOptions(app: AppContextValue): Promise<FilterOptions> {
  const [map, ...groups] = await Promise.all([
    app.api.map(app.log.id, {}, { paths: 100 }),
    ...PANEL_ATTRIBUTES.map((attribute) => app.api.kpis(app.log.id, {}, { groupBy: attribute }).catch(() => null)),
  ]);
  const attributes = Object.fromEntries(
    PANEL_ATTRIBUTES.map((name, i) => [
      name,
      (groups[i]?.groups ?? [])
        .map((g) => g.key)
        .filter((k): k is string => k !== null)
        .sort((a, b) => a.localeCompare(b)),
    ]),
  ) as Record<PanelAttribute, string[]>;
  return { attributes, activities: map.nodes.map((n) => n.name).sort((a, b) => a.localeCompare(b)) };
}

export function useFilterPanelState(open: boolean, onClose: () => void): FilterPanelState {
  const app = useApp();
  const [form, setForm] = useState<FilterForm>(() => formFromSpec(app.route.filter));
  useEffect(() => {
    if (open) setForm(formFromSpec(app.route.filter));
  }, [open, app.route.filter]);
  const options = useResource(open ? `${app.log.id}:${app.log.version}:filter-options` : null, () => loadOptions(app));
  return {
    app,
    form,
    update: (patch) => setForm((f) => ({ ...f, ...patch })),
    options,
    apply: () => {
      app.navigate({ filter: specFromForm(form), select: null, variant: null });
      onClose();
    },
    clear: () => {
      app.navigate({ filter: {}, select: null, variant: null });
      onClose();
    },
  };
}

export function FilterPanel(props: { open: boolean; onClose(): void }) {
  const state = useFilterPanelState(props.open, props.onClose);
  const styles = useFilterPanelStyles();
  return renderFilterPanel(state, props, styles);
}

export function renderFilterPanel(state: FilterPanelState, props: { open: boolean; onClose(): void }, styles: ReturnType<typeof useFilterPanelStyles>) {
  const { app, form, update } = state;
  const { t } = app;
  const options = state.options.data;
  const multi = (label: string, selected: readonly string[], values: readonly string[], onChange: (v: string[]) => void, display: (v: string) => string = (v) => v, testId?: string) => (
    <Field label={label}>
      <Dropdown
        multiselect
        data-testid={testId}
        placeholder={t('filters.any')}
        value={selected.map(display).join(', ')}
        selectedOptions={[...selected]}
        onOptionSelect={(_, d) => onChange(d.selectedOptions)}
      >
        {[...new Set([...values, ...selected])].map((v) => (
          <Option key={v} value={v} text={display(v)}>
            {display(v)}
          </Option>
        ))}
      </Dropdown>
    </Field>
  );
  return (
    <OverlayDrawer open={props.open} position="end" size="medium" onOpenChange={(_, d) => !d.open && props.onClose()} aria-labelledby="filters-title" data-testid="filter-panel">
      <DrawerHeader>
        <DrawerHeaderTitle
          id="filters-title"
          action={
            <Button appearance="subtle" aria-label={t('app.close')} onClick={props.onClose}>
              ×
            </Button>
          }
        >
          {t('filters.title')}
        </DrawerHeaderTitle>
      </DrawerHeader>
      <DrawerBody className={styles.body}>
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t('filters.timeRange')}</legend>
          <Field label={t('filters.mode')}>
            <Select value={form.timeMode} onChange={(_, d) => update({ timeMode: d.value as TimeMode })}>
              {(['started', 'ended', 'active', 'contained'] as const).map((m) => (
                <option key={m} value={m}>
                  {t(`filters.mode.${m}`)}
                </option>
              ))}
            </Select>
          </Field>
          <div className={styles.row}>
            <Field label={t('filters.from')}>
              <Input type="date" value={form.timeFrom} onChange={(_, d) => update({ timeFrom: d.value })} data-testid="filter-from" />
            </Field>
            <Field label={t('filters.to')}>
              <Input type="date" value={form.timeTo} onChange={(_, d) => update({ timeTo: d.value })} data-testid="filter-to" />
            </Field>
          </div>
        </fieldset>
        {PANEL_ATTRIBUTES.map((name) =>
          multi(
            attributeName(t, name),
            form.attributes[name],
            options?.attributes[name] ?? [],
            (values) => update({ attributes: { ...form.attributes, [name]: values } }),
            name === 'InvoiceStatus' ? (v) => statusLabel(t, v) : undefined,
            `filter-${name}`,
          ),
        )}
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t('filters.amount')}</legend>
          <div className={styles.row}>
            <Field label={t('filters.min')}>
              <Input type="number" inputMode="decimal" value={form.amountMin} onChange={(_, d) => update({ amountMin: d.value })} />
            </Field>
            <Field label={t('filters.max')}>
              <Input type="number" inputMode="decimal" value={form.amountMax} onChange={(_, d) => update({ amountMax: d.value })} />
            </Field>
          </div>
        </fieldset>
        {multi(t('filters.contains'), form.contains, options?.activities ?? [], (v) => update({ contains: v }), (a) => activityLabel(t, a), 'filter-contains')}
        {multi(t('filters.notContains'), form.notContains, options?.activities ?? [], (v) => update({ notContains: v }), (a) => activityLabel(t, a))}
        <fieldset className={styles.fieldset}>
          <legend className={styles.legend}>{t('filters.outcome')}</legend>
          {(['settled', 'writtenOff', 'open'] as const).map((o: Outcome) => (
            <Checkbox
              key={o}
              label={t(`filters.outcome.${o}`)}
              checked={form.outcomes.includes(o)}
              onChange={(_, d) => update({ outcomes: d.checked ? [...form.outcomes, o] : form.outcomes.filter((x) => x !== o) })}
            />
          ))}
        </fieldset>
        <Switch label={t('filters.hideDerived')} checked={form.hideDerived} onChange={(_, d) => update({ hideDerived: d.checked })} />
      </DrawerBody>
      <DrawerFooter className={styles.footer}>
        <Button appearance="primary" onClick={state.apply} data-testid="filter-apply">
          {t('filters.apply')}
        </Button>
        <Button onClick={state.clear}>{t('filters.clear')}</Button>
        <Button appearance="subtle" onClick={props.onClose}>
          {t('filters.cancel')}
        </Button>
      </DrawerFooter>
    </OverlayDrawer>
  );
}
