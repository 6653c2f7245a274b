// What a client asks of a database, and what one attempt at it returned.
// Models: reads (with a consistency level) and writes of unique integer values to string keys;
// an attempt's result is ok, or an error that says whether the request may have been applied.
// A query (`index`) is a read served from a secondary index (DynamoDB's GSI).
// Leaves out: multi-key transactions and compare-and-set (the register model is read/write).

export type OpKind = 'read' | 'write';
export type Consistency = 'strong' | 'eventual';

export interface Operation {
  readonly id: number;
  readonly kind: OpKind;
  readonly keyIndex: number;
  readonly key: string;
  /** The value a write writes (unique per run); null for reads. */
  readonly value: number | null;
  readonly consistency: Consistency;
  readonly sizeBytes: number;
  readonly clientIndex: number;
  /**
   * A query by index key (mix `query`): an eventual read of a secondary index's copy of the key,
   * not a read of the base key, so the consistency checks and stale-read figure leave it out.
   * Absent (false) for every other operation.
   */
  readonly index?: boolean;
  process: number;
  invokeUs: number;
}

export type AttemptResult =
  | { ok: true; value: number | null }
  /** final: a refusal retrying cannot change (a client error such as a full item collection): no retry. */
  | { ok: false; error: string; maybeApplied: boolean; final?: boolean };

/** One try at an operation. The driver marks it sent when the request leaves the client. */
export class Attempt {
  /** The request left the client: from now on a lost reply leaves the outcome unknown. */
  sent = false;
  /** The client stopped listening (result reported, or it timed out). */
  finished = false;
  /** Driver scratch space (the connection it used, ...). */
  scratch: unknown = undefined;
  /** When the client stops waiting for it (set by the client's timeout queue). */
  deadlineUs = 0;

  constructor(
    readonly op: Operation,
    readonly number: number,
    private readonly onResult: (a: Attempt, r: AttemptResult) => void,
  ) {}

  /** Reports the attempt's result to the client; ignored once the client has given up. */
  finish(r: AttemptResult): void {
    if (this.finished) return;
    this.finished = true;
    this.onResult(this, r);
  }
}

/** The client side of an engine: routes an attempt to the right server and reports its result. */
export interface Driver {
  start(a: Attempt): void;
  /** The client timed out waiting; release what the attempt holds (close a suspect connection). */
  abandon(a: Attempt): void;
}
