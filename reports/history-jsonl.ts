// One history event as a JSONL line, in the event format of shared/histories/README.md
// (process, type, f, key, value) plus Faultline's fields: time_us, index, client, and on
// completions the attempts made and, for fail and info, the error.
//
// HistoryJsonlWriter writes the lines in blocks: each line is encoded straight into a 1 MiB
// buffer, and the buffer goes to the file whole, so a run makes no array of line strings, no
// joined copy of them and one write call per megabyte. (Formatting into bytes by hand, without
// the line string, measured no faster on Node 20: V8's template strings are cheap, the per-byte
// stores of a hand formatter are not.)
// Invariant: the blocks, concatenated, are the UTF-8 of historyLine of each event in order.

import type { HistoryEvent } from '../sim/history.ts';

export function historyLine(e: HistoryEvent, clientName: string): string {
  const op = e.op;
  const value = e.value === null ? 'null' : String(e.value);
  let line = `{"process":${op.process},"type":"${e.type}","f":"${op.kind}","key":"${op.key}","value":${value},"time_us":${e.timeUs},"index":${e.index},"client":"${clientName}"`;
  if (op.kind === 'read') line += `,"consistency":"${op.consistency}"`;
  // A query by index key (an extra field: a checker reading the file sees an eventual read).
  if (op.index === true) line += ',"query":true';
  if (e.attempts !== undefined) line += `,"attempts":${e.attempts}`;
  if (e.error !== undefined) line += `,"error":${JSON.stringify(e.error)}`;
  return line + '}\n';
}

/** Bytes handed on at a time (a longer line, a huge error text, gets a block of its own). */
export const HISTORY_BLOCK_BYTES = 1 << 20;

/** Writes history events as JSONL in blocks of bytes given to `out`; each block ends at a line's end. */
export class HistoryJsonlWriter {
  private buf = Buffer.allocUnsafe(HISTORY_BLOCK_BYTES);
  private at = 0;

  constructor(private readonly out: (bytes: Uint8Array) => void) {}

  write(e: HistoryEvent, clientName: string): void {
    const line = historyLine(e, clientName);
    // A UTF-16 code unit takes at most 3 bytes of UTF-8, so the line fits when this holds.
    const most = 3 * line.length;
    if (this.at + most > this.buf.length) {
      this.flush();
      if (most > this.buf.length) this.buf = Buffer.allocUnsafe(most);
    }
    this.at += this.buf.write(line, this.at, 'utf8');
  }

  /** Hands on what is buffered (at the end of the run, or when the buffer is full). */
  flush(): void {
    if (this.at === 0) return;
    this.out(this.buf.subarray(0, this.at));
    // A new buffer: `out` may keep the block it was given.
    this.buf = Buffer.allocUnsafe(HISTORY_BLOCK_BYTES);
    this.at = 0;
  }
}
