import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { finished, pipeline } from 'node:stream/promises';
import type { Writable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { CASE_COLUMNS, Column } from '../../engine/domain/columns.ts';
import { isTimeColumn } from './csv-writer.ts';
import type { EventRecord } from './event-record.ts';

export interface XesWriteOptions {
  /** Gzip the output; also on when the path ends with .gz. */
  readonly gzip?: boolean;
}

const HEADER = `<?xml version="1.0" encoding="UTF-8"?>
<log xes.version="1849-2016" xes.features="nested-attributes" xmlns="http://www.xes-standard.org/">
\t<extension name="Concept" prefix="concept" uri="http://www.xes-standard.org/concept.xesext"/>
\t<extension name="Time" prefix="time" uri="http://www.xes-standard.org/time.xesext"/>
\t<extension name="Lifecycle" prefix="lifecycle" uri="http://www.xes-standard.org/lifecycle.xesext"/>
\t<extension name="Organizational" prefix="org" uri="http://www.xes-standard.org/org.xesext"/>
\t<global scope="trace">
\t\t<string key="concept:name" value="__INVALID__"/>
\t</global>
\t<global scope="event">
\t\t<string key="concept:name" value="__INVALID__"/>
\t\t<date key="time:timestamp" value="1970-01-01T00:00:00.000Z"/>
\t</global>
\t<classifier name="Activity" keys="concept:name"/>
`;

const FLUSH_CHARS = 1 << 20;
const SKIPPED_KEYS = new Set<string>([Column.InvoiceNumber, Column.ActivityName, Column.EventTime]);

/**
 * Streams records to an XES (IEEE 1849) file, one trace per run of consecutive records with the
 * same InvoiceNumber. The template's case columns become trace attributes, taken from the
 * case's first record; a later record that differs keeps its own value as an event attribute.
 * Writes `${path}.partial` and renames it at the end, so a failure never leaves a
 * half-written file under the target name. Returns the number of events written.
 */
export async function writeXes(records: Iterable<EventRecord>, path: string, options: XesWriteOptions = {}): Promise<number> {
  const iterator = records[Symbol.iterator]();
  const first = iterator.next();
  // The "as of" instant belongs to the log; the importer reads it back from there.
  const asOf = first.done ? undefined : first.value[Column.LastDataUpdate];
  const logAsOf = typeof asOf === 'number' && Number.isFinite(asOf) ? asOf : undefined;

  const tmp = `${path}.partial`;
  const file = createWriteStream(tmp, { highWaterMark: 1 << 20 });
  const zip = options.gzip || path.endsWith('.gz') ? createGzip({ level: 6, chunkSize: 1 << 16 }) : undefined;
  const head: Writable = zip ?? file;
  // Observed from the start, so a failing disk rejects this instead of crashing the process.
  const done = zip ? pipeline(zip, file) : finished(file);
  done.catch(() => {});

  let buffer = HEADER;
  if (logAsOf !== undefined) buffer += `\t${attribute(Column.LastDataUpdate, logAsOf)}\n`;
  let count = 0;
  let caseId: string | undefined;
  const traceValues = new Map<string, string | number>();
  const flush = async (): Promise<void> => {
    const ok = head.write(buffer);
    buffer = '';
    if (!ok) await Promise.race([once(head, 'drain'), done]);
  };

  try {
    for (let r = first; !r.done; r = iterator.next()) {
      const record = r.value;
      if (record.InvoiceNumber !== caseId) {
        if (caseId !== undefined) buffer += '\t</trace>\n';
        caseId = record.InvoiceNumber;
        buffer += `\t<trace>\n\t\t<string key="concept:name" value="${escapeXml(String(caseId))}"/>\n`;
        traceValues.clear();
        for (const name of CASE_COLUMNS.keys()) {
          const value = record[name];
          if (value === null || value === undefined) continue;
          const xml = attribute(name, value);
          if (xml === '') continue;
          traceValues.set(name, value);
          buffer += `\t\t${xml}\n`;
        }
      }
      buffer += eventXml(record, traceValues, logAsOf);
      count++;
      if (buffer.length > FLUSH_CHARS) await flush();
    }
    if (caseId !== undefined) buffer += '\t</trace>\n';
    buffer += '</log>\n';
    head.end(buffer);
    await done;
    await rename(tmp, path);
  } catch (error) {
    head.destroy();
    file.destroy();
    await rm(tmp, { force: true });
    throw error;
  }
  return count;
}

function eventXml(record: EventRecord, traceValues: ReadonlyMap<string, string | number>, logAsOf: number | undefined): string {
  const time = record.EventTime;
  if (typeof time !== 'number' || !Number.isFinite(time)) {
    throw new Error(`XES needs a time on every event; invoice "${record.InvoiceNumber}" has an event without one`);
  }
  let xml = `\t\t<event>\n\t\t\t<string key="concept:name" value="${escapeXml(String(record.ActivityName))}"/>\n`;
  xml += `\t\t\t<date key="time:timestamp" value="${new Date(time).toISOString()}"/>\n`;
  for (const key in record) {
    if (SKIPPED_KEYS.has(key)) continue;
    const value = record[key];
    if (value === null || value === undefined) continue;
    if (traceValues.get(key) === value) continue;
    if (key === Column.LastDataUpdate && value === logAsOf) continue;
    const a = attribute(key, value);
    if (a !== '') xml += `\t\t\t${a}\n`;
  }
  return `${xml}\t\t</event>\n`;
}

/** One typed XES attribute element; '' for a value XES cannot hold (NaN, an invalid date). */
function attribute(key: string, value: string | number): string {
  const k = escapeXml(key);
  if (typeof value !== 'number') return `<string key="${k}" value="${escapeXml(value)}"/>`;
  if (Number.isNaN(value)) return '';
  if (isTimeColumn(key)) {
    return Number.isFinite(value) ? `<date key="${k}" value="${new Date(value).toISOString()}"/>` : '';
  }
  if (Number.isSafeInteger(value)) return `<int key="${k}" value="${value}"/>`;
  const text = value === Number.POSITIVE_INFINITY ? 'INF' : value === Number.NEGATIVE_INFINITY ? '-INF' : String(value);
  return `<float key="${k}" value="${text}"/>`;
}

// Tabs and line breaks are escaped too: a parser normalises them to spaces inside attribute
// values. Other C0 controls cannot appear in XML 1.0 at all and become U+FFFD.
const NEEDS_ESCAPE = /[&<>"\u0000-\u001f]/;
const ESCAPED = /[&<>"\u0000-\u001f]/g;

function escapeXml(text: string): string {
  return NEEDS_ESCAPE.test(text) ? text.replace(ESCAPED, escapeChar) : text;
}

function escapeChar(c: string): string {
  switch (c) {
    case '&':
      return '&amp;';
    case '<':
      return '&lt;';
    case '>':
      return '&gt;';
    case '"':
      return '&quot;';
    case '\t':
      return '&#9;';
    case '\n':
      return '&#10;';
    case '\r':
      return '&#13;';
    default:
      return '\uFFFD';
  }
}
