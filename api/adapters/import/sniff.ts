import { CsvParser } from './csv-parser.ts';
import { ImportError } from './import-error.ts';

/** A delimiter a user gave ("\\t" or "tab" for a tab), or an ImportError naming `file`. */
export function userDelimiter(delimiter: string, file: string): string {
  const d = delimiter === '\\t' || delimiter.toLowerCase() === 'tab' ? '\t' : delimiter;
  if (d.length !== 1 || d === '"' || d === '\r' || d === '\n') {
    throw new ImportError({ file, field: 'delimiter', value: delimiter, expected: 'a single character such as , ; | or a tab' });
  }
  return d;
}

/**
 * The delimiter a first line such as "sep=;" declares (Excel writes and honours it), or
 * undefined. That line is no header; the importer skips it.
 */
export function declaredDelimiter(text: string): string | undefined {
  const match = /^sep=([^\r\n"])(\r\n|\n|\r)/i.exec(text.slice(0, 8));
  return match ? match[1] : undefined;
}

const CANDIDATES = [',', ';', '\t', '|'];
const SAMPLE_CHARS = 64 * 1024;
const SAMPLE_RECORDS = 50;

/**
 * The delimiter of a CSV file from the start of its text: the candidate that splits the first
 * records into the same number of fields, more than one; the most fields wins, and earlier
 * candidates win ties. Without a consistent one, the candidate whose header has the most
 * fields, so that the importer's field-count error points at the odd row.
 */
export function sniffDelimiter(text: string, wholeFile: boolean): string {
  const sample = text.length > SAMPLE_CHARS ? text.slice(0, SAMPLE_CHARS) : text;
  let best = CANDIDATES[0];
  let bestScore = -1;
  for (const candidate of CANDIDATES) {
    const counts: number[] = [];
    const parser = new CsvParser(candidate, (_fields, count) => {
      if (counts.length < SAMPLE_RECORDS) counts.push(count);
    }, 'sample');
    try {
      parser.push(sample);
      // The whole file may end without a line break.
      if (wholeFile && sample.length === text.length) parser.end();
    } catch {
      continue;
    }
    if (counts.length === 0 || counts[0] < 2) continue;
    const consistent = counts.every((c) => c === counts[0]);
    const score = (consistent ? 1e6 : 0) + counts[0];
    if (score > bestScore) {
      best = candidate;
      bestScore = score;
    }
  }
  return best;
}
