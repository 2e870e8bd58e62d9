import { isUtf8 } from 'node:buffer';

/**
 * Checks that a file read in chunks is UTF-8, without decoding it. A character may straddle two
 * chunks: its first bytes are held back and checked with the next chunk. Valid exactly when the
 * validating TextDecoder would decode the same chunks without an error.
 */
export class Utf8Chunks {
  /** The unfinished character at the end of the chunks so far. */
  private pending: Buffer | null = null;

  /** True when the text so far ends on a whole character. */
  get complete(): boolean {
    return this.pending === null;
  }

  /** Whether `chunk` continues the text as valid UTF-8. */
  check(chunk: Buffer): boolean {
    if (this.pending === null) {
      const whole = wholeCharacters(chunk);
      if (isUtf8(whole === chunk.length ? chunk : chunk.subarray(0, whole))) {
        this.pending = whole === chunk.length ? null : Buffer.from(chunk.subarray(whole));
        return true;
      }
    }
    // A character across the boundary, or an error to confirm: the decoder itself decides.
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    try {
      if (this.pending) decoder.decode(this.pending, { stream: true });
      decoder.decode(chunk, { stream: true });
    } catch (error) {
      if (error instanceof TypeError) return false;
      throw error;
    }
    const text = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    const whole = wholeCharacters(text);
    this.pending = whole === text.length ? null : Buffer.from(text.subarray(whole));
    return true;
  }
}

/** Bytes of `bytes` up to its last whole character (all of it unless it ends inside a character). */
function wholeCharacters(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let i = n - 1; i >= 0 && i >= n - 4; i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue;
    const length = b < 0x80 ? 1 : b >= 0xc2 && b <= 0xdf ? 2 : b >= 0xe0 && b <= 0xef ? 3 : b >= 0xf0 && b <= 0xf4 ? 4 : 0;
    return length > n - i ? i : n;
  }
  return n;
}
