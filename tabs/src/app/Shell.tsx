import {
  Button,
  CounterBadge,
  Dropdown,
  makeStyles,
  Option,
  Spinner,
  Tab,
  TabList,
  Toast,
  Toaster,
  ToastTitle,
  tokens,
  useId,
  useToastController,
} from '@fluentui/react-components';
import { lazy, Suspense, useState, type ComponentType, type LazyExoticComponent } from 'react';
import { FilterChips } from '../filters/FilterChips.tsx';
import { LOCALE_NAMES, LOCALES, type Locale } from '../i18n/catalogue.ts';
import type { MessageKey } from '../i18n/en.ts';
import { MapView } from '../views/map/MapView.tsx';
import { useApp } from './app-context.ts';
import { filterCount, VIEWS, type ThemeChoice, type View } from './route.ts';
import { teamChoices } from './team-filter.ts';

// The filter panel (drawer, pickers, date inputs) loads the first time it is opened.
const FilterPanel = lazy(() => import('../filters/FilterPanel.tsx').then((m) => ({ default: m.FilterPanel })));

// The map is the landing view and ships in the main chunk; the others load on first visit.
const VIEW_COMPONENTS: Record<View, ComponentType | LazyExoticComponent<ComponentType>> = {
  map: MapView,
  overview: lazy(() => import('../views/overview/OverviewView.tsx')),
  variants: lazy(() => import('../views/variants/VariantsView.tsx')),
  cases: lazy(() => import('../views/cases/CasesView.tsx')),
  conformance: lazy(() => import('../views/conformance/ConformanceView.tsx')),
  policy: lazy(() => import('../views/policy/PolicyView.tsx')),
  bottlenecks: lazy(() => import('../views/bottlenecks/BottlenecksView.tsx')),
  causes: lazy(() => import('../views/causes/CausesView.tsx')),
  worklist: lazy(() => import('../views/worklist/WorklistView.tsx')),
  compare: lazy(() => import('../views/compare/CompareView.tsx')),
  powerbi: lazy(() => import('../views/powerbi/PowerBiView.tsx')),
};

