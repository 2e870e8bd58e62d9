import { open, type FileHandle } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { ImportError } from './import-error.ts';
import { RATIO_FLOOR_BYTES, type ImportLimits } from './limits.ts';

/**
 * Checks an .xlsx (a zip archive) before exceljs opens it. exceljs inflates whatever the
 * archive holds, so a 1 MB workbook whose sheet inflates to gigabytes would take minutes and
 * unbounded memory before the first row. Reading only the central directory refuses such a bomb
 * at once; one inflate pass that counts (and keeps nothing) then proves the archive holds what
 * its directory says, so a directory that lies about sizes or hides entries fails too.
 */

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_EOCD = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const EOCD_SIZE = 22;
const LOCAL_SIZE = 30;
const CENTRAL_SIZE = 46;
/** Workbooks hold a few dozen parts; tens of thousands is a directory built to exhaust. */
const MAX_ENTRIES = 10_000;
/** Room between entries a data descriptor may take (12 to 24 bytes); a local header needs 30. */
const MAX_GAP = 24;

export interface ZipSummary {
  readonly entries: number;
  /** Sum of the entries' inflated sizes, as checked. */
  readonly uncompressedBytes: number;
}

interface Entry {
  readonly name: string;
  readonly method: number;
  readonly compressed: number;
  readonly uncompressed: number;
  /** Of the local header. */
  readonly offset: number;
}

export async function checkZip(path: string, file: string, limits: ImportLimits): Promise<ZipSummary> {
  const fail = (expected: string, value?: string): ImportError => new ImportError({ file, value, expected });
  const handle = await open(path, 'r');
  try {
    const size = (await handle.stat()).size;
    const { entries, cdOffset } = await readDirectory(handle, size, fail);
    let total = 0;
    for (const entry of entries) {
      if (entry.method !== 0 && entry.method !== 8) throw fail(`an .xlsx whose parts are deflated (zip method 8); "${entry.name}" uses method ${entry.method}`);
      if (entry.method === 0 && entry.compressed !== entry.uncompressed) throw fail(`a zip archive whose directory is consistent; "${entry.name}" is stored with two different sizes`);
      total += entry.uncompressed;
      if (total > limits.maxDecompressedBytes) {
        throw fail(`an .xlsx that unpacks to at most ${mib(limits.maxDecompressedBytes)}; its parts unpack to more (a zip bomb?)`, `${entries.length} parts, ${mib(size)} packed`);
      }
      if (entry.uncompressed > RATIO_FLOOR_BYTES && entry.uncompressed > limits.maxCompressionRatio * entry.compressed) {
        throw fail(
          `an .xlsx whose parts compress at most ${limits.maxCompressionRatio}:1; "${entry.name}" inflates ${Math.round(entry.uncompressed / Math.max(1, entry.compressed))}-fold to ${mib(entry.uncompressed)} (a zip bomb?)`,
          `${mib(entry.compressed)} packed`,
        );
      }
    }
    const dataStarts = await checkLayout(handle, entries, cdOffset, fail);
    for (const entry of entries) if (entry.method === 8) await checkInflatedSize(handle, entry, dataStarts.get(entry)!, fail);
    return { entries: entries.length, uncompressedBytes: total };
  } finally {
    await handle.close();
  }
}

type Fail = (expected: string, value?: string) => ImportError;

const CUT_OFF = 'a complete .xlsx file (an Excel workbook is a zip archive; this one has no end record: was it cut off, or is it another kind of file?)';

async function readDirectory(handle: FileHandle, size: number, fail: Fail): Promise<{ entries: Entry[]; cdOffset: number }> {
  if (size < EOCD_SIZE) throw fail(CUT_OFF);
  // The end record sits in the last 22 bytes plus a comment of up to 65,535.
  const tailSize = Math.min(size, EOCD_SIZE + 0xffff);
  const tail = await readAt(handle, size - tailSize, tailSize);
  let at = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === EOCD) {
      at = i;
      break;
    }
  }
  if (at < 0) throw fail(CUT_OFF);
  const eocdOffset = size - tailSize + at;
  let count = tail.readUInt16LE(at + 10);
  let cdSize = tail.readUInt32LE(at + 12);
  let cdOffset = tail.readUInt32LE(at + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    if (eocdOffset < 20) throw fail(CUT_OFF);
    const locator = await readAt(handle, eocdOffset - 20, 20);
    if (locator.readUInt32LE(0) !== ZIP64_LOCATOR) throw fail('a zip archive whose end record is consistent (zip64 fields without a zip64 record)');
    const record = await readAt(handle, safeNumber(locator.readBigUInt64LE(8), fail), 56);
    if (record.length < 56 || record.readUInt32LE(0) !== ZIP64_EOCD) throw fail('a zip archive whose zip64 end record is where it says');
    count = safeNumber(record.readBigUInt64LE(32), fail);
    cdSize = safeNumber(record.readBigUInt64LE(40), fail);
    cdOffset = safeNumber(record.readBigUInt64LE(48), fail);
  }
  if (count > MAX_ENTRIES) throw fail(`an .xlsx with at most ${MAX_ENTRIES} parts; this archive lists ${count}`);
  if (cdOffset + cdSize > eocdOffset) throw fail(CUT_OFF.replace('has no end record', 'has a damaged directory'));
  const cd = await readAt(handle, cdOffset, cdSize);
  const entries: Entry[] = [];
  let p = 0;
  for (let k = 0; k < count; k++) {
    if (p + CENTRAL_SIZE > cd.length || cd.readUInt32LE(p) !== CENTRAL) throw fail('a zip archive with an intact directory (it is damaged)');
    const method = cd.readUInt16LE(p + 10);
    let compressed = cd.readUInt32LE(p + 20);
    let uncompressed = cd.readUInt32LE(p + 24);
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    let offset = cd.readUInt32LE(p + 42);
    const end = p + CENTRAL_SIZE + nameLength + extraLength + commentLength;
    if (end > cd.length) throw fail('a zip archive with an intact directory (it is damaged)');
    const name = cd.toString('utf8', p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLength);
    // Zip64: the fields that overflowed come, in this order, from the extra field 0x0001.
    let x = p + CENTRAL_SIZE + nameLength;
    const extraEnd = x + extraLength;
    while (x + 4 <= extraEnd) {
      const id = cd.readUInt16LE(x);
      const length = cd.readUInt16LE(x + 2);
      if (id === 0x0001) {
        let y = x + 4;
        const next = (): number => {
          if (y + 8 > x + 4 + length) throw fail('a zip archive with an intact directory (a zip64 field is short)');
          const v = safeNumber(cd.readBigUInt64LE(y), fail);
          y += 8;
          return v;
        };
        if (uncompressed === 0xffffffff) uncompressed = next();
        if (compressed === 0xffffffff) compressed = next();
        if (offset === 0xffffffff) offset = next();
      }
      x += 4 + length;
    }
    entries.push({ name, method, compressed, uncompressed, offset });
    p = end;
  }
  return { entries, cdOffset };
}

