import { cellString } from './byte-cells.ts';
import { lineBreaks } from './text-encoding.ts';

/**
 * Receives each record as byte ranges of `buf`: field k is buf[starts[k], ends[k]), quotes
 * included (see cellString). same[k] is 1 when field k has the same bytes as in the record
 * handed over just before (0 when unknown). The arrays are reused between calls. Returning
 * false refuses the record: the reader stops and hands it, and all text after it, to the
 * string parser.
 */
export type ByteRecordHandler = (buf: Buffer, starts: Int32Array, ends: Int32Array, same: Uint8Array, count: number, line: number) => boolean;

const QUOTE = 34;
const LF = 10;
const CR = 13;
const INCOMPLETE = -1;
const GIVE_UP = -2;
/** As CsvParser's bound: past it, the string parser says what is wrong. */
const MAX_FIELDS = 1 << 16;
/**
 * A record left open at the end of a chunk is copied in front of the next one; one this long is
 * no event row (a quote that never closes?), and the string parser, which keeps only the current
 * field, takes over.
 */
const MAX_CARRY = 1 << 16;
/** Bytes of a chunk joined to the record carried into it: a few rows' worth. */
const HEAD_BYTES = 1 << 14;

/**
 * CsvParser's tokenizer on the bytes of UTF-8 text (validated by the caller), for an ASCII
 * delimiter: the same records, fields, line numbers and empty-line skipping, without decoding
 * the text or making a string per field. It takes only records it can hand over whole; whatever
 * it cannot (a field or open record longer than the limits, more fields than CsvParser allows,
 * a quote open at the end of the file, a record the handler refuses) it returns, from the start
 * of that record, for CsvParser to read from there on, so that CsvParser alone words the errors.
 */
export class ByteCsvReader {
  /** Records handed over so far (empty lines are none), as CsvParser.records counts them. */
  records = 0;
  /** Physical line where the next record starts. */
  line = 1;
  private carry: Buffer | null = null;
  /** The last record ended in a CR at the end of a chunk: a LF starting the next is its line break. */
  private skipLF = false;
  private starts: Int32Array = new Int32Array(64);
  private ends: Int32Array = new Int32Array(64);
  private same = new Uint8Array(64);
  /** The record before, in the same buffer, for same[]; prevCount 0 when there is none to compare with. */
  private prevStarts: Int32Array = new Int32Array(64);
  private prevEnds: Int32Array = new Int32Array(64);
  private prevCount = 0;
  private prevBreaks = 0;
  /** Where read() stopped when told to read one record. */
  private consumed = 0;
  private count = 0;
  private breaks = 0;
  /** The buffer being read, four bytes at a time. */
  private words: DataView = new DataView(new ArrayBuffer(0));
  private readonly highest: number;
  private readonly maxCarry: number;

  constructor(
    private readonly delimiter: number,
    private readonly onRecord: ByteRecordHandler,
    private readonly maxFieldBytes: number,
  ) {
    this.highest = Math.max(delimiter, CR);
    this.maxCarry = Math.min(MAX_CARRY, maxFieldBytes);
  }

  /** The physical line at the end of the bytes pushed so far, as CsvParser.currentLine. */
  get currentLine(): number {
    return this.carry ? this.line + lineBreaks(this.carry, this.carry.length) : this.line;
  }

  /** Reads the records that end in `chunk`; returns the bytes to hand over, if it stopped. */
  push(chunk: Buffer): Buffer | null {
    const carry = this.carry;
    if (carry === null) return this.read(chunk, 0, false, false);
    // The record begun in the chunk before is joined with the start of this one only, to save
    // copying the whole chunk behind it.
    this.carry = null;
    const take = Math.min(chunk.length, HEAD_BYTES);
    const head = Buffer.concat([carry, chunk.subarray(0, take)]);
    const stopped = this.read(head, 0, false, true);
    if (stopped) return take === chunk.length ? stopped : Buffer.concat([stopped, chunk.subarray(take)]);
    const open = this.carry as Buffer | null;
    if (open === null) return this.read(chunk, this.consumed - carry.length, false, false);
    if (take === chunk.length) return null;
    // A record longer than the head: joined whole after all.
    this.carry = null;
    return this.read(Buffer.concat([open, chunk.subarray(take)]), 0, false, false);
  }

  /** The end of the text: the last record needs no line break. */
  end(): Buffer | null {
    const carry = this.carry;
    this.carry = null;
    return carry ? this.read(carry, 0, true, false) : null;
  }

  /**
   * Reads records from `from` on; an open one at the end becomes the carry. `one`: stops after
   * the first record, leaving `consumed` after it and the rest of buf to the caller.
   */
  private read(buf: Buffer, from: number, final: boolean, one: boolean): Buffer | null {
    const n = buf.length;
    let pos = from;
    if (this.skipLF) {
      this.skipLF = false;
      if (pos < n && buf[pos] === LF) pos++;
    }
    this.prevCount = 0;
    this.words = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    while (pos < n) {
      const next = this.scan(buf, pos, n, final);
      if (next === INCOMPLETE) break;
      if (next === GIVE_UP) return buf.subarray(pos);
      const starts = this.starts;
      const ends = this.ends;
      if (this.count === 1 && isEmptyLine(buf, starts[0], ends[0])) {
        this.prevCount = 0;
      } else {
        if (!this.onRecord(buf, starts, ends, this.same, this.count, this.line)) return buf.subarray(pos);
        this.records++;
        // This record is the one the next compares with.
        this.starts = this.prevStarts;
        this.ends = this.prevEnds;
        this.prevStarts = starts;
        this.prevEnds = ends;
        this.prevCount = this.count;
        this.prevBreaks = this.breaks;
      }
      this.line += this.breaks;
      pos = next;
      if (one) {
        this.consumed = pos;
        return null;
      }
    }
    if (pos < n) {
      if (n - pos > this.maxCarry) return buf.subarray(pos);
      this.carry = buf.subarray(pos);
    }
    return null;
  }

