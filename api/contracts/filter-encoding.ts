// The engine's type has readonly lists, so both it and the contract's (mutable) FilterSpec fit.
import type { FilterSpec } from '../engine/filtering/filter-spec.ts';

/**
 * `?filter=` is base64url(UTF-8 JSON of a FilterSpec), written from canonical JSON (object keys
 * sorted) so one view has one URL: deep links and caches agree. Browser-safe (no Buffer), so
 * the tab encodes its links with the same code.
 */

export class FilterEncodingError extends Error {}

export function encodeFilter(spec: FilterSpec): string {
  const bytes = new TextEncoder().encode(canonicalJson(spec));
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** The JSON value the parameter carries (not yet checked as a FilterSpec). */
export function decodeFilter(param: string): unknown {
  if (!/^[A-Za-z0-9_-]*$/.test(param)) throw new FilterEncodingError('filter must be base64url text (A-Z, a-z, 0-9, "-" and "_", no padding)');
  let text: string;
  try {
    const binary = atob(param.replace(/-/g, '+').replace(/_/g, '/') + '='.repeat((4 - (param.length % 4)) % 4));
    text = new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    throw new FilterEncodingError('filter is not base64url of UTF-8 text');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new FilterEncodingError('filter does not decode to JSON');
  }
}

/** JSON with object keys sorted and undefined members dropped. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => (v === undefined ? 'null' : canonicalJson(v))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
