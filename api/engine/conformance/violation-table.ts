import { GrowableFloat64, GrowableUint32 } from '../log/growable.ts';
import { VIOLATION_KINDS, type Violation } from './types.ts';

const NO_EVENT = 0xffff_ffff;

/**
 * Violations as columns: a check over millions of events can find hundreds of thousands, and
 * objects for each would cost more than finding them. Rows are recorded rule by rule; once
 * {@link finish}ed they read in case order, then rule order, and the violations of case c are
 * positions [caseStart[c], caseStart[c + 1]).
 */
export class ViolationTable {
  private readonly rules = new GrowableUint32();
  private readonly kinds = new GrowableUint32();
  private readonly cases = new GrowableUint32();
  private readonly events = new GrowableUint32();
  private readonly details = new GrowableUint32();
  private readonly dues = new GrowableFloat64();
  private readonly exposures = new GrowableFloat64();

  /** Position → recorded row (case order); set by finish(). */
  private order: Uint32Array | null = null;
  private caseStart: Uint32Array | null = null;

  constructor(
    private readonly ruleIds: readonly string[],
    private readonly caseIds: readonly string[],
    /** Detail texts; index 0 = no detail. */
    private readonly detailTexts: readonly string[],
  ) {}

  get length(): number {
    return this.rules.length;
  }

  /** event -1 = none; dueAt, exposure NaN = none. Exposure in the reporting currency. */
  push(rule: number, kind: number, c: number, event: number, dueAt: number, exposure: number, detail: number): void {
    this.rules.push(rule);
    this.kinds.push(kind);
    this.cases.push(c);
    this.events.push(event < 0 ? NO_EVENT : event);
    this.dues.push(dueAt);
    this.exposures.push(exposure);
    this.details.push(detail);
  }

  /** Sorts by case (stably, so rule order is kept within a case): a counting sort, O(rows + cases). */
  finish(caseCount: number): void {
    const start = new Uint32Array(caseCount + 1);
    const n = this.length;
    for (let i = 0; i < n; i++) start[this.cases.get(i) + 1]++;
    for (let c = 0; c < caseCount; c++) start[c + 1] += start[c];
    const cursor = start.slice(0, caseCount);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[cursor[this.cases.get(i)]++] = i;
    this.order = order;
    this.caseStart = start;
  }

  /** Positions [from, to) of case c's violations. */
  rangeOfCase(c: number): [number, number] {
    if (!this.caseStart) throw new Error('ViolationTable.finish() first');
    return [this.caseStart[c], this.caseStart[c + 1]];
  }

  /** The violation at a position (case order once finished). */
  at(position: number): Violation {
    const i = this.order ? this.order[position] : position;
    const event = this.events.get(i);
    return violationObject(this.ruleIds, this.caseIds, this.detailTexts, this.rules.get(i), this.kinds.get(i), this.cases.get(i), event === NO_EVENT ? -1 : event, this.dues.get(i), this.exposures.get(i), this.details.get(i));
  }

  /** Serialising the columns by accident (JSON.stringify of a result) would dump every buffer. */
  toJSON(): { length: number } {
    return { length: this.length };
  }

  toArray(from = 0, to = this.length): Violation[] {
    const result: Violation[] = new Array(Math.max(0, to - from));
    for (let i = from; i < to; i++) result[i - from] = this.at(i);
    return result;
  }
}

/** A violation as an object, from the values {@link ViolationTable.push} takes. */
export function violationObject(
  ruleIds: readonly string[],
  caseIds: readonly string[],
  detailTexts: readonly string[],
  rule: number,
  kind: number,
  c: number,
  event: number,
  dueAt: number,
  exposure: number,
  detail: number,
): Violation {
  return {
    ruleId: ruleIds[rule],
    kind: VIOLATION_KINDS[kind],
    caseIndex: c,
    caseId: caseIds[c],
    event: event < 0 ? null : event,
    dueAt: dueAt === dueAt ? dueAt : null,
    exposure: exposure === exposure ? exposure : null,
    ...(detail ? { detail: detailTexts[detail] } : {}),
  };
}
