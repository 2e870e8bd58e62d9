import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';

/** An input file as a byte stream, decompressed when it is gzip. */
export interface Input {
  /** The file's content (decompressed). */
  readonly stream: Readable;
  readonly gzip: boolean;
  /** Size of the file on disk. */
  readonly totalBytes: number;
  /** Bytes of the file on disk read so far: progress of a compressed file is measured in its own bytes. */
  bytesRead(): number;
  /** Compressed bytes the decompressor has consumed (bytesRead runs a read-ahead in front of it). */
  bytesInflated(): number;
  /** Releases the file; safe to call more than once. */
  close(): void;
}

/**
 * Opens a file for streaming. Gzip is recognised by its magic bytes (1f 8b), not by the
 * name, so a renamed or extension-less export still reads.
 */
export async function openInput(path: string, highWaterMark = 1 << 20): Promise<Input> {
  const handle = await open(path, 'r');
  let gzip = false;
  let totalBytes = 0;
  try {
    totalBytes = (await handle.stat()).size;
    const magic = Buffer.alloc(2);
    const { bytesRead } = await handle.read(magic, 0, 2, 0);
    gzip = bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b;
  } catch (error) {
    await handle.close();
    throw error;
  }
  // The same handle, so the file checked is the file read.
  const source = handle.createReadStream({ start: 0, highWaterMark });
  let stream: Readable = source;
  let consumed = () => source.bytesRead;
  if (gzip) {
    const gunzip = createGunzip({ chunkSize: highWaterMark });
    consumed = () => gunzip.bytesWritten;
    // pipe() does not forward errors; a read error must still end the consumer's loop.
    source.on('error', (error) => gunzip.destroy(error));
    stream = source.pipe(gunzip);
  }
  return {
    stream,
    gzip,
    totalBytes,
    bytesRead: () => source.bytesRead,
    bytesInflated: () => consumed(),
    close: () => {
      stream.destroy();
      source.destroy();
    },
  };
}
