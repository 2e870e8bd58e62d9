/**
 * Byte-array scans over 32-bit words: a selection has one byte per case, and every analysis
 * checks or compares a whole one (700k bytes at 5×10^6 events) before it starts, several
 * times per view.
 */

/** The whole 32-bit words of `bytes` (from its start, which may be unaligned: then null). */
function words(bytes: Uint8Array): Uint32Array | null {
  if ((bytes.byteOffset & 3) !== 0) return null;
  return new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
}

/** Bitwise OR of all bytes. */
export function orOfBytes(bytes: Uint8Array): number {
  const w = words(bytes);
  let or = 0;
  let from = 0;
  if (w !== null) {
    let wide = 0;
    for (let i = 0; i < w.length; i++) wide |= w[i];
    or = (wide | (wide >>> 8) | (wide >>> 16) | (wide >>> 24)) & 0xff;
    from = w.length << 2;
  }
  for (let i = from; i < bytes.length; i++) or |= bytes[i];
  return or;
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  const wa = words(a);
  const wb = words(b);
  let from = 0;
  if (wa !== null && wb !== null) {
    for (let i = 0; i < wa.length; i++) if (wa[i] !== wb[i]) return false;
    from = wa.length << 2;
  }
  for (let i = from; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Whether every byte is 1. */
export function allOnes(bytes: Uint8Array): boolean {
  const w = words(bytes);
  let from = 0;
  if (w !== null) {
    for (let i = 0; i < w.length; i++) if (w[i] !== 0x01010101) return false;
    from = w.length << 2;
  }
  for (let i = from; i < bytes.length; i++) if (bytes[i] !== 1) return false;
  return true;
}
