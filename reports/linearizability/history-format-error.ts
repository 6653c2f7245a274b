// The error thrown for a malformed history: names the file (when known), the line and the field.
// Models: a position in JSONL text (1-based line) or in an in-memory event array (index + 1).
// Leaves out: recovery; the first error stops parsing, so messages stay one line.

export class HistoryFormatError extends Error {
  override readonly name = 'HistoryFormatError';

  constructor(
    /** 1-based line number (for in-memory events: the event's index + 1). */
    readonly line: number,
    /** The offending field (`process`, `type`, `f`, `key`, `value`), or `json` for unparsable text. */
    readonly field: string,
    /** What is wrong, without the position. */
    readonly problem: string,
    /** The file name given to the parser, if any. */
    readonly file?: string,
  ) {
    super(`${file ?? 'history'}:${line}: ${field}: ${problem}`);
  }
}

/** Maps an event index to the line number shown in errors. */
export type LineOf = (eventIndex: number) => number;

export const eventNumber: LineOf = (i) => i + 1;