  /**
   * The record from `pos`: the position after its line break (n at the end of the text), or
   * INCOMPLETE when it runs past the chunk, or GIVE_UP. Fields go to starts/ends and count,
   * its line breaks (quoted ones and the last) to breaks.
   */
  private scan(buf: Buffer, pos: number, n: number, final: boolean): number {
    const delimiter = this.delimiter;
    const highest = this.highest;
    const words = this.words;
    let starts = this.starts;
    let ends = this.ends;
    let same = this.same;
    const prevStarts = this.prevStarts;
    const prevEnds = this.prevEnds;
    const prevCount = this.prevCount;
    // Bounds of the record before stand for equal bytes only when none of its line breaks was quoted.
    const runs = this.prevBreaks <= 1;
    let count = 0;
    let breaks = 0;
    let i = pos;
    for (;;) {
      if (count === starts.length) {
        if (count >= MAX_FIELDS) return GIVE_UP;
        starts = this.starts = grow(starts);
        ends = this.ends = grow(ends);
        const wider = new Uint8Array(same.length * 2);
        wider.set(same);
        same = this.same = wider;
      }
      // A run of fields equal to those of the record before (an invoice's columns on its next
      // row): one comparison across them all, their bounds shifted from that record's. It
      // also tells how many leading bytes of the first field that differs are the same.
      let known = -1;
      if (runs && count + 1 < prevCount) {
        const from = prevStarts[count];
        const limit = Math.min(prevEnds[prevCount - 1] - from, n - 1 - i);
        let j = 0;
        while (j + 4 <= limit && words.getInt32(i + j) === words.getInt32(from + j)) j += 4;
        while (j < limit && buf[i + j] === buf[from + j]) j++;
        const reached = from + j;
        // A field is covered when its bytes and the delimiter after it are.
        if (prevEnds[count] < reached) {
          if (starts.length < prevCount) {
            starts = this.starts = Int32Array.from({ length: prevStarts.length }, (_, k) => starts[k] ?? 0);
            ends = this.ends = Int32Array.from({ length: prevStarts.length }, (_, k) => ends[k] ?? 0);
            const wider = new Uint8Array(prevStarts.length);
            wider.set(same.subarray(0, Math.min(same.length, wider.length)));
            same = this.same = wider;
          }
          const shift = i - from;
          let m = count;
          do {
            starts[m] = prevStarts[m] + shift;
            ends[m] = prevEnds[m] + shift;
            same[m] = 1;
            m++;
          } while (prevEnds[m] < reached);
          count = m;
          i = prevStarts[m] + shift;
        }
        known = reached - prevStarts[count];
      }
      const start = i;
      let equal = 0;
      if (i < n && buf[i] === QUOTE) {
        i++;
        for (;;) {
          while (i < n) {
            const c = buf[i];
            if (c === QUOTE) break;
            if (c === LF) {
              if (buf[i - 1] !== CR) breaks++;
            } else if (c === CR) {
              breaks++;
            }
            i++;
          }
          if (i >= n) return final ? GIVE_UP : INCOMPLETE;
          i++;
          if (i < n && buf[i] === QUOTE) {
            i++;
            continue;
          }
          break;
        }
        // The next chunk may start with the second quote of a doubled one.
        if (i >= n && !final) return INCOMPLETE;
        // Text after the closing quote is kept as written, up to the delimiter.
        while (i < n) {
          const c = buf[i];
          if (c === delimiter || c === LF || c === CR) break;
          i++;
        }
      } else {
        // Comparing with the field of the record before finds its end too when it is the
        // same (most invoice columns): one pass over the bytes instead of two. Only unquoted
        // fields, whose bytes hold no delimiter or line break.
        if (count < prevCount) {
          const from = prevStarts[count];
          const length = prevEnds[count] - from;
          if (i + length < n && (length === 0 || buf[from] !== QUOTE)) {
            let j = known;
            if (j < 0) {
              j = 0;
              while (j + 4 <= length && words.getInt32(i + j) === words.getInt32(from + j)) j += 4;
              while (j < length && buf[i + j] === buf[from + j]) j++;
            } else if (j > length) {
              j = length;
            }
            i += j;
            const c = buf[i];
            if (j === length && c <= highest && (c === delimiter || c === LF || c === CR)) equal = 1;
          }
        }
        if (equal === 0) {
          while (i < n) {
            const c = buf[i];
            if (c <= highest && (c === delimiter || c === LF || c === CR)) break;
            i++;
          }
        }
      }
      if (i - start > this.maxFieldBytes) return GIVE_UP;
      starts[count] = start;
      ends[count] = i;
      same[count] = equal;
      count++;
      if (i >= n) {
        if (!final) return INCOMPLETE;
        this.count = count;
        this.breaks = breaks;
        return n;
      }
      const c = buf[i++];
      if (c === delimiter) continue;
      breaks++;
      if (c === CR) {
        if (i < n) {
          if (buf[i] === LF) i++;
        } else if (!final) {
          this.skipLF = true;
        }
      }
      this.count = count;
      this.breaks = breaks;
      return i;
    }
  }
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/** A line CsvParser skips: one unquoted field that is empty once trimmed. */
function isEmptyLine(buf: Buffer, start: number, end: number): boolean {
  if (end === start) return true;
  const b = buf[start];
  if (b === QUOTE || (b > 32 && b < 0x80)) return false;
  return cellString(buf, start, end) === '';
}
