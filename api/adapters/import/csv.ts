import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { LogBuilder } from '../../engine/log/builder.ts';
import { CsvParser } from './csv-parser.ts';
import { EventRowWriter } from './event-rows.ts';
import { ImportError } from './import-error.ts';
import { openSource, rowWarnings } from './import-setup.ts';
import { duplicateWarnings } from './duplicates.ts';
import { importLimits } from './limits.ts';
import { planColumns } from './mapping.ts';
import type { ImportOptions, ImportResult } from './options.ts';
import { ProgressReporter } from './progress.ts';
import { declaredDelimiter, sniffDelimiter, userDelimiter } from './sniff.ts';
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

  let writer: EventRowWriter | undefined;
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
    writer = new EventRowWriter(builder, plan, file, time);
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
  const decode = (chunk?: Buffer): string => {
    try {
      if (!chunk) return decoder!.decode();
      if (encoding === 'utf-8' && decoderIdle && isAscii(chunk)) return chunk.toString('latin1');
      decoderIdle = chunk[chunk.length - 1] < 0x80;
      return decoder!.decode(chunk, { stream: true });
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      const offset = chunk && encoding === 'utf-8' ? invalidUtf8Offset(chunk) : -1;
      const line = (parser?.currentLine ?? 1) + (chunk && offset > 0 ? lineBreaks(chunk, offset) : 0);
      throw new ImportError({
        file,
        line,
        value: offset >= 0 && chunk ? `byte 0x${chunk[offset].toString(16).toUpperCase().padStart(2, '0')}` : undefined,
        expected: `UTF-8 or UTF-16 text (the file is in ${encoding === 'utf-8' ? 'another encoding' : 'broken UTF-16'}; in Excel, save it as "CSV UTF-8")`,
      });
    }
  };

  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    signal?.throwIfAborted();
    if (!decoder) {
      encoding = detectEncoding(chunk);
      // Without a byte order mark at the start, a U+FEFF later on is text: the decoder may
      // first see the file in its middle (after ASCII chunks) and must not take it for one.
      decoder = new TextDecoder(encoding, { fatal: true, ignoreBOM: !startsWithBom(chunk, encoding) });
    }
    const text = decode(chunk);
    if (!parser) {
      const declared = declaredDelimiter(text);
      skipRecords = declared === undefined ? 0 : 1;
      delimiter = delimiterOption ?? declared ?? sniffDelimiter(text, chunk.length === size);
      parser = new CsvParser(delimiter, onRecord, file, 1 + skipRecords, limits.maxFieldChars);
    }
    parser.push(text);
    bytesRead += chunk.length;
    progress.update(bytesRead, builder.eventCount);
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
