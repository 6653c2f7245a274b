// Reads a text file line by line in fixed-size chunks, so that a file of any size can be
// processed without holding its text as one string (V8 refuses strings near 512 MiB:
// ERR_STRING_TOO_LONG). Lines end with "\n" (a "\r" before it is left to the caller to trim).
// Models: synchronous reads into one reused buffer; a line split across chunks is carried over.
// Leaves out: other encodings than UTF-8, and files that are not regular files (refused before
// opening: opening a FIFO would block until a writer appears).

import fs from 'node:fs';

/** Bytes read per call: large enough that the system call count does not matter. */
export const CHUNK_BYTES = 4 * 1024 * 1024;
/** The longest line accepted (a history event is a few hundred bytes). */
export const MAX_LINE_BYTES = 64 * 1024 * 1024;

export class LineTooLongError extends Error {
  override readonly name = 'LineTooLongError';
  constructor(
    readonly line: number,
    limitBytes: number,
  ) {
    super(`line ${line} is longer than ${limitBytes >= 1024 * 1024 ? `${limitBytes / (1024 * 1024)} MiB` : `${limitBytes} bytes`}`);
  }
}

export class NotRegularFileError extends Error {
  override readonly name = 'NotRegularFileError';
}

/**
 * Calls `onLine(text, lineNumber)` for each line of `file` (1-based; a last line without "\n"
 * included). Throws NotRegularFileError for anything but a regular file, LineTooLongError,
 * or the system error (with its `code`) when the file cannot be read.
 */
export function forEachLine(file: string, onLine: (text: string, line: number) => void, chunkBytes = CHUNK_BYTES, maxLineBytes = MAX_LINE_BYTES): void {
  if (!fs.statSync(file).isFile()) throw new NotRegularFileError('not a regular file');
  const fd = fs.openSync(file, 'r');
  try {
    let buffer = Buffer.allocUnsafe(chunkBytes);
    // Invariant: buffer[0 .. carried) is the start of a line not yet ended.
    let carried = 0;
    let line = 1;
    for (;;) {
      if (carried === buffer.length) {
        if (buffer.length >= maxLineBytes) throw new LineTooLongError(line, maxLineBytes);
        const grown = Buffer.allocUnsafe(Math.min(buffer.length * 2, maxLineBytes));
        buffer.copy(grown, 0, 0, carried);
        buffer = grown;
      }
      const read = fs.readSync(fd, buffer, carried, buffer.length - carried, null);
      const end = carried + read;
      let start = 0;
      // Search only the new bytes for "\n": the carried ones have none.
      for (let nl = buffer.indexOf(0x0a, carried); nl !== -1 && nl < end; nl = buffer.indexOf(0x0a, start)) {
        onLine(buffer.toString('utf8', start, nl), line++);
        start = nl + 1;
      }
      if (read === 0) {
        if (start < end) onLine(buffer.toString('utf8', start, end), line);
        return;
      }
      // Move the unfinished line to the front (a multi-byte character split by the chunk
      // boundary stays whole, since lines are decoded only once complete).
      buffer.copy(buffer, 0, start, end);
      carried = end - start;
    }
  } finally {
    fs.closeSync(fd);
  }
}
