import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { LogBuilder } from '../../engine/log/builder.ts';
import { CsvParser } from './csv-parser.ts';
import { ByteRowWriter } from './byte-rows.ts';
import { cellString } from './byte-cells.ts';
import { ByteCsvReader } from './byte-records.ts';
import { ImportError } from './import-error.ts';
import { openSource, rowWarnings } from './import-setup.ts';
import { duplicateWarnings } from './duplicates.ts';
import { importLimits } from './limits.ts';
import { planColumns } from './mapping.ts';
import type { ImportOptions, ImportResult } from './options.ts';
import { ProgressReporter } from './progress.ts';
import { declaredDelimiter as declaredDelimiterOf, sniffDelimiter, userDelimiter } from './sniff.ts';
import { Utf8Chunks } from './utf8-chunks.ts';
import { detectEncoding, invalidUtf8Offset, lineBreaks, startsWithBom, type TextEncoding } from './text-encoding.ts';

const CHUNK_BYTES = 1 << 20;

/**
 * Reads an event log from a CSV file (UTF-8 or UTF-16, delimiter detected unless given) into
 * a raw EventLog. Streams the file in 1 MB chunks, so memory beyond the log stays bounded.
 * Throws ImportError at the first problem, naming row, line and column.
 */
export async function importCsv(path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const { file, size, time } = await openSource(path, options);
  const delimiterOption = options.delimiter === undefined ? undefined : userDelimiter(options.delimiter, file);
  const builder = new LogBuilder();
  const progress = new ProgressReporter(options.onProgress, size);
  const signal = options.signal;
  const limits = importLimits(options.limits);

  let writer: ByteRowWriter | undefined;
  let fieldCount = 0;
  let dataRow = 0;
  let skipRecords = 0;
  const onRecord = (fields: string[], count: number, line: number): void => {
    if (skipRecords > 0) {
      skipRecords--;
      return;
    }
    if (writer) {
      dataRow++;
      if (count !== fieldCount) {
        throw new ImportError({
          file,
          row: dataRow,
          line,
          value: fields.slice(0, count).join(delimiter),
          expected: `${fieldCount} fields as in the header row, but this row has ${count}; a value holding the delimiter or a line break must be in double quotes`,
        });
      }
      writer.add(fields, dataRow, line);
      return;
    }
    const plan = planColumns(fields.slice(0, count), options.mapping, { file, line, columnName: (i) => String(i + 1), maxColumns: limits.maxColumns });
    fieldCount = count;
    writer = new ByteRowWriter(builder, plan, file, time);
  };
  // The byte reader hands over the rows that need no string; the sep= line, the header and a
  // row of the wrong width (an error, worded by onRecord) go through the strings CsvParser makes.
  const onBytes = (buf: Buffer, starts: Int32Array, ends: Int32Array, same: Uint8Array, count: number, line: number): boolean => {
    if (skipRecords > 0 || !writer) {
      const fields: string[] = [];
      for (let k = 0; k < count; k++) fields.push(cellString(buf, starts[k], ends[k]));
      onRecord(fields, count, line);
      return true;
    }
    if (count !== fieldCount) return false;
    writer.addBytes(buf, starts, ends, same, ++dataRow, line);
    return true;
  };

  let encoding: TextEncoding = 'utf-8';
  let decoder: TextDecoder | undefined;
  let parser: CsvParser | undefined;
  let delimiter = ',';
  let bytesRead = 0;
  // ASCII is valid UTF-8 and decodes to the same text, so a plain copy does; it is the common
  // case and much cheaper than the validating decoder. Only when the decoder holds no half
  // character from the previous chunk, i.e. that chunk ended in an ASCII byte.
  let decoderIdle = true;
  /** Where the parser stands, for the line of a decoding error. */
  let currentLine = (): number => parser?.currentLine ?? 1;
  const notText = (chunk: Buffer | undefined): ImportError => {
    const offset = chunk && encoding === 'utf-8' ? invalidUtf8Offset(chunk) : -1;
    const line = currentLine() + (chunk && offset > 0 ? lineBreaks(chunk, offset) : 0);
    return new ImportError({
      file,
      line,
      value: offset >= 0 && chunk ? `byte 0x${chunk[offset].toString(16).toUpperCase().padStart(2, '0')}` : undefined,
      expected: `UTF-8 or UTF-16 text (the file is in ${encoding === 'utf-8' ? 'another encoding' : 'broken UTF-16'}; in Excel, save it as "CSV UTF-8")`,
    });
  };
  const decode = (chunk?: Buffer): string => {
    try {
      if (!chunk) return decoder!.decode();
      if (encoding === 'utf-8' && decoderIdle && isAscii(chunk)) return chunk.toString('latin1');
      decoderIdle = chunk[chunk.length - 1] < 0x80;
      return decoder!.decode(chunk, { stream: true });
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      throw notText(chunk);
    }
  };

  // UTF-8 with an ASCII delimiter (nearly every file) is read from the bytes (ByteCsvReader);
  // CsvParser reads UTF-16, other delimiters, and whatever the byte reader hands over.
  let bytes: ByteCsvReader | undefined;
  const utf8 = new Utf8Chunks();
  let declared = false;
  const newParser = (): CsvParser => new CsvParser(delimiter, onRecord, file, 1 + (declared ? 1 : 0), limits.maxFieldChars);
  const handOver = (rest: Buffer): void => {
    const reader = bytes!;
    bytes = undefined;
    decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    decoderIdle = false;
    parser = newParser();
    parser.resume(reader.line, reader.records);
    currentLine = () => parser!.currentLine;
    parser.push(decode(rest));
  };

  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    signal?.throwIfAborted();
    if (bytes) {
      if (!utf8.check(chunk)) throw notText(chunk);
      const rest = bytes.push(chunk);
      if (rest) handOver(rest);
    } else if (!decoder) {
      encoding = detectEncoding(chunk);
      // Without a byte order mark at the start, a U+FEFF later on is text: the decoder may
      // first see the file in its middle (after ASCII chunks) and must not take it for one.
      const bom = startsWithBom(chunk, encoding);
      decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: !bom });
      const text = decode(chunk);
      const declaredDelimiter = declaredDelimiterOf(text);
      declared = declaredDelimiter !== undefined;
      skipRecords = declared ? 1 : 0;
      delimiter = delimiterOption ?? declaredDelimiter ?? sniffDelimiter(text, chunk.length === size);
      if (encoding === 'utf-8' && delimiter.charCodeAt(0) < 0x80 && utf8.check(chunk)) {
        const reader = new ByteCsvReader(delimiter.charCodeAt(0), onBytes, limits.maxFieldChars);
        bytes = reader;
        currentLine = () => reader.currentLine;
        const rest = reader.push(bom ? chunk.subarray(3) : chunk);
        if (rest) handOver(rest);
      } else {
        parser = newParser();
        parser.push(text);
      }
    } else {
      parser!.push(decode(chunk));
    }
    bytesRead += chunk.length;
    progress.update(bytesRead, builder.eventCount);
  }
  if (bytes) {
    if (!utf8.complete) throw notText(undefined);
    const rest = bytes.end();
    if (rest) handOver(rest);
  }
  if (decoder && parser) {
    parser.push(decode());
    parser.end();
  }
  if (!writer) {
    throw new ImportError({ file, line: 1, expected: 'a header row naming the columns, such as InvoiceNumber,ActivityName,EventTime; the file is empty' });
  }
  const log = builder.build();
  progress.finish(log.activity.length);
  return { log, format: 'csv', rows: writer.rows, warnings: [...rowWarnings(writer), ...duplicateWarnings(log)] };
}
