import { makeStyles, tokens } from '@fluentui/react-components';
import type { Translate } from '../i18n/catalogue.ts';
import type { MapMode } from './map-data.ts';
import { mix, PALETTES, type ThemeKind } from './palette.ts';
import { MAX_STROKE, MIN_STROKE, type MapModel } from './view-model.ts';

const useLegendStyles = makeStyles({
  root: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    gap: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalXL}`,
    fontSize: tokens.fontSizeBase200,
    color: tokens.colorNeutralForeground1,
    margin: 0,
  },
  title: { fontWeight: tokens.fontWeightSemibold, margin: 0, fontSize: tokens.fontSizeBase200 },
  item: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  swatch: { borderRadius: tokens.borderRadiusSmall, display: 'block' },
});

/** What thickness, colour, dashes and the round symbols mean, with the current metric range. */
export function Legend(props: { model: MapModel; mode: MapMode; theme: ThemeKind; t: Translate }) {
  const styles = useLegendStyles();
  const { t, model } = props;
  const palette = PALETTES[props.theme];
  const scale = palette.scales[props.mode];
  const steps = [0, 0.25, 0.5, 0.75, 1];
  return (
    <figure className={styles.root} aria-label={t('legend.title')} data-testid="map-legend">
      <figcaption className={styles.title}>{t('legend.title')}</figcaption>
      <div className={styles.item}>
        <span>{t(props.mode === 'frequency' ? 'legend.frequency' : 'legend.performance')}</span>
        <span>
          {t('legend.low')} ({model.legend.low})
        </span>
        <svg width="150" height="22" role="img" aria-label={`${model.legend.low} – ${model.legend.high}`} style={{ backgroundColor: palette.background }}>
          {steps.map((s, i) => (
            <line key={s} x1={6 + i * 30} x2={30 + i * 30} y1={11} y2={11} stroke={mix(scale.edgeLow, scale.edgeHigh, s)} strokeWidth={MIN_STROKE + s * (MAX_STROKE - MIN_STROKE)} />
          ))}
        </svg>
        <span>
          {t('legend.high')} ({model.legend.high})
        </span>
      </div>
      <div className={styles.item}>
        <svg width="34" height="20" aria-hidden="true" style={{ backgroundColor: palette.background }}>
          <rect x="2" y="3" width="30" height="14" rx="4" fill={scale.nodeLow} stroke={palette.nodeStroke} strokeWidth="1.5" />
        </svg>
        <span>{t('legend.recorded')}</span>
      </div>
      <div className={styles.item}>
        <svg width="34" height="20" aria-hidden="true" style={{ backgroundColor: palette.background }}>
          <rect x="2" y="3" width="30" height="14" rx="4" fill={scale.nodeLow} stroke={palette.nodeStroke} strokeWidth="1.5" strokeDasharray="6 4" />
        </svg>
        <span>{t('legend.derived')}</span>
      </div>
      <div className={styles.item}>
        <svg width="44" height="20" aria-hidden="true" style={{ backgroundColor: palette.background }}>
          <circle cx="10" cy="10" r="8" fill={palette.background} stroke={palette.endpoint} strokeWidth="2" />
          <path d="M7,5 L15,10 L7,15 Z" fill={palette.endpoint} />
          <circle cx="33" cy="10" r="8" fill={palette.background} stroke={palette.endpoint} strokeWidth="2" />
          <rect x="29" y="6" width="8" height="8" fill={palette.endpoint} />
        </svg>
        <span>{t('legend.startEnd')}</span>
      </div>
    </figure>
  );
}
