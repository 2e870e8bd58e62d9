import { createWriteStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import { HttpProblem } from './problem.ts';

/**
 * Streams a request body to `path`, refusing more than `maxBytes` (413, before reading when
 * Content-Length says so). Nothing is held in memory; a partial file is removed.
 */
export async function receiveUpload(req: Request, path: string, maxBytes: number): Promise<number> {
  const declared = req.get('content-length');
  const chunked = /chunked/i.test(req.get('transfer-encoding') ?? '');
  if (declared === undefined && !chunked) throw new HttpProblem(411, 'length-required', 'Length required', 'Send the file with a Content-Length or chunked.');
  if (declared !== undefined && Number(declared) > maxBytes) throw tooLarge(maxBytes);
  if (declared !== undefined && Number(declared) === 0) throw new HttpProblem(400, 'empty-upload', 'Empty upload', 'The request body (the file) is empty.');
  let bytes = 0;
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > maxBytes) callback(tooLarge(maxBytes));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(req, limit, createWriteStream(path, { flags: 'wx' }));
  } catch (error) {
    await unlink(path).catch(() => undefined);
    if (error instanceof HttpProblem) throw error;
    throw new HttpProblem(400, 'upload-interrupted', 'Upload interrupted', 'The upload ended before the whole file arrived.');
  }
  if (bytes === 0) {
    await unlink(path).catch(() => undefined);
    throw new HttpProblem(400, 'empty-upload', 'Empty upload', 'The request body (the file) is empty.');
  }
  return bytes;
}

function tooLarge(maxBytes: number): HttpProblem {
  return new HttpProblem(413, 'too-large', 'File too large', `Uploads are limited to ${Math.floor(maxBytes / (1024 * 1024))} MiB.`);
}
