// A change record: one committed (or to-be-committed) write in a database's log.
// Entries are shared by reference between the logs of instances that hold them; a log is an
// array whose index i holds the entry with LSN i + 1. Two instances that diverged (an old writer
// that kept taking writes after a new one was promoted) hold different entries at one LSN.

export interface LogEntry {
  readonly lsn: number;
  /** The writer generation that created it; bumped by every promotion. */
  readonly epoch: number;
  /**
   * The replication stream that created it (a serial per stream: a writer that restarts in the
   * same epoch starts a new one). Logs that hold the same origin at an LSN hold the same record.
   */
  readonly origin: number;
  readonly keyIndex: number;
  readonly value: number;
  readonly bytes: number;
  /** When the writer acknowledged it (-1 until then). */
  commitUs: number;
}

/** Bytes a change record adds to a replication stream beyond the value itself. */
export const RECORD_OVERHEAD_BYTES = 100;
/** Bytes of a request or reply header between client and server. */
export const REQUEST_OVERHEAD_BYTES = 80;