const useShellStyles = makeStyles({
  root: { minHeight: '100vh', display: 'flex', flexDirection: 'column', backgroundColor: tokens.colorNeutralBackground2, color: tokens.colorNeutralForeground1 },
  skip: {
    position: 'absolute',
    left: '-10000px',
    ':focus': { left: tokens.spacingHorizontalM, top: tokens.spacingVerticalS, zIndex: 10, padding: tokens.spacingHorizontalS, backgroundColor: tokens.colorNeutralBackground1 },
  },
  header: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalL}`,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
  },
  title: { margin: 0, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, marginRight: 'auto' },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  control: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  nav: { backgroundColor: tokens.colorNeutralBackground1, paddingLeft: tokens.spacingHorizontalL, paddingRight: tokens.spacingHorizontalL, overflowX: 'auto' },
  main: { flexGrow: 1, minWidth: 0, backgroundColor: tokens.colorNeutralBackground1, ':focus': { outlineStyle: 'none' } },
  chips: { padding: `0 ${tokens.spacingHorizontalXL}`, backgroundColor: tokens.colorNeutralBackground1 },
});

export interface ShellProps {
  readonly theme: ThemeChoice;
  setTheme(theme: ThemeChoice): void;
  setLocale(locale: Locale): void;
  readonly signedInAs: string | null;
  signOut(): void;
}

export function useShellState() {
  const app = useApp();
  const [filtersOpen, setFiltersOpenState] = useState(false);
  const [filtersLoaded, setFiltersLoaded] = useState(false);
  const setFiltersOpen = (open: boolean) => {
    if (open) setFiltersLoaded(true);
    setFiltersOpenState(open);
  };
  const toasterId = useId('toaster');
  const { dispatchToast } = useToastController(toasterId);
  const copyLink = async () => {
    const url = new URL(window.location.href);
    await navigator.clipboard?.writeText(url.toString()).catch(() => undefined);
    dispatchToast(
      <Toast>
        <ToastTitle>{app.t('filters.linkCopied')}</ToastTitle>
      </Toast>,
      { intent: 'success' },
    );
  };
  return { app, filtersOpen, filtersLoaded, setFiltersOpen, toasterId, copyLink, teams: teamChoices(app.me.role, app.teams) };
}

export function Shell(props: ShellProps) {
  const state = useShellState();
  const styles = useShellStyles();
  return renderShell(state, props, styles);
}

export function renderShell(state: ReturnType<typeof useShellState>, props: ShellProps, styles: ReturnType<typeof useShellStyles>) {
  const { app } = state;
  const { t, route, navigate, fmt } = app;
  const ViewComponent = VIEW_COMPONENTS[route.view];
  const themeKeys: Record<ThemeChoice, MessageKey> = { light: 'settings.theme.light', dark: 'settings.theme.dark', contrast: 'settings.theme.contrast' };
  const count = filterCount(route.filter);
  return (
    <div className={styles.root} data-theme={app.theme} data-locale={app.locale}>
      <a href="#content" className={styles.skip}>
        {t('app.skipToContent')}
      </a>
      <header className={styles.header}>
        <h1 className={styles.title}>{t('app.title')}</h1>
        <span className={styles.meta} data-testid="as-of">
          <span data-user-content>{app.log.name}</span> · {t('app.asOf', { date: fmt.date(Date.parse(app.log.lastDataUpdate)) })}
        </span>
        {state.teams.length > 0 && (
          <div className={styles.control}>
            <label id="team-label">{t('team.label')}</label>
            <Dropdown
              aria-labelledby="team-label"
              data-testid="team-picker"
              value={route.team ?? t('team.all')}
              selectedOptions={[route.team ?? '']}
              onOptionSelect={(_, d) => navigate({ team: d.optionValue ? d.optionValue : null, teamB: null })}
            >
              <Option value="">{t('team.all')}</Option>
              {state.teams.map((name) => (
                <Option key={name} value={name}>
                  {name}
                </Option>
              ))}
            </Dropdown>
          </div>
        )}
        <Button
          onClick={() => state.setFiltersOpen(true)}
          data-testid="open-filters"
          aria-haspopup="dialog"
          aria-label={`${t('filters.open')}: ${t('filters.active', { count })}`}
          icon={count > 0 ? <CounterBadge count={count} size="small" /> : undefined} iconPosition="after">
          {t('filters.open')}
        </Button>
        <Button appearance="subtle" onClick={() => void state.copyLink()}>
          {t('filters.copyLink')}
        </Button>
        {!app.inTeams && (
          <>
            <div className={styles.control}>
              <label id="theme-label">{t('settings.theme')}</label>
              <Dropdown aria-labelledby="theme-label" data-testid="theme-picker" value={t(themeKeys[props.theme])} selectedOptions={[props.theme]} onOptionSelect={(_, d) => props.setTheme(d.optionValue as ThemeChoice)}>
                {(['light', 'dark', 'contrast'] as const).map((choice) => (
                  <Option key={choice} value={choice}>
                    {t(themeKeys[choice])}
                  </Option>
                ))}
              </Dropdown>
            </div>
            <div className={styles.control}>
              <label id="lang-label">{t('settings.language')}</label>
              <Dropdown aria-labelledby="lang-label" data-testid="language-picker" value={LOCALE_NAMES[app.locale]} selectedOptions={[app.locale]} onOptionSelect={(_, d) => props.setLocale(d.optionValue as Locale)}>
                {LOCALES.map((locale) => (
                  <Option key={locale} value={locale} lang={locale}>
                    {LOCALE_NAMES[locale]}
                  </Option>
                ))}
              </Dropdown>
            </div>
            {props.signedInAs && (
              <span className={styles.meta}>
                {t('auth.signedInAs', { name: props.signedInAs })} · {t(`auth.role.${app.me.role}`)}
              </span>
            )}
            <Button appearance="subtle" onClick={props.signOut}>
              {t('auth.signOut')}
            </Button>
          </>
        )}
      </header>
      <nav className={styles.nav} aria-label={t('app.navigation')}>
        <TabList selectedValue={route.view} onTabSelect={(_, d) => navigate({ view: d.value as View, select: null })} size="medium">
          {VIEWS.map((view) => (
            <Tab key={view} value={view} data-testid={`nav-${view}`}>
              {t(`nav.${view}`)}
            </Tab>
          ))}
        </TabList>
      </nav>
      {count > 0 && (
        <div className={styles.chips}>
          <FilterChips />
        </div>
      )}
      <main id="content" className={styles.main} tabIndex={-1}>
        <Suspense fallback={<Spinner label={t('app.loading')} />}>
          <ViewComponent />
        </Suspense>
      </main>
      {state.filtersLoaded && (
        <Suspense fallback={null}>
          <FilterPanel open={state.filtersOpen} onClose={() => state.setFiltersOpen(false)} />
        </Suspense>
      )}
      <Toaster toasterId={state.toasterId} />
    </div>
  );
}
