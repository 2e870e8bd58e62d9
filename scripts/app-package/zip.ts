import { createWriteStream } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import yazl from 'yazl';

/** A fixed time for every entry: the same inputs give the same zip, byte for byte. */
const ENTRY_TIME = new Date(Date.UTC(2020, 0, 1));

export async function writeZip(path: string, files: ReadonlyMap<string, Buffer>): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const [name, data] of [...files].sort(([a], [b]) => a.localeCompare(b))) zip.addBuffer(data, name, { mtime: ENTRY_TIME, mode: 0o100644 });
  zip.end();
  await new Promise<void>((resolve, reject) => {
    const out = createWriteStream(path);
    out.on('close', resolve);
    out.on('error', reject);
    zip.outputStream.on('error', reject).pipe(out);
  });
}

/**
 * The files of a zip, read through its central directory (stored or deflated entries, no
 * zip64): what Teams reads when the package is uploaded, so checks see the same thing.
 */
export function readZip(zip: Buffer): Map<string, Buffer> {
  let end = zip.length - 22;
  while (end >= 0 && zip.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip file: no end of central directory');
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const files = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('corrupt zip central directory');
    const method = zip.readUInt16LE(at + 10);
    const compressed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.toString('utf8', at + 46, at + 46 + nameLength);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const data = zip.subarray(dataAt, dataAt + compressed);
    if (method !== 0 && method !== 8) throw new Error(`zip entry ${name} uses compression method ${method}`);
    files.set(name, method === 8 ? inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return files;
}
