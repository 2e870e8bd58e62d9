export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

const ENCODINGS: readonly TextEncoding[] = ['utf-8', 'utf-16le', 'utf-16be'];

/** True when the bytes start with the byte order mark of `encoding`. */
export function startsWithBom(head: Uint8Array, encoding: TextEncoding): boolean {
  if (encoding === 'utf-8') return head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
  if (encoding === 'utf-16le') return head[0] === 0xff && head[1] === 0xfe;
  return head[0] === 0xfe && head[1] === 0xff;
}

/**
 * Which encoding a text file is in, from its first bytes: a byte order mark when there is one,
 * else UTF-16 when many bytes are zero (ASCII text in UTF-16 is every other byte zero), else UTF-8.
 */
export function detectEncoding(head: Uint8Array): TextEncoding {
  for (const encoding of ENCODINGS) if (startsWithBom(head, encoding)) return encoding;
  const n = Math.min(head.length, 4096) & ~1;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) evenZeros++;
    if (head[i + 1] === 0) oddZeros++;
  }
  if (n === 0 || (evenZeros + oddZeros) * 4 < n) return 'utf-8';
  return oddZeros >= evenZeros ? 'utf-16le' : 'utf-16be';
}

/**
 * Offset of the first byte that is not valid UTF-8, or -1. Only called once decoding has failed,
 * to say where. Continuation bytes at the very start are skipped: they may finish a character
 * begun in the previous chunk.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  const n = bytes.length;
  let i = 0;
  while (i < n && i < 3 && (bytes[i] & 0xc0) === 0x80) i++;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const length = b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    if (length === 0) return i;
    if (i + length > n) return -1; // finished by the next chunk, or reported at the end
    for (let k = 1; k < length; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    const b1 = bytes[i + 1];
    if ((b === 0xe0 && b1 < 0xa0) || (b === 0xed && b1 > 0x9f) || (b === 0xf0 && b1 < 0x90) || (b === 0xf4 && b1 > 0x8f)) return i;
    i += length;
  }
  return -1;
}

/** Line breaks (CRLF, LF or CR) in bytes [0, end) of ASCII-compatible text. */
export function lineBreaks(bytes: Uint8Array, end: number): number {
  let lines = 0;
  for (let i = 0; i < end; i++) {
    const b = bytes[i];
    if (b === 10) lines++;
    else if (b === 13 && bytes[i + 1] !== 10) lines++;
  }
  return lines;
}
