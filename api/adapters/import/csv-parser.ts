import { ImportError } from './import-error.ts';

/**
 * Receives each record. `fields` is reused between calls (read the first `count` entries, do not
 * keep the array); `line` is the physical line where the record starts.
 */
export type RecordHandler = (fields: string[], count: number, line: number) => void;

const QUOTE = 34;
const LF = 10;
const CR = 13;

const FIELD_START = 0;
/** Inside an unquoted field that began in an earlier chunk, or text after a closing quote. */
const UNQUOTED = 1;
const QUOTED = 2;
/** A quote inside a quoted field: the closing one, or the first half of a doubled quote. */
const QUOTE_SEEN = 3;
/** After a CR that ended a record: a LF right after it belongs to the same line break. */
const AFTER_CR = 4;

/**
 * Default bound on one field (ImportLimits.maxFieldChars). A field this long is a quote that
 * never closed or no CSV at all; stopping here keeps such a file from swallowing the rest of a
 * gigabyte into one string.
 */
const MAX_FIELD_CHARS = 1 << 20;
/** Guards memory against a binary file read as text. */
const MAX_FIELDS = 1 << 16;

/** Position of `char` in `text` at or after `from`, or text.length when there is none. */
function next(text: string, char: string, from: number): number {
  const i = text.indexOf(char, from);
  return i < 0 ? text.length : i;
}

/**
 * RFC 4180 records from text pushed in chunks of any size: fields may span chunks; quoted
 * fields may hold delimiters, line breaks and doubled quotes; lines end in CRLF, LF or CR.
 * Unquoted fields are trimmed (quoted ones are kept as written); empty lines are skipped.
 * Lenient where spreadsheets are: a quote inside an unquoted field and text after a closing
 * quote are kept as written.
 */
export class CsvParser {
  /** Records passed to the handler so far. */
  records = 0;
  private line = 1;
  private recordLine = 1;
  private quoteLine = 0;
  private state = FIELD_START;
  /** The current field's text from earlier chunks (and, when quoted, the unescaped part). */
  private partial = '';
  private fieldQuoted = false;
  private recordQuoted = false;
  private lastWasCR = false;
  private readonly fields: string[] = [];
  private count = 0;
  /** Where in the chunk being read. */
  private pos = 0;
  /** Where the field carried into the next chunk starts. */
  private start = 0;
  /** Next LF, CR and quote at or after an earlier position (n: none left in the chunk). */
  private nl = -1;
  private nc = -1;
  private nq = -1;
  private readonly delimiter: number;
  /** Characters above this code end no unquoted field: one comparison rules out most text. */
  private readonly highest: number;

  /** `headerRecords`: records before the first data row, for the row numbers of errors. */
  constructor(
    delimiter: string,
    private readonly onRecord: RecordHandler,
    private readonly file: string,
    private readonly headerRecords = 1,
    private readonly maxFieldChars = MAX_FIELD_CHARS,
  ) {
    this.delimiter = delimiter.charCodeAt(0);
    this.highest = Math.max(this.delimiter, CR);
  }

  /**
   * Takes over at the start of a record from another reader of the same file (ByteCsvReader),
   * so that rows and lines keep counting from there.
   */
  resume(line: number, records: number): void {
    this.line = line;
    this.recordLine = line;
    this.records = records;
  }

  /** The physical line at the end of the text pushed so far. */
  get currentLine(): number {
    return this.line;
  }

  push(text: string): void {
    const n = text.length;
    if (n === 0) return;
    this.pos = 0;
    this.start = 0;
    this.nl = this.nc = this.nq = -1;
    this.scanChunk(text, n);
    if ((this.state === UNQUOTED || this.state === QUOTED) && this.start < n) {
      this.partial += text.slice(this.start, n);
      if (this.partial.length > this.maxFieldChars) throw this.tooLong(this.state === QUOTED);
    }
    this.lastWasCR = text.charCodeAt(n - 1) === CR;
  }

  /**
   * One call per record rather than one loop over the chunk: V8 then optimizes scanRecord as a
   * whole, whereas a long loop gets compiled on-stack before its rarer branches ever ran and
   * falls back to the interpreter each time a later chunk reaches one of them. The loop lives
   * apart from push for the same reason.
   */
  private scanChunk(text: string, n: number): void {
    while (this.scanRecord(text, n));
  }

