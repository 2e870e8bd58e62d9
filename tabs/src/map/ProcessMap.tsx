import { Button, makeStyles, mergeClasses, Spinner, tokens, Tooltip } from '@fluentui/react-components';
import type { ReactNode } from 'react';
import type { Translate } from '../i18n/catalogue.ts';
import type { Formatters } from '../i18n/format.ts';
import { activityKind } from './activity-kind.ts';
import { arrowHead, trimEnd } from './arrow.ts';
import { routePath } from './layout.ts';
import { PALETTES, type ThemeKind } from './palette.ts';
import { useProcessMapState, type Hovered, type ProcessMapProps, type ProcessMapState } from './use-process-map-state.ts';
import type { MapEdgeModel, MapNodeModel } from './view-model.ts';
import { transformOf } from './viewport.ts';

export interface ProcessMapViewProps extends ProcessMapProps {
  readonly t: Translate;
  readonly fmt: Formatters;
  readonly theme: ThemeKind;
  readonly label: (activity: string) => string;
}

export const useProcessMapStyles = makeStyles({
  root: { position: 'relative', display: 'flex', flexDirection: 'column', minHeight: '420px', flexGrow: 1 },
  canvas: {
    position: 'relative',
    flexGrow: 1,
    minHeight: '420px',
    height: '62vh',
    overflow: 'hidden',
    borderRadius: tokens.borderRadiusMedium,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    cursor: 'grab',
    touchAction: 'none',
    ':focus-visible': { outline: `${tokens.strokeWidthThick} solid ${tokens.colorStrokeFocus2}`, outlineOffset: '2px' },
  },
  svg: { display: 'block', width: '100%', height: '100%', userSelect: 'none', fontFamily: tokens.fontFamilyBase },
  item: {
    cursor: 'pointer',
    outlineStyle: 'none',
    // The focus ring is drawn on the item's own shape: outlines of SVG groups are unreliable.
    ':focus-visible > .focus-ring': { visibility: 'visible' },
  },
  focusRing: { visibility: 'hidden', pointerEvents: 'none' },
  zoom: { position: 'absolute', top: tokens.spacingVerticalS, right: tokens.spacingHorizontalS, display: 'flex', flexDirection: 'column', gap: tokens.spacingVerticalXS },
  busy: { position: 'absolute', left: tokens.spacingHorizontalM, top: tokens.spacingVerticalM },
  card: {
    position: 'absolute',
    zIndex: 2,
    pointerEvents: 'none',
    maxWidth: '320px',
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalM}`,
    backgroundColor: tokens.colorNeutralBackground1,
    color: tokens.colorNeutralForeground1,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow16,
    fontSize: tokens.fontSizeBase200,
  },
  cardTitle: { fontWeight: tokens.fontWeightSemibold, marginBottom: tokens.spacingVerticalXS, fontSize: tokens.fontSizeBase300 },
  dl: { display: 'grid', gridTemplateColumns: 'auto auto', columnGap: tokens.spacingHorizontalM, rowGap: '2px', margin: 0 },
  dd: { margin: 0, textAlign: 'end', fontVariantNumeric: 'tabular-nums' },
});

export function ProcessMap(props: ProcessMapViewProps) {
  const state = useProcessMapState(props);
  const styles = useProcessMapStyles();
  return renderProcessMap(state, props, styles);
}

function ZoomIcon(props: { d: string }) {
  return (
    <svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true" focusable="false">
      <path d={props.d} stroke="currentColor" strokeWidth="1.6" fill="none" strokeLinecap="round" />
    </svg>
  );
}

export function renderProcessMap(state: ProcessMapState, props: ProcessMapViewProps, styles: ReturnType<typeof useProcessMapStyles>) {
  const { t, fmt, theme } = props;
  const palette = PALETTES[theme];
  const layout = state.layout;
  const nodeById = new Map(state.model.nodes.map((n) => [n.id, n]));
  return (
    <div className={styles.root}>
      <div
        ref={state.canvasRef}
        className={styles.canvas}
        style={{ backgroundColor: palette.background }}
        tabIndex={0}
        role="application"
        aria-roledescription={t('map.title')}
        aria-label={state.ariaLabel}
        data-testid="process-map"
        data-laid-out={layout && !state.laying ? 'true' : 'false'}
        onWheel={state.onWheel}
        onPointerDown={state.onPointerDown}
        onPointerMove={state.onPointerMove}
        onPointerUp={state.onPointerUp}
        onKeyDown={state.onCanvasKeyDown}
        onPointerLeave={() => state.hoverNode(null)}
      >
        {layout && (
          <svg className={styles.svg} data-testid="map-svg">
            <g transform={transformOf(state.view)}>
              <g data-layer="edges">{state.model.edges.map((edge) => renderEdge(state, edge, layout.edges.get(edge.id), styles, t, fmt, props.label, palette.text, palette.background, nodeById))}</g>
              <g data-layer="nodes">{state.model.nodes.map((node) => renderNode(state, node, layout.nodes.get(node.id), styles, t, fmt, props.label, palette.focus))}</g>
            </g>
          </svg>
        )}
        {(state.laying || !layout) && !state.layoutError && (
          <div className={styles.busy}>
            <Spinner size="tiny" label={t('map.layingOut')} />
          </div>
        )}
        {state.layoutError && <div className={styles.busy} role="alert">{t('app.error', { message: state.layoutError })}</div>}
        <div className={styles.zoom}>
          <Tooltip content={t('map.zoomIn')} relationship="label">
            <Button size="small" icon={<ZoomIcon d="M3 8h10M8 3v10" />} onClick={state.zoomIn} />
          </Tooltip>
          <Tooltip content={t('map.zoomOut')} relationship="label">
            <Button size="small" icon={<ZoomIcon d="M3 8h10" />} onClick={state.zoomOut} />
          </Tooltip>
          <Tooltip content={t('map.fit')} relationship="label">
            <Button size="small" icon={<ZoomIcon d="M2 6V2h4M10 2h4v4M14 10v4h-4M6 14H2v-4" />} onClick={state.fit} />
          </Tooltip>
        </div>
        {state.hovered && state.hoverAt && (
          <div className={styles.card} style={cardPosition(state.hoverAt, state.canvasRef.current)} data-testid="map-details">
            {renderDetails(state.hovered, t, fmt, props.label, styles)}
          </div>
        )}
      </div>
    </div>
  );
}

function renderNode(
  state: ProcessMapState,
  node: MapNodeModel,
  box: { x: number; y: number; width: number; height: number } | undefined,
  styles: ReturnType<typeof useProcessMapStyles>,
  t: Translate,
  fmt: Formatters,
  label: (a: string) => string,
  focusColour: string,
): ReactNode {
  if (!box) return null;
  const selected = state.selected === node.id;
  const isEndpoint = node.kind !== 'activity';
  const aria = isEndpoint
    ? `${node.lines[0]}: ${t('details.cases')} ${fmt.integer(node.cases)}`
    : t('map.nodeLabel', { activity: label(node.name), events: fmt.integer(node.events), cases: fmt.integer(node.cases) });
  const hovered: Hovered = { kind: 'node', node };
  const cx = box.x + box.width / 2;
  return (
    <g
      key={node.id}
      className={mergeClasses(styles.item)}
      data-node={node.kind === 'activity' ? node.name : node.kind}
      data-derived={node.derived ? 'true' : undefined}
      role={isEndpoint ? 'img' : 'button'}
      tabIndex={isEndpoint ? undefined : state.tabStop === node.id ? 0 : -1}
      data-focus-id={isEndpoint ? undefined : node.id}
      aria-label={aria}
      aria-pressed={isEndpoint ? undefined : selected}
      opacity={node.dimmed ? 0.35 : 1}
      onPointerEnter={(e) => state.hoverNode(node, e)}
      onPointerMove={(e) => state.hoverNode(node, e)}
      onPointerLeave={() => state.hoverNode(null)}
      onFocus={() => state.focusItem(node.id, hovered)}
      onBlur={() => state.hoverNode(null)}
      onClick={() => !isEndpoint && state.activate(node.id)}
      onKeyDown={(e) => !isEndpoint && state.onItemKeyDown(e, node.id)}
    >
      {isEndpoint ? (
        <>
          <circle cx={cx} cy={box.y + box.height / 2} r={box.width / 2 - 2} fill={node.fill} stroke={node.stroke} strokeWidth={2} />
          {node.kind === 'start' ? (
            <path d={`M${cx - 5},${box.y + box.height / 2 - 8} L${cx + 9},${box.y + box.height / 2} L${cx - 5},${box.y + box.height / 2 + 8} Z`} fill={node.stroke} />
          ) : (
            <rect x={cx - 7} y={box.y + box.height / 2 - 7} width={14} height={14} fill={node.stroke} />
          )}
          <text x={cx} y={box.y + box.height + 14} textAnchor="middle" fontSize={12} fill={node.textColour}>
            {node.lines[0]}
          </text>
        </>
      ) : (
        <>
          <rect
            className={`focus-ring ${styles.focusRing}`}
            x={box.x - 5}
            y={box.y - 5}
            width={box.width + 10}
            height={box.height + 10}
            rx={11}
            fill="none"
            stroke={focusColour}
            strokeWidth={2.5}
            strokeDasharray="5 3"
          />
          <rect
            x={box.x}
            y={box.y}
            width={box.width}
            height={box.height}
            rx={8}
            fill={node.fill}
            stroke={selected ? focusColour : node.stroke}
            strokeWidth={selected ? 3 : 1.5}
            strokeDasharray={node.derived ? '6 4' : undefined}
          />
          {node.lines.map((line, i) => (
            <text key={i} x={cx} y={box.y + 20 + i * 16} textAnchor="middle" fontSize={13} fontWeight={600} fill={node.textColour}>
              {line}
            </text>
          ))}
          <text x={cx} y={box.y + 20 + node.lines.length * 16 + 2} textAnchor="middle" fontSize={12} fill={node.textColour}>
            {node.metric}
          </text>
        </>
      )}
    </g>
  );
}

function renderEdge(
  state: ProcessMapState,
  edge: MapEdgeModel,
  route: { points: readonly { x: number; y: number }[]; label: { x: number; y: number; width: number; height: number } | null } | undefined,
  styles: ReturnType<typeof useProcessMapStyles>,
  t: Translate,
  fmt: Formatters,
  label: (a: string) => string,
  textColour: string,
  background: string,
  nodes: ReadonlyMap<string, MapNodeModel>,
): ReactNode {
  if (!route || route.points.length < 2) return null;
  const selected = state.selected === edge.id;
  const head = 6 + edge.strokeWidth * 1.2;
  const d = routePath(trimEnd(route.points, head * 0.8));
  const from = edge.kind === 'start' ? nodes.get(edge.source)?.lines[0] ?? '' : label(edge.from);
  const to = edge.kind === 'end' ? nodes.get(edge.target)?.lines[0] ?? '' : label(edge.to);
  const aria = t('map.edgeLabel', { from, to, events: fmt.integer(edge.events), wait: fmt.duration(edge.meanWait) });
  const selectable = edge.kind === 'edge';
  return (
    <g
      key={edge.id}
      className={styles.item}
      data-edge={edge.id}
      data-dashed={edge.dashed ? 'true' : undefined}
      data-highlighted={edge.highlighted ? 'true' : undefined}
      role={selectable ? 'button' : 'img'}
      tabIndex={selectable ? (state.tabStop === edge.id ? 0 : -1) : undefined}
      data-focus-id={selectable ? edge.id : undefined}
      aria-label={aria}
      aria-pressed={selectable ? selected : undefined}
      opacity={edge.dimmed ? 0.25 : 1}
      onPointerEnter={(e) => state.hoverEdge(edge, e)}
      onPointerMove={(e) => state.hoverEdge(edge, e)}
      onPointerLeave={() => state.hoverEdge(null)}
      onFocus={() => state.focusItem(edge.id, { kind: 'edge', edge })}
      onBlur={() => state.hoverEdge(null)}
      onClick={() => selectable && state.activate(edge.id)}
      onKeyDown={(e) => selectable && state.onItemKeyDown(e, edge.id)}
    >
      <path d={routePath(route.points)} stroke="transparent" strokeWidth={Math.max(12, edge.strokeWidth + 8)} fill="none" />
      <path className={`focus-ring ${styles.focusRing}`} d={d} stroke={textColour} strokeWidth={edge.strokeWidth + 6} fill="none" strokeDasharray="4 3" opacity={0.8} />
      {selected && <path d={d} stroke={textColour} strokeWidth={edge.strokeWidth + 4} fill="none" opacity={0.5} />}
      <path d={d} stroke={edge.colour} strokeWidth={edge.strokeWidth} fill="none" strokeDasharray={edge.dashed ? '7 5' : undefined} strokeLinejoin="round" />
      <path d={arrowHead(route.points, edge.strokeWidth)} fill={edge.colour} />
      {route.label && (
        <>
          <rect x={route.label.x - 2} y={route.label.y - 1} width={route.label.width + 4} height={route.label.height + 2} rx={3} fill={background} opacity={0.85} />
          <text x={route.label.x + route.label.width / 2} y={route.label.y + route.label.height - 4} textAnchor="middle" fontSize={11} fill={textColour}>
            {edge.label}
          </text>
        </>
      )}
    </g>
  );
}

function renderDetails(hovered: Hovered, t: Translate, fmt: Formatters, label: (a: string) => string, styles: ReturnType<typeof useProcessMapStyles>): ReactNode {
  const row = (term: string, value: string) => [
    <dt key={`${term}-t`}>{term}</dt>,
    <dd key={`${term}-d`} className={styles.dd}>
      {value}
    </dd>,
  ];
  if (hovered.kind === 'node') {
    const n = hovered.node;
    if (n.kind !== 'activity') {
      return (
        <>
          <div className={styles.cardTitle}>{n.lines[0]}</div>
          <dl className={styles.dl}>{row(t('details.cases'), fmt.integer(n.cases))}</dl>
        </>
      );
    }
    const kind = activityKind(n.name);
    return (
      <>
        <div className={styles.cardTitle}>{label(n.name)}</div>
        <dl className={styles.dl}>
          {row(t('details.events'), fmt.integer(n.events))}
          {row(t('details.cases'), fmt.integer(n.cases))}
          {row(t('details.kind'), t(`details.kind.${kind}`))}
        </dl>
      </>
    );
  }
  const e = hovered.edge;
  const from = e.kind === 'start' ? t('map.start') : label(e.from);
  const to = e.kind === 'end' ? t('map.end') : label(e.to);
  return (
    <>
      <div className={styles.cardTitle}>
        {from} → {to}
      </div>
      <dl className={styles.dl}>
        {row(t('details.events'), fmt.integer(e.events))}
        {row(t('details.cases'), fmt.integer(e.cases))}
        {e.meanWait !== null && row(t('details.meanWait'), fmt.duration(e.meanWait))}
        {e.medianWait !== null && row(t('details.medianWait'), fmt.duration(e.medianWait))}
        {e.p90Wait !== null && row(t('details.p90Wait'), fmt.duration(e.p90Wait))}
        {e.totalWait !== null && row(t('details.totalWait'), fmt.duration(e.totalWait))}
      </dl>
    </>
  );
}

/** Beside the pointer, flipped left or up near the canvas edge so the card stays visible. */
function cardPosition(at: { x: number; y: number }, canvas: HTMLDivElement | null): React.CSSProperties {
  const width = canvas?.clientWidth ?? 800;
  const height = canvas?.clientHeight ?? 600;
  const left = at.x + 16 + 320 > width ? Math.max(4, at.x - 16 - 320) : at.x + 16;
  const top = at.y + 12 + 180 > height ? Math.max(4, at.y - 12 - 180) : at.y + 12;
  return { left, top };
}
