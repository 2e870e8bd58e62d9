import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent, type WheelEvent } from 'react';
import { focusOrder, nextFocus } from './focus-order.ts';
import { layoutMap, type ElkLike, type MapLayout } from './layout.ts';
import { START_ID } from './map-data.ts';
import type { MapEdgeModel, MapModel, MapNodeModel } from './view-model.ts';
import { fitView, IDENTITY, panBy, revealBox, zoomAt, type Viewport } from './viewport.ts';

export interface ProcessMapProps {
  readonly model: MapModel;
  readonly elk: ElkLike;
  readonly ariaLabel: string;
  /** Node id or arc id whose cases are listed. */
  readonly selected: string | null;
  onSelect(id: string | null): void;
  /** Called once per layout with how long model → drawn took (ms), for the performance figures. */
  onLaidOut?(ms: number): void;
}

export type Hovered = { readonly kind: 'node'; readonly node: MapNodeModel } | { readonly kind: 'edge'; readonly edge: MapEdgeModel };

export interface ProcessMapState extends ProcessMapProps {
  readonly layout: MapLayout | null;
  readonly laying: boolean;
  readonly layoutError: string | null;
  readonly view: Viewport;
  readonly hovered: Hovered | null;
  /** Where to show the hover card, in canvas pixels. */
  readonly hoverAt: { x: number; y: number } | null;
  readonly canvasRef: React.RefObject<HTMLDivElement | null>;
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  onWheel(e: WheelEvent<HTMLDivElement>): void;
  onPointerDown(e: PointerEvent<HTMLDivElement>): void;
  onPointerMove(e: PointerEvent<HTMLDivElement>): void;
  onPointerUp(e: PointerEvent<HTMLDivElement>): void;
  onCanvasKeyDown(e: KeyboardEvent<HTMLDivElement>): void;
  hoverNode(node: MapNodeModel | null, e?: { clientX: number; clientY: number }): void;
  hoverEdge(edge: MapEdgeModel | null, e?: { clientX: number; clientY: number }): void;
  focusItem(id: string, hovered: Hovered): void;
  activate(id: string): void;
  /** The one item reachable with Tab (roving tab stop); the others are reached with the arrow keys. */
  readonly tabStop: string | null;
  onItemKeyDown(e: KeyboardEvent<SVGGElement>, id: string): void;
}

/** Layouts of the last few models, so toggling a slider back and forth does not lay out again. */
const layoutCache = new Map<string, MapLayout>();

export function layoutKey(model: MapModel): string {
  return JSON.stringify([model.nodes.map((n) => [n.id, n.width, n.height]), model.edges.map((e) => [e.id, e.label.length])]);
}