  /** Reads on from `pos` to the end of a record (true) or of the chunk (false). */
  private scanRecord(text: string, n: number): boolean {
    const delimiter = this.delimiter;
    let state = this.state;
    let i = this.pos;
    let recordEnded = false;
    while (i < n && !recordEnded) {
      if (state === FIELD_START) {
        if (text.charCodeAt(i) === QUOTE) {
          this.fieldQuoted = true;
          this.recordQuoted = true;
          this.quoteLine = this.line;
          state = QUOTED;
          this.start = ++i;
          continue;
        }
        const end = this.fieldEnd(text, i, n);
        if (end === n) {
          this.start = i;
          state = UNQUOTED;
          i = n;
          break;
        }
        if (end - i > this.maxFieldChars) {
          this.partial = text.slice(i, i + 64);
          throw this.tooLong(false);
        }
        let value = text.slice(i, end);
        if (value.length > 0 && (value.charCodeAt(0) <= 32 || value.charCodeAt(value.length - 1) <= 32)) value = value.trim();
        if (this.count === MAX_FIELDS) throw this.tooManyFields();
        this.fields[this.count++] = value;
        const c = text.charCodeAt(end);
        i = end + 1;
        if (c !== delimiter) {
          this.line++;
          recordEnded = true;
          if (c === CR) state = AFTER_CR;
        }
      } else if (state === QUOTED) {
        const close = this.scanQuoted(text, i, n);
        if (close === n) {
          this.start = i;
          i = n;
          break;
        }
        this.partial += text.slice(i, close);
        i = close + 1;
        state = QUOTE_SEEN;
      } else if (state === QUOTE_SEEN) {
        const c = text.charCodeAt(i);
        if (c === QUOTE) {
          this.partial += '"';
          this.start = ++i;
          state = QUOTED;
        } else if (c === delimiter) {
          this.endField(this.partial);
          i++;
          state = FIELD_START;
        } else if (c === LF || c === CR) {
          this.endField(this.partial);
          i++;
          this.line++;
          recordEnded = true;
          state = c === CR ? AFTER_CR : FIELD_START;
        } else {
          this.start = i;
          state = UNQUOTED;
        }
      } else if (state === UNQUOTED) {
        const end = this.fieldEnd(text, i, n);
        if (end === n) {
          i = n;
          break;
        }
        this.endField(this.partial + text.slice(this.start, end));
        const c = text.charCodeAt(end);
        i = end + 1;
        state = FIELD_START;
        if (c !== delimiter) {
          this.line++;
          recordEnded = true;
          if (c === CR) state = AFTER_CR;
        }
      } else {
        if (text.charCodeAt(i) === LF) i++;
        state = FIELD_START;
      }
    }
    this.pos = i;
    this.state = state;
    if (recordEnded) this.endRecord();
    return i < n;
  }

  /**
   * End of the unquoted field from `i`: the next delimiter or line break (n: none in this
   * chunk). Looked for character by character: most fields of an event log are short or
   * empty, where a call to indexOf per field costs more than it saves.
   */
  private fieldEnd(text: string, i: number, n: number): number {
    const delimiter = this.delimiter;
    const highest = this.highest;
    let j = i;
    for (; j < n; j++) {
      const c = text.charCodeAt(j);
      if (c <= highest && (c === delimiter || c === LF || c === CR)) break;
    }
    return j;
  }

  /**
   * Position of the quote that ends or escapes inside the quoted text from `i` (n: none in this
   * chunk), counting the line breaks before it: they are lines of the file all the same.
   */
  private scanQuoted(text: string, i: number, n: number): number {
    if (this.nq < i) this.nq = next(text, '"', i);
    const quote = this.nq;
    let nl = this.nl < i ? next(text, '\n', i) : this.nl;
    while (nl < quote) {
      if (nl > 0 ? text.charCodeAt(nl - 1) !== CR : !this.lastWasCR) this.line++;
      nl = next(text, '\n', nl + 1);
    }
    let nc = this.nc < i ? next(text, '\r', i) : this.nc;
    while (nc < quote) {
      this.line++;
      nc = next(text, '\r', nc + 1);
    }
    this.nl = nl;
    this.nc = nc;
    return quote;
  }

  /** Ends the text: the last record needs no line break; an open quote is an error. */
  end(): void {
    switch (this.state) {
      case QUOTED:
        throw new ImportError({
          file: this.file,
          row: this.pendingRow(),
          line: this.quoteLine,
          value: shortPreview(this.partial),
          expected: `a closing quote (") for the field that opens with a quote on line ${this.quoteLine}; the file ends inside it`,
        });
      case UNQUOTED:
      case QUOTE_SEEN:
        this.endField(this.partial);
        this.endRecord();
        break;
      case FIELD_START:
        if (this.count > 0) {
          this.endField('');
          this.endRecord();
        }
        break;
      default:
        break;
    }
    this.state = FIELD_START;
  }

  private endField(value: string): void {
    if (this.count === MAX_FIELDS) throw this.tooManyFields();
    if (value.length > this.maxFieldChars) {
      this.partial = value;
      throw this.tooLong(this.fieldQuoted);
    }
    let v = value;
    if (this.fieldQuoted) {
      this.fieldQuoted = false;
    } else if (v.length > 0 && (v.charCodeAt(0) <= 32 || v.charCodeAt(v.length - 1) <= 32)) {
      v = v.trim();
    }
    this.fields[this.count++] = v;
    this.partial = '';
  }

  private endRecord(): void {
    const count = this.count;
    const line = this.recordLine;
    const quoted = this.recordQuoted;
    this.count = 0;
    this.recordQuoted = false;
    this.recordLine = this.line;
    if (count === 1 && !quoted && this.fields[0].length === 0) return;
    this.records++;
    this.onRecord(this.fields, count, line);
  }

  /** Data row number of the record being read, if past the header. */
  private pendingRow(): number | undefined {
    return this.records >= this.headerRecords ? this.records - this.headerRecords + 1 : undefined;
  }

  private tooManyFields(): ImportError {
    return new ImportError({ file: this.file, row: this.pendingRow(), line: this.recordLine, expected: `at most ${MAX_FIELDS} fields in a row; is this a text file?` });
  }

  private tooLong(quoted: boolean): ImportError {
    return new ImportError({
      file: this.file,
      row: this.pendingRow(),
      line: quoted ? this.quoteLine : this.recordLine,
      value: shortPreview(this.partial),
      expected: quoted
        ? `a field of at most ${this.maxFieldChars} characters; the quoted field that opens on line ${this.quoteLine} runs on for more (is its closing quote (") missing?)`
        : `a field of at most ${this.maxFieldChars} characters; this one is longer (is this a CSV file?)`,
    });
  }
}

function shortPreview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}...` : text;
}
