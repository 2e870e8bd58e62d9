/**
 * The strings of a column of few distinct values (activities, segments, collectors) by the
 * bytes of their cells: a changed cell then costs one hash of its bytes rather than decoding it
 * and hashing the new string in the column's kept-string map.
 */
export class ByteDictionary {
  private table = new Int32Array(1 << 10);
  private starts: Int32Array = new Int32Array(64);
  private lengths: Int32Array = new Int32Array(64);
  private hashes: Int32Array = new Int32Array(64);
  private pool = new Uint8Array(1 << 12);
  private poolUsed = 0;
  private readonly values: string[] = [];

  get size(): number {
    return this.values.length;
  }

  /** The string stored for these bytes, or undefined. */
  get(buf: Uint8Array, start: number, end: number): string | undefined {
    const hash = hashOf(buf, start, end);
    const mask = this.table.length - 1;
    const length = end - start;
    for (let i = hash & mask; ; i = (i + 1) & mask) {
      const entry = this.table[i] - 1;
      if (entry < 0) return undefined;
      if (this.hashes[entry] !== hash || this.lengths[entry] !== length) continue;
      const at = this.starts[entry];
      let k = 0;
      while (k < length && this.pool[at + k] === buf[start + k]) k++;
      if (k === length) return this.values[entry];
    }
  }

  /** Stores `value` for bytes that get() does not know. */
  set(buf: Uint8Array, start: number, end: number, value: string): void {
    const entry = this.values.length;
    const length = end - start;
    if (entry === this.starts.length) {
      this.starts = grown(this.starts);
      this.lengths = grown(this.lengths);
      this.hashes = grown(this.hashes);
    }
    if (this.poolUsed + length > this.pool.length) {
      const pool = new Uint8Array(Math.max(this.pool.length * 2, this.poolUsed + length));
      pool.set(this.pool);
      this.pool = pool;
    }
    for (let k = 0; k < length; k++) this.pool[this.poolUsed + k] = buf[start + k];
    this.starts[entry] = this.poolUsed;
    this.lengths[entry] = length;
    this.hashes[entry] = hashOf(buf, start, end);
    this.poolUsed += length;
    this.values.push(value);
    if (this.values.length * 2 > this.table.length) this.rehash(this.table.length * 2);
    else this.place(entry);
  }

  private place(entry: number): void {
    const mask = this.table.length - 1;
    let i = this.hashes[entry] & mask;
    while (this.table[i] !== 0) i = (i + 1) & mask;
    this.table[i] = entry + 1;
  }

  private rehash(size: number): void {
    this.table = new Int32Array(size);
    for (let entry = 0; entry < this.values.length; entry++) this.place(entry);
  }
}

function grown(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** FNV-1a. */
function hashOf(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 16_777_619);
  return h;
}
