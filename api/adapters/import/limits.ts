import { ImportError } from './import-error.ts';

/**
 * Bounds on what one file may make the importer hold or do. A file from an upload is
 * untrusted: without them a few kilobytes can ask for gigabytes (a zip or gzip bomb, a quote
 * that never closes, a different XES key on every event). docs/RELIABILITY.md lists them.
 */
export interface ImportLimits {
  /** Characters in one CSV field, one XML attribute value or text between two XML tags. */
  readonly maxFieldChars: number;
  /** Columns of a CSV or XLSX header; distinct attribute keys of an XES file. */
  readonly maxColumns: number;
  /** Bytes a compressed input may inflate to: all entries of an XLSX, the content of an .xes.gz. */
  readonly maxDecompressedBytes: number;
  /** Inflated ÷ compressed bytes, checked once more than RATIO_FLOOR_BYTES have been inflated. */
  readonly maxCompressionRatio: number;
}

export const DEFAULT_LIMITS: ImportLimits = {
  // A CSV field or an XES value of a megabyte is no invoice attribute; beyond that, memory.
  maxFieldChars: 1 << 20,
  // Dynamics tables are a few hundred columns wide; Excel stops at 16,384.
  maxColumns: 4096,
  // 5 × 10^6 XES events are ~2.5 GB of XML; a full Excel sheet (2^20 rows) is well under 4.
  maxDecompressedBytes: 4 * 1024 ** 3,
  // Event logs compress 10-50x (XES, sheet XML); deflate bombs reach ~1000x.
  maxCompressionRatio: 200,
};

/** Small inputs may compress as well as they like: a few MB inflated harm nothing. */
export const RATIO_FLOOR_BYTES = 64 * 1024 * 1024;

export function importLimits(given: Partial<ImportLimits> | undefined): ImportLimits {
  return { ...DEFAULT_LIMITS, ...given };
}

/**
 * Attribute columns are dense: each costs a slot per event (or case) once the log is built,
 * present or not. Columns set on only a few rows (an XES with a new key on every event, a sheet
 * whose rows each fill another far column) therefore cost memory quadratic in the file. Real
 * logs spend at least a byte of input per cell; this allows four, plus a floor for small files.
 */
const CELLS_PER_INPUT_BYTE = 4;
const MIN_CELLS = 1 << 24;

export class CellBudget {
  private columns = 0;

  constructor(
    private readonly file: string,
    private readonly limits: ImportLimits,
  ) {}

  /** A new attribute column, met when `rows` rows were read from `inputBytes` bytes. */
  addColumn(name: string, rows: number, inputBytes: number, where: { line?: number; row?: number; column?: string } = {}): void {
    this.columns++;
    if (this.columns > this.limits.maxColumns) {
      throw new ImportError({
        file: this.file,
        ...where,
        field: name,
        expected: `at most ${this.limits.maxColumns} distinct attributes (columns); this file has more`,
      });
    }
    this.check(rows, inputBytes, where);
  }

  /** Also at the end: the built log gives every column a slot per row. */
  check(rows: number, inputBytes: number, where: { line?: number; row?: number; column?: string } = {}): void {
    const cells = this.columns * rows;
    if (cells <= Math.max(MIN_CELLS, CELLS_PER_INPUT_BYTE * inputBytes)) return;
    throw new ImportError({
      file: this.file,
      ...where,
      expected: `attributes that most rows share: ${this.columns} columns × ${rows} rows would take ${cells} cells for ${inputBytes} bytes of input (a new attribute key on every few events?)`,
    });
  }
}
