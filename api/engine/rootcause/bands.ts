import { nearestRank, selectKth } from '../statistics/distribution.ts';

/** Quartile bands of a numeric attribute, with edges rounded so the labels read well. */
export interface Bands {
  /** Ascending; a value v is in band i when edges[i - 1] ≤ v < edges[i]. */
  readonly edges: readonly number[];
  readonly labels: readonly string[];
}

/**
 * Bands at the quartiles of `values` (which it reorders). Edges are rounded to two significant
 * digits (three when two would merge two quartiles): "1,200 – 4,700" explains itself, "1,183.27 –
 * 4,712.9" does not, and a band off by a rounding is still a quarter of the invoices, near enough.
 */
export function quartileBands(values: Float64Array, unit: string): Bands | null {
  const n = values.length;
  if (n < 4) return null;
  const quartiles = [25, 50, 75].map((p) => {
    const k = nearestRank(p, n) - 1;
    selectKth(values, 0, n - 1, k);
    return values[k];
  });
  let edges: number[] = [];
  for (const digits of [2, 3, 4]) {
    edges = [...new Set(quartiles.map((q) => roundSignificant(q, digits)))];
    if (edges.length === quartiles.length) break;
  }
  let min = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) if (values[i] < min) min = values[i];
  // A lowest quartile edge at the minimum would make an empty first band.
  edges = edges.filter((e) => e > min);
  if (edges.length === 0) return null;
  const suffix = unit ? ` ${unit}` : '';
  const labels = [`< ${formatNumber(edges[0])}${suffix}`];
  for (let i = 1; i < edges.length; i++) labels.push(`${formatNumber(edges[i - 1])} – ${formatNumber(edges[i])}${suffix}`);
  labels.push(`≥ ${formatNumber(edges[edges.length - 1])}${suffix}`);
  return { edges, labels };
}

export function bandOf(bands: Bands, v: number): number {
  const { edges } = bands;
  let i = 0;
  while (i < edges.length && v >= edges[i]) i++;
  return i;
}

function roundSignificant(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  const scale = 10 ** (Math.floor(Math.log10(Math.abs(x))) - digits + 1);
  return Math.round(x / scale) * scale;
}

export function formatNumber(x: number): string {
  return x.toLocaleString('en-US', { maximumFractionDigits: Math.abs(x) >= 100 ? 0 : 4 });
}
