import { Badge, Button, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { useApp, type AppContextValue } from '../../app/app-context.ts';
import { useResource, type Resource } from '../../app/use-resource.ts';
import type { CaseTimeline } from '../../api/types.ts';
import { renderResource } from '../../ui/Loading.tsx';
import { Page } from '../../ui/Page.tsx';
import { timelineModel } from './cases-model.ts';

const useTimelineStyles = makeStyles({
  layout: { display: 'grid', gridTemplateColumns: 'minmax(0, 2fr) minmax(240px, 1fr)', gap: tokens.spacingHorizontalXXL, alignItems: 'start' },
  list: { listStyleType: 'none', margin: 0, padding: 0, borderLeft: `${tokens.strokeWidthThick} solid ${tokens.colorNeutralStroke1}` },
  item: { position: 'relative', padding: `0 0 ${tokens.spacingVerticalL} ${tokens.spacingHorizontalL}` },
  dot: {
    position: 'absolute',
    left: '-7px',
    top: '4px',
    width: '12px',
    height: '12px',
    borderRadius: '50%',
    backgroundColor: tokens.colorBrandBackground,
    border: `2px solid ${tokens.colorNeutralBackground1}`,
  },
  derivedDot: { backgroundColor: tokens.colorNeutralBackground1, border: `2px dashed ${tokens.colorBrandForeground1}`, width: '10px', height: '10px' },
  activity: { fontWeight: tokens.fontWeightSemibold, margin: 0 },
  meta: { color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200, margin: 0, display: 'flex', gap: tokens.spacingHorizontalS, flexWrap: 'wrap', alignItems: 'center' },
  details: { display: 'grid', gridTemplateColumns: 'auto 1fr', columnGap: tokens.spacingHorizontalM, margin: `${tokens.spacingVerticalXS} 0 0 0`, fontSize: tokens.fontSizeBase200 },
  dd: { margin: 0 },
  aside: { border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`, borderRadius: tokens.borderRadiusMedium, padding: tokens.spacingHorizontalM },
  asideTitle: { margin: `0 0 ${tokens.spacingVerticalS} 0`, fontSize: tokens.fontSizeBase400 },
});

export interface TimelineState {
  readonly app: AppContextValue;
  readonly invoice: string;
  readonly timeline: Resource<CaseTimeline>;
}

export function useTimelineState(invoice: string): TimelineState {
  const app = useApp();
  const hide = app.route.filter.hideDerived === true;
  const timeline = useResource(JSON.stringify([app.log.id, app.log.version, invoice, hide]), () => app.api.timeline(app.log.id, invoice, hide));
  return { app, invoice, timeline };
}

export function Timeline(props: { invoice: string }) {
  const state = useTimelineState(props.invoice);
  const styles = useTimelineStyles();
  return renderTimeline(state, styles);
}

export function renderTimeline(state: TimelineState, styles: ReturnType<typeof useTimelineStyles>) {
  const { t, fmt, navigate } = state.app;
  const notFound = (state.timeline.error as { status?: number } | undefined)?.status === 404;
  return (
    <Page
      title={t('timeline.title', { invoice: state.invoice })}
      testId="view-timeline"
      actions={<Button onClick={() => navigate({ invoice: null })}>{t('timeline.back')}</Button>}
    >
      {notFound ? (
        <p role="alert">{t('timeline.notFound', { invoice: state.invoice })}</p>
      ) : (
        renderResource(state.timeline, t, (timeline) => {
          const model = timelineModel(timeline, t, fmt);
          return (
            <div className={styles.layout}>
              <ol className={styles.list} data-testid="timeline">
                {model.items.map((item) => (
                  <li key={item.key} className={styles.item}>
                    <span className={mergeClasses(styles.dot, item.derived !== null && styles.derivedDot)} aria-hidden="true" />
                    <p className={styles.activity}>{item.activity}</p>
                    <p className={styles.meta}>
                      <time>{item.when}</time>
                      {item.waited && <span>· {item.waited}</span>}
                      {item.derived && (
                        <>
                          <Badge appearance="outline" size="small">
                            {t('timeline.derivedBadge')}
                          </Badge>
                          <span data-user-content>{item.derived}</span>
                        </>
                      )}
                    </p>
                    {item.details.length > 0 && (
                      <dl className={styles.details}>
                        {item.details.map((d) => [
                          <dt key={`${d.name}-t`}>{d.name}</dt>,
                          <dd key={`${d.name}-d`} className={styles.dd}>
                            {d.value}
                          </dd>,
                        ])}
                      </dl>
                    )}
                  </li>
                ))}
              </ol>
              <aside className={styles.aside} aria-labelledby="invoice-details">
                <h3 id="invoice-details" className={styles.asideTitle}>
                  {t('timeline.attributes')}
                </h3>
                <dl className={styles.details}>
                  {model.attributes.map((a) => [
                    <dt key={`${a.name}-t`}>{a.name}</dt>,
                    <dd key={`${a.name}-d`} className={styles.dd}>
                      {a.value}
                    </dd>,
                  ])}
                </dl>
              </aside>
            </div>
          );
        })
      )}
    </Page>
  );
}
