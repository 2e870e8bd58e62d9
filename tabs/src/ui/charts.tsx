import { makeStyles, tokens } from '@fluentui/react-components';

/**
 * Small native charts (SVG) for KPIs, drawn with theme tokens so they follow light, dark and
 * high contrast. Each has a text alternative: the figures themselves.
 */
const useChartStyles = makeStyles({
  line: { stroke: tokens.colorBrandForeground1, fill: 'none', strokeWidth: '2px' },
  dot: { fill: tokens.colorBrandForeground1 },
  axis: { stroke: tokens.colorNeutralStroke1, strokeWidth: '1px' },
  bar: { fill: tokens.colorBrandBackground },
  barTrack: { fill: tokens.colorNeutralBackground3 },
  label: { fill: tokens.colorNeutralForeground1, fontSize: '12px' },
  muted: { fill: tokens.colorNeutralForeground2, fontSize: '11px' },
});

export function Sparkline(props: { points: readonly { value: number | null }[]; label: string; width?: number; height?: number }) {
  const styles = useChartStyles();
  const width = props.width ?? 160;
  const height = props.height ?? 40;
  const values = props.points.map((p) => p.value).filter((v): v is number => v !== null && Number.isFinite(v));
  if (values.length < 2) return <svg width={width} height={height} role="img" aria-label={props.label} />;
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const x = (i: number) => 4 + (i * (width - 8)) / Math.max(1, props.points.length - 1);
  const y = (v: number) => height - 4 - (hi > lo ? ((v - lo) / (hi - lo)) * (height - 8) : (height - 8) / 2);
  let d = '';
  props.points.forEach((p, i) => {
    if (p.value === null || !Number.isFinite(p.value)) return;
    d += `${d === '' || props.points[i - 1]?.value === null ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.value).toFixed(1)} `;
  });
  const lastIndex = props.points.length - 1 - [...props.points].reverse().findIndex((p) => p.value !== null);
  const last = props.points[lastIndex]?.value;
  return (
    <svg width={width} height={height} role="img" aria-label={props.label}>
      <line x1={4} x2={width - 4} y1={height - 2} y2={height - 2} className={styles.axis} />
      <path d={d} className={styles.line} />
      {last !== null && last !== undefined && <circle cx={x(lastIndex)} cy={y(last)} r={3} className={styles.dot} />}
    </svg>
  );
}

export function HorizontalBars(props: { bars: readonly { key: string; label: string; share: number; text: string }[]; label: string; width?: number }) {
  const styles = useChartStyles();
  const width = props.width ?? 420;
  const rowHeight = 26;
  const labelWidth = 130;
  const textWidth = 90;
  const barWidth = width - labelWidth - textWidth;
  const max = Math.max(0.0001, ...props.bars.map((b) => b.share));
  return (
    <svg width={width} height={props.bars.length * rowHeight + 4} role="img" aria-label={`${props.label}: ${props.bars.map((b) => `${b.label} ${b.text}`).join(', ')}`}>
      {props.bars.map((b, i) => (
        <g key={b.key} transform={`translate(0 ${i * rowHeight + 2})`}>
          <text x={0} y={16} className={styles.label}>
            {b.label}
          </text>
          <rect x={labelWidth} y={4} width={barWidth} height={16} rx={3} className={styles.barTrack} />
          <rect x={labelWidth} y={4} width={Math.max(1, (b.share / max) * barWidth)} height={16} rx={3} className={styles.bar} />
          <text x={labelWidth + barWidth + 8} y={16} className={styles.label}>
            {b.text}
          </text>
        </g>
      ))}
    </svg>
  );
}

/** A bar inside a table cell: the share of a variant, a rule's exposure… */
export function ShareBar(props: { share: number; label: string }) {
  const styles = useChartStyles();
  const w = 120;
  return (
    <svg width={w} height={12} role="img" aria-label={props.label}>
      <rect x={0} y={1} width={w} height={10} rx={2} className={styles.barTrack} />
      <rect x={0} y={1} width={Math.max(1, Math.min(1, props.share) * w)} height={10} rx={2} className={styles.bar} />
    </svg>
  );
}
