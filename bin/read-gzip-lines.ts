// Reads a gzip-compressed text file (history.jsonl.gz) line by line, decompressing as it reads,
// so that neither the compressed nor the decompressed text is ever held whole. Lines as
// bin/read-lines.ts gives them: split at "\n", 1-based numbers, a last line without "\n" included.
// Models: files of one or several gzip members (zlib reads them as one stream). Leaves out: other
// compressions, and reading without the event loop (zlib's streaming API is asynchronous).

import fs from 'node:fs';
import zlib from 'node:zlib';
import { LineTooLongError, MAX_LINE_BYTES, NotRegularFileError } from './read-lines.ts';

/** Whether `file` starts with gzip's magic bytes (1f 8b), which no JSON text does. */
export function isGzipFile(file: string): boolean {
  const fd = fs.openSync(file, 'r');
  try {
    const head = Buffer.alloc(2);
    return fs.readSync(fd, head, 0, 2, 0) === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    fs.closeSync(fd);
  }
}

export class GzipDataError extends Error {
  override readonly name = 'GzipDataError';
}

/** Calls `onLine(text, lineNumber)` for each line of the decompressed `file`. */
export async function forEachGzipLine(file: string, onLine: (text: string, line: number) => void, maxLineBytes = MAX_LINE_BYTES): Promise<void> {
  if (!fs.statSync(file).isFile()) throw new NotRegularFileError('not a regular file');
  const gunzip = zlib.createGunzip({ chunkSize: 1 << 20 });
  const input = fs.createReadStream(file, { highWaterMark: 1 << 20 });
  input.on('error', (e) => gunzip.destroy(e));
  input.pipe(gunzip);
  // Invariant: `carried` is the start of a line not yet ended (no "\n" in it).
  let carried: Buffer[] = [];
  let carriedBytes = 0;
  let line = 1;
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
        const piece = chunk.subarray(start, nl);
        onLine(carriedBytes === 0 ? piece.toString('utf8') : Buffer.concat([...carried, piece]).toString('utf8'), line++);
        carried = [];
        carriedBytes = 0;
        start = nl + 1;
      }
      if (start < chunk.length) {
        carried.push(chunk.subarray(start));
        carriedBytes += chunk.length - start;
        if (carriedBytes > maxLineBytes) throw new LineTooLongError(line, maxLineBytes);
      }
    }
  } catch (e) {
    input.destroy();
    const code = (e as NodeJS.ErrnoException).code;
    if (typeof code === 'string' && code.startsWith('Z_')) throw new GzipDataError(`not a readable gzip file (${code}: ${(e as Error).message})`);
    throw e;
  }
  if (carriedBytes > 0) onLine(Buffer.concat(carried).toString('utf8'), line);
}
