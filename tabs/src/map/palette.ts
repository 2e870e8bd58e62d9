import type { MapMode } from './map-data.ts';

export type ThemeKind = 'light' | 'dark' | 'contrast';

/**
 * Colours of the map per theme. Disco's convention: blue for frequency, red for performance.
 * The high-contrast palette keeps Teams' own high-contrast colours (yellow on black) and lets
 * the thickness carry the metric; text colours are chosen by contrast ratio, not by hand.
 */
export interface MapPalette {
  readonly background: string;
  readonly text: string;
  readonly mutedText: string;
  readonly nodeStroke: string;
  readonly focus: string;
  readonly highlight: string;
  readonly dimmedOpacity: number;
  readonly endpoint: string;
  readonly scales: Readonly<Record<MapMode, { readonly edgeLow: string; readonly edgeHigh: string; readonly nodeLow: string; readonly nodeHigh: string }>>;
}

export const PALETTES: Readonly<Record<ThemeKind, MapPalette>> = {
  light: {
    background: '#ffffff',
    text: '#242424',
    mutedText: '#616161',
    nodeStroke: '#5c6f8a',
    focus: '#000000',
    highlight: '#c4314b',
    dimmedOpacity: 0.2,
    endpoint: '#3d3d3d',
    scales: {
      frequency: { edgeLow: '#a9bcd9', edgeHigh: '#0b3d7a', nodeLow: '#eef3fa', nodeHigh: '#174a8b' },
      performance: { edgeLow: '#e8b9a6', edgeHigh: '#9c1c12', nodeLow: '#fbefe9', nodeHigh: '#a3281d' },
    },
  },
  dark: {
    background: '#1f1f1f',
    text: '#ffffff',
    mutedText: '#d6d6d6',
    nodeStroke: '#8da3c4',
    focus: '#ffffff',
    highlight: '#ffb900',
    dimmedOpacity: 0.25,
    endpoint: '#d6d6d6',
    scales: {
      frequency: { edgeLow: '#4a5a75', edgeHigh: '#9cc3ff', nodeLow: '#2b3444', nodeHigh: '#5b8fd9' },
      performance: { edgeLow: '#6b4740', edgeHigh: '#ff9a8a', nodeLow: '#3b2b28', nodeHigh: '#d9655a' },
    },
  },
  contrast: {
    background: '#000000',
    text: '#ffffff',
    mutedText: '#ffffff',
    nodeStroke: '#ffffff',
    focus: '#1aebff',
    highlight: '#1aebff',
    dimmedOpacity: 0.35,
    endpoint: '#ffffff',
    scales: {
      frequency: { edgeLow: '#ffff00', edgeHigh: '#ffff00', nodeLow: '#000000', nodeHigh: '#000000' },
      performance: { edgeLow: '#ffff00', edgeHigh: '#ffff00', nodeLow: '#000000', nodeHigh: '#000000' },
    },
  },
};

/** Linear interpolation in sRGB between two #rrggbb colours; t is clamped to [0, 1]. */
export function mix(low: string, high: string, t: number): string {
  const k = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const a = rgb(low);
  const b = rgb(high);
  const c = a.map((v, i) => Math.round(v + (b[i] - v) * k));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

export function rgb(hex: string): [number, number, number] {
  const h = hex.replace('#', '');
  return [parseInt(h.slice(0, 2), 16), parseInt(h.slice(2, 4), 16), parseInt(h.slice(4, 6), 16)];
}

/** WCAG 2 relative luminance. */
export function luminance(hex: string): number {
  const [r, g, b] = rgb(hex).map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrastRatio(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on the fill. */
export function textOn(fill: string): string {
  return contrastRatio(fill, '#000000') >= contrastRatio(fill, '#ffffff') ? '#000000' : '#ffffff';
}
