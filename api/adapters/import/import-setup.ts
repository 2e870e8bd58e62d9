import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { timeReading, type TimeReading } from './cell-values.ts';
import type { EventRowWriter } from './event-rows.ts';
import { ImportError } from './import-error.ts';
import type { ImportOptions } from './options.ts';

/** What every importer settles before reading: the name errors use, the size, how times read. */
export interface ImportSource {
  readonly file: string;
  readonly size: number;
  readonly time: TimeReading;
}

export async function openSource(path: string, options: ImportOptions): Promise<ImportSource> {
  const file = options.displayName ?? basename(path);
  options.signal?.throwIfAborted();
  const time = timeReading(options.timeFormat, file);
  let size: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a file');
    size = info.size;
  } catch (error) {
    throw new ImportError({ file, expected: `a file that exists and can be read (${(error as Error).message})` });
  }
  return { file, size, time };
}

/** What the user should hear about rows that were read but gave no event. */
export function rowWarnings(writer: EventRowWriter): string[] {
  const warnings: string[] = [];
  if (writer.rows === 0) warnings.push('the file has a header but no data rows');
  if (writer.emptyRows > 0) warnings.push(`${writer.emptyRows} row(s) with no values were skipped`);
  return warnings;
}