/**
 * exceljs reads the archive front to back by its local headers, not by the directory: the
 * entries must follow each other up to the directory with no room for an entry the directory
 * does not list, and none may overlap another. Returns where each entry's data starts.
 */
async function checkLayout(handle: FileHandle, entries: readonly Entry[], cdOffset: number, fail: Fail): Promise<Map<Entry, number>> {
  const byOffset = [...entries].sort((a, b) => a.offset - b.offset);
  const starts = new Map<Entry, number>();
  let expected = 0;
  for (const entry of byOffset) {
    if (entry.offset < expected || entry.offset - expected > MAX_GAP) {
      throw fail(`a zip archive whose entries follow each other; "${entry.name}" ${entry.offset < expected ? 'overlaps the one before' : 'leaves unlisted data before it'}`);
    }
    const header = await readAt(handle, entry.offset, LOCAL_SIZE);
    if (header.length < LOCAL_SIZE || header.readUInt32LE(0) !== LOCAL) throw fail(`a zip archive whose directory points at its entries; "${entry.name}" is not where it says`);
    const dataStart = entry.offset + LOCAL_SIZE + header.readUInt16LE(26) + header.readUInt16LE(28);
    expected = dataStart + entry.compressed;
    if (expected > cdOffset) throw fail(`a zip archive whose entries end before its directory; "${entry.name}" runs into it`);
    starts.set(entry, dataStart);
  }
  if (cdOffset - expected > MAX_GAP) throw fail('a zip archive whose entries follow each other; there is unlisted data before its directory');
  return starts;
}

/** Inflates an entry, keeping nothing, and stops as soon as it yields more than it declared. */
async function checkInflatedSize(handle: FileHandle, entry: Entry, dataStart: number, fail: Fail): Promise<void> {
  const inflate = createInflateRaw();
  let produced = 0;
  const done = new Promise<void>((resolve, reject) => {
    inflate.on('data', (chunk: Buffer) => {
      produced += chunk.length;
      if (produced > entry.uncompressed) {
        inflate.destroy();
        reject(fail(`a zip archive whose directory tells the truth; "${entry.name}" claims ${entry.uncompressed} bytes but inflates to more (a disguised zip bomb?)`));
      }
    });
    inflate.on('end', resolve);
    inflate.on('error', (error) => reject(fail(`an .xlsx that is not damaged; "${entry.name}" does not inflate (${error.message})`)));
  });
  // Awaited below; a refusal that comes while a read is pending must not count as unhandled.
  done.catch(() => undefined);
  const chunk = Buffer.alloc(1 << 16);
  let position = dataStart;
  const end = dataStart + entry.compressed;
  try {
    while (position < end && !inflate.destroyed) {
      const { bytesRead } = await handle.read(chunk, 0, Math.min(chunk.length, end - position), position);
      if (bytesRead === 0) break;
      position += bytesRead;
      // A copy: the inflater may still hold the chunk when the next read reuses the buffer.
      // Waiting for drain keeps at most one chunk's output pending; a refusal ends the wait.
      if (!inflate.write(Buffer.from(chunk.subarray(0, bytesRead)))) await Promise.race([new Promise((resolve) => inflate.once('drain', resolve)), done]);
    }
    if (!inflate.destroyed) inflate.end();
    await done;
  } finally {
    inflate.destroy();
  }
  if (produced !== entry.uncompressed) throw fail(`a zip archive whose directory tells the truth; "${entry.name}" claims ${entry.uncompressed} bytes but inflates to ${produced}`);
}

async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

function safeNumber(value: bigint, fail: Fail): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw fail('a zip archive with sizes a file can have');
  return Number(value);
}

function mib(bytes: number): string {
  return bytes >= 1024 ** 3 ? `${(bytes / 1024 ** 3).toFixed(1)} GiB` : `${(bytes / 1024 ** 2).toFixed(1)} MiB`;
}
