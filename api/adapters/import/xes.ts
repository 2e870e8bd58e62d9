import { basename } from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { LogBuilder } from '../../engine/log/builder.ts';
import { duplicateWarnings } from './duplicates.ts';
import { ImportError } from './import-error.ts';
import { importLimits, RATIO_FLOOR_BYTES, type ImportLimits } from './limits.ts';
import { openInput, type Input } from './open-input.ts';
import type { ImportOptions, ImportResult } from './options.ts';
import { ProgressReporter } from './progress.ts';
import { invalidUtf8Offset, lineBreaks } from './text-encoding.ts';
import { XesReader } from './xes-reader.ts';

/**
 * Streams an XES (IEEE 1849) file, plain or gzip (recognised by content), into the raw event
 * log: every XES event is one event, `lifecycle:transition` stays an attribute. The mapping's
 * case, activity and time name other XES keys than concept:name / time:timestamp; its columns
 * rename the other attributes (XES key -> name, e.g. org:resource -> Resource).
 * Bad input fails with an {@link ImportError} at the first problem.
 */
export async function importXes(path: string, options: ImportOptions = {}): Promise<ImportResult> {
  const file = options.displayName ?? basename(path);
  const { signal, mapping } = options;
  const limits = importLimits(options.limits);
  signal?.throwIfAborted();
  const input = await openFile(path, file);
  // XES states each attribute's level itself: an event attribute stays one even when constant.
  const builder = new LogBuilder({ promoteConstantAttributes: false });
  const reader = new XesReader(builder, file, {
    case: mapping?.case ?? 'concept:name',
    activity: mapping?.activity ?? 'concept:name',
    time: mapping?.time ?? 'time:timestamp',
    columns: mapping?.columns,
  }, limits);
  const progress = new ProgressReporter(options.onProgress, input.totalBytes);
  // The declared encoding is not consulted: XES writers emit UTF-8. StringDecoder, not
  // TextDecoder: 2-3x faster on large chunks; saxes skips the byte-order mark itself.
  const decoder = new StringDecoder('utf8');
  let inflated = 0;
  let previous: Buffer | undefined;
  try {
    for await (const chunk of input.stream as AsyncIterable<Buffer>) {
      signal?.throwIfAborted();
      if (input.gzip) {
        inflated += chunk.length;
        checkInflation(inflated, input.bytesInflated(), limits, file, reader.line);
      }
      const text = decoder.write(chunk);
      // StringDecoder turns bytes that are no UTF-8 into U+FFFD silently; only then is it
      // worth finding out whether the file holds that character or broken bytes.
      if (text.includes('\uFFFD')) refuseInvalidUtf8(chunk, previous, file, reader.line);
      reader.write(text);
      previous = chunk;
      progress.update(input.bytesRead(), builder.eventCount);
    }
    const rest = decoder.end();
    if (rest.includes('\uFFFD')) throw new ImportError({ file, line: reader.line, expected: 'UTF-8 text; the file ends inside a character (was it cut off?)' });
    reader.write(rest);
    reader.end();
    reader.checkBudget();
  } catch (error) {
    throw streamError(error, file, input.gzip);
  } finally {
    input.close();
  }
  progress.finish(builder.eventCount);
  const log = builder.build();
  return { log, format: 'xes', rows: builder.eventCount, warnings: [...reader.warnings, ...duplicateWarnings(log)] };
}

/**
 * Stops a gzip bomb while it inflates, not after: more than the limit in all, or a ratio no
 * event log reaches once past the floor, ends the import at that chunk.
 */
function checkInflation(inflated: number, compressed: number, limits: ImportLimits, file: string, line: number): void {
  if (inflated > limits.maxDecompressedBytes) {
    throw new ImportError({ file, line, expected: `a gzip file that unpacks to at most ${gib(limits.maxDecompressedBytes)}; this one unpacks to more` });
  }
  if (inflated > RATIO_FLOOR_BYTES && inflated > limits.maxCompressionRatio * compressed) {
    throw new ImportError({
      file,
      line,
      value: `${gib(inflated)} from ${gib(compressed)}`,
      expected: `a gzip file that compresses at most ${limits.maxCompressionRatio}:1, as event logs do; this one inflates ${Math.round(inflated / Math.max(1, compressed))}-fold (a gzip bomb?)`,
    });
  }
}

function gib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}

/** An ImportError at the first byte that is no UTF-8, if there is one (a chunk may only hold U+FFFD). */
function refuseInvalidUtf8(chunk: Buffer, previous: Buffer | undefined, file: string, line: number): void {
  // A character may have begun in the previous chunk: look from its last bytes on.
  const carried = previous ? Math.min(3, previous.length) : 0;
  const bytes = carried > 0 ? Buffer.concat([previous!.subarray(previous!.length - carried), chunk]) : chunk;
  const offset = invalidUtf8Offset(bytes);
  if (offset < 0) return;
  throw new ImportError({
    file,
    line: line + lineBreaks(bytes, offset) - (carried > 0 ? lineBreaks(bytes, carried) : 0),
    value: `byte 0x${bytes[offset].toString(16).toUpperCase().padStart(2, '0')}`,
    expected: 'UTF-8 text, as XES files are written (this one is in another encoding or damaged)',
  });
}

async function openFile(path: string, file: string): Promise<Input> {
  try {
    return await openInput(path);
  } catch (error) {
    throw new ImportError({ file, value: codeOf(error), expected: 'a readable XES file' });
  }
}

/** Errors of the byte stream itself (a cut-off or damaged gzip, a failing disk) as ImportErrors. */
function streamError(error: unknown, file: string, gzip: boolean): unknown {
  if (error instanceof ImportError || (error instanceof Error && error.name === 'AbortError')) return error;
  const code = codeOf(error);
  if (code === undefined) return error;
  if (gzip && code.startsWith('Z_')) {
    return new ImportError({ file, value: (error as Error).message, expected: 'a complete gzip file (it looks cut off or damaged)' });
  }
  return new ImportError({ file, value: code, expected: 'a readable XES file' });
}

function codeOf(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}
