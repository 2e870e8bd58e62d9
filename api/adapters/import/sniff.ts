import { CsvParser } from './csv-parser.ts';

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