export function useProcessMapState(props: ProcessMapProps): ProcessMapState {
  const { model, elk, onLaidOut } = props;
  const canvasRef = useRef<HTMLDivElement | null>(null);
  const key = useMemo(() => layoutKey(model), [model]);
  const [layout, setLayout] = useState<MapLayout | null>(() => layoutCache.get(key) ?? null);
  const [layoutError, setLayoutError] = useState<string | null>(null);
  const [laidKey, setLaidKey] = useState<string | null>(null);
  const [view, setView] = useState<Viewport>(IDENTITY);
  const [hovered, setHovered] = useState<Hovered | null>(null);
  const [hoverAt, setHoverAt] = useState<{ x: number; y: number } | null>(null);
  const drag = useRef<{ x: number; y: number; moved: boolean } | null>(null);
  const fittedFor = useRef<string | null>(null);
  const [focusId, setFocusId] = useState<string | null>(null);
  const order = useMemo(() => focusOrder(model, layout), [model, layout]);
  const tabStop = focusId !== null && order.includes(focusId) ? focusId : (order[0] ?? null);
  const userMoved = useRef(false);
  const move = (update: (v: Viewport) => Viewport) => {
    userMoved.current = true;
    setView(update);
  };

  useEffect(() => {
    let current = true;
    const started = performance.now();
    performance.mark('cl:layout-start');
    const cached = layoutCache.get(key);
    const run = cached ? Promise.resolve(cached) : layoutMap(elk, model);
    run.then(
      (result) => {
        if (!current) return;
        layoutCache.set(key, result);
        if (layoutCache.size > 12) layoutCache.delete(layoutCache.keys().next().value!);
        setLayout(result);
        setLaidKey(key);
        setLayoutError(null);
        onLaidOut?.(performance.now() - started);
      },
      (error: unknown) => current && setLayoutError(error instanceof Error ? error.message : String(error)),
    );
    return () => {
      current = false;
    };
    // the key captures everything of the model the layout depends on
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key, elk]);

  const area = () => {
    const el = canvasRef.current;
    return { width: el?.clientWidth ?? 800, height: el?.clientHeight ?? 600 };
  };

  // Each new drawing is fitted, as Disco does when a slider moves, unless the user has zoomed or
  // panned since the last fit: then the view they chose stays.
  useEffect(() => {
    if (!layout || laidKey === null || fittedFor.current === laidKey) return;
    fittedFor.current = laidKey;
    if (!userMoved.current) setView(fitView(layout, area(), 16, undefined, layout.nodes.get(START_ID)));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [layout, laidKey]);

  const centre = () => {
    const a = area();
    return { x: a.width / 2, y: a.height / 2 };
  };
  const zoomIn = () => move((v) => zoomAt(v, 1.25, centre()));
  const zoomOut = () => move((v) => zoomAt(v, 0.8, centre()));
  const fit = () => {
    userMoved.current = false;
    if (layout) setView(fitView(layout, area(), 16, 0));
  };

  const local = (e: { clientX: number; clientY: number }) => {
    const rect = canvasRef.current?.getBoundingClientRect();
    return { x: e.clientX - (rect?.left ?? 0), y: e.clientY - (rect?.top ?? 0) };
  };

  return {
    ...props,
    layout,
    laying: laidKey !== key && layoutError === null,
    layoutError,
    view,
    hovered,
    hoverAt,
    canvasRef,
    zoomIn,
    zoomOut,
    fit,
    onWheel: (e) => {
      // Plain wheel scrolls the page inside Teams' scroll container; Ctrl/⌘ + wheel or a pinch zooms.
      if (!e.ctrlKey && !e.metaKey) {
        move((v) => panBy(v, -e.deltaX, -e.deltaY));
        return;
      }
      move((v) => zoomAt(v, Math.exp(-e.deltaY * 0.0015), local(e)));
    },
    onPointerDown: (e) => {
      if (e.button !== 0) return;
      drag.current = { x: e.clientX, y: e.clientY, moved: false };
    },
    onPointerMove: (e) => {
      const d = drag.current;
      if (!d) return;
      const dx = e.clientX - d.x;
      const dy = e.clientY - d.y;
      if (!d.moved && Math.hypot(dx, dy) < 4) return;
      if (!d.moved) (e.currentTarget as HTMLElement).setPointerCapture?.(e.pointerId);
      d.moved = true;
      d.x = e.clientX;
      d.y = e.clientY;
      move((v) => panBy(v, dx, dy));
    },
    onPointerUp: (e) => {
      const d = drag.current;
      drag.current = null;
      if (d?.moved) {
        (e.currentTarget as HTMLElement).releasePointerCapture?.(e.pointerId);
        e.preventDefault();
      }
    },
    onCanvasKeyDown: (e) => {
      if (e.target !== e.currentTarget) return;
      const step = 60;
      const moves: Record<string, () => void> = {
        '+': zoomIn,
        '=': zoomIn,
        '-': zoomOut,
        '0': fit,
        ArrowLeft: () => move((v) => panBy(v, step, 0)),
        ArrowRight: () => move((v) => panBy(v, -step, 0)),
        ArrowUp: () => move((v) => panBy(v, 0, step)),
        ArrowDown: () => move((v) => panBy(v, 0, -step)),
      };
      const action = moves[e.key];
      if (action) {
        e.preventDefault();
        action();
      }
    },
    hoverNode: (node, e) => {
      if (drag.current?.moved) return;
      setHovered(node ? { kind: 'node', node } : null);
      setHoverAt(node && e ? local(e) : null);
    },
    hoverEdge: (edge, e) => {
      if (drag.current?.moved) return;
      setHovered(edge ? { kind: 'edge', edge } : null);
      setHoverAt(edge && e ? local(e) : null);
    },
    focusItem: (id, item) => {
      setFocusId(id);
      setHovered(item);
      const box = layout?.nodes.get(id) ?? edgeBox(layout, id);
      if (box) {
        setView((v) => revealBox(v, box, area()));
        const a = area();
        setHoverAt({ x: Math.min(a.width - 16, (box.x + box.width) * view.scale + view.x + 8), y: Math.max(8, box.y * view.scale + view.y) });
      }
    },
    tabStop,
    onItemKeyDown: (e, id) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        props.onSelect(props.selected === id ? null : id);
        return;
      }
      if (e.key === 'Escape' && props.selected) {
        e.preventDefault();
        props.onSelect(null);
        return;
      }
      const next = nextFocus(order, id, e.key);
      if (next === null) return;
      e.preventDefault();
      e.stopPropagation();
      setFocusId(next);
      canvasRef.current?.querySelector<SVGGElement>(`[data-focus-id="${CSS.escape(next)}"]`)?.focus();
    },
    activate: (id) => {
      if (drag.current?.moved) return;
      props.onSelect(props.selected === id ? null : id);
    },
  };
}

function edgeBox(layout: MapLayout | null, id: string) {
  const route = layout?.edges.get(id);
  if (!route) return null;
  if (route.label) return route.label;
  const p = route.points[Math.floor(route.points.length / 2)];
  return p ? { x: p.x - 10, y: p.y - 10, width: 20, height: 20 } : null;
}
