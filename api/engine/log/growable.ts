/**
 * Append-only typed arrays for builders that do not know their final size.
 *
 * Values live in fixed blocks rather than one array that doubles: doubling leaves up to half
 * the capacity unused and briefly holds the old and the new array at once, which at 10^7
 * events was a few hundred MB of the import's peak. `take` joins the blocks into one array of
 * the exact length, freeing each block as it is copied.
 */
const BLOCK_BITS = 16;
const BLOCK = 1 << BLOCK_BITS;
const MASK = BLOCK - 1;

abstract class Blocks<T extends Uint32Array | Float64Array> {
  protected blocks: T[] = [];
  protected current: T;
  length = 0;

  constructor() {
    this.current = this.block();
    this.blocks.push(this.current);
  }

  protected abstract block(): T;
  protected abstract exact(length: number): T;

  push(value: number): void {
    let at = this.length & MASK;
    if (at === 0 && this.length > 0) {
      this.current = this.block();
      this.blocks.push(this.current);
      at = 0;
    }
    this.current[at] = value;
    this.length++;
  }

  get(i: number): number {
    return this.blocks[i >>> BLOCK_BITS][i & MASK];
  }

  /** The values as one array of the exact length; the builder is empty afterwards. */
  take(): T {
    const out = this.exact(this.length);
    for (let b = 0; b < this.blocks.length; b++) {
      const from = b << BLOCK_BITS;
      const n = Math.min(BLOCK, this.length - from);
      if (n > 0) out.set(n === BLOCK ? this.blocks[b] : this.blocks[b].subarray(0, n), from);
      this.blocks[b] = this.exact(0);
    }
    this.blocks = [];
    this.current = this.block();
    this.blocks.push(this.current);
    this.length = 0;
    return out;
  }
}

export class GrowableUint32 extends Blocks<Uint32Array> {
  protected block(): Uint32Array {
    return new Uint32Array(BLOCK);
  }
  protected exact(length: number): Uint32Array {
    return new Uint32Array(length);
  }
}

export class GrowableFloat64 extends Blocks<Float64Array> {
  protected block(): Float64Array {
    return new Float64Array(BLOCK);
  }
  protected exact(length: number): Float64Array {
    return new Float64Array(length);
  }
}
