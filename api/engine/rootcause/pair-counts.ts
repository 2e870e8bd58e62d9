/**
 * How many invoices of each case class have two attribute values together, for the test of one
 * value explaining another (explained.ts). One table per pair of attributes, over the values some
 * outcome compares, counted on first use in one pass over the cases and read by every outcome:
 * counting the pairs of the strongest values case by case, once per outcome, cost more than the
 * rest of the analysis.
 */
export class PairCounts {
  /** Per feature id: its attribute column (-1: not compared). */
  private readonly columnOf: Int32Array;
  /** Per feature id: its index among its column's compared values. */
  private readonly slotOf: Int32Array;
  /** Per column: how many of its values are compared. */
  private readonly slots: number[];
  /** Per case class: its index among the classes that occur (-1: none of the cases). */
  private readonly classIndex: Int32Array;
  /** Per class index: the class byte. */
  private readonly classes: number[] = [];
  private readonly tables = new Map<number, Uint32Array>();

  constructor(
    private readonly perCase: readonly Int32Array[],
    /** Per column: the feature ids of its values, [first, first + size). */
    ranges: readonly { readonly first: number; readonly size: number }[],
    private readonly cls: Uint8Array,
    /** Feature ids of the values compared pairwise; a value outside it is in no pair. */
    compared: ReadonlySet<number>,
  ) {
    let ids = 0;
    for (const r of ranges) ids = Math.max(ids, r.first + r.size);
    this.columnOf = new Int32Array(ids).fill(-1);
    this.slotOf = new Int32Array(ids).fill(-1);
    this.slots = ranges.map((r, column) => {
      let n = 0;
      for (let id = r.first; id < r.first + r.size; id++) {
        if (!compared.has(id)) continue;
        this.columnOf[id] = column;
        this.slotOf[id] = n++;
      }
      return n;
    });
    this.classIndex = new Int32Array(256).fill(-1);
    for (let c = 0; c < cls.length; c++) {
      const k = cls[c];
      if (k !== 0 && this.classIndex[k] < 0) {
        this.classIndex[k] = this.classes.length;
        this.classes.push(k);
      }
    }
  }

  /**
   * Invoices in outcome k's population with both values (compared feature ids a and b, of two
   * different attributes), and of those the ones with the outcome.
   */
  together(a: number, b: number, k: number): { cases: number; hits: number } {
    let p = this.columnOf[a];
    let q = this.columnOf[b];
    if (p < 0 || q < 0 || p === q) throw new RangeError(`features ${a} and ${b} are not compared values of two attributes`);
    let sa = this.slotOf[a];
    let sb = this.slotOf[b];
    if (p > q) {
      [p, q] = [q, p];
      [sa, sb] = [sb, sa];
    }
    const table = this.table(p, q);
    const D = this.classes.length;
    const base = (sa * this.slots[q] + sb) * D;
    const pop = 1 << k;
    const hit = 1 << (4 + k);
    let cases = 0;
    let hits = 0;
    for (let d = 0; d < D; d++) {
      const n = table[base + d];
      const cl = this.classes[d];
      if (n === 0 || (cl & pop) === 0) continue;
      cases += n;
      if (cl & hit) hits += n;
    }
    return { cases, hits };
  }

  /** Per (compared value of p, compared value of q, class index): invoices with both values. */
  private table(p: number, q: number): Uint32Array {
    const key = p * this.slots.length + q;
    let table = this.tables.get(key);
    if (table) return table;
    const D = this.classes.length;
    const sizeQ = this.slots[q];
    table = new Uint32Array(this.slots[p] * sizeQ * D);
    const idsP = this.perCase[p];
    const idsQ = this.perCase[q];
    const { cls, classIndex, slotOf } = this;
    for (let c = 0; c < cls.length; c++) {
      const a = idsP[c];
      const b = idsQ[c];
      if (a < 0 || b < 0) continue;
      const sa = slotOf[a];
      const sb = slotOf[b];
      if (sa < 0 || sb < 0) continue;
      table[(sa * sizeQ + sb) * D + classIndex[cls[c]]]++;
    }
    this.tables.set(key, table);
    return table;
  }
}
