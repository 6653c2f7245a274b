// Says which anomaly a linearizability violation is, in the words a design review uses: a stale
// read, a lost write, a retried write applied twice, a read of a value never written (or of a
// failed write), or an eventually consistent read (expected). Judged from the history alone (the
// failing key's operations and the failing window), as the checker is; what each op was
// (attempts made, consistency asked for, client) comes from the history's fields via `facts`.
// Models: a register whose writes write distinct values (the simulator's histories), where every
// value names the write that produced it, so "older" and "newer" follow from real time:
//   v precedes x  when v is the initial value, or some op of v other than the read judged (its
//   write, or a read that returned it) completed before some op of x was invoked;
//   a read R of v is stale when v precedes x and an op of x completed before R was invoked.
// The newer values R missed "survive" when a read invoked after the first stale read of v
// returns one whose write was not retried. Then, in this order:
//   R asked for eventual consistency                       -> eventual-read (allowed);
//   v's write was retried, the newer values did not survive, and a client other than v's
//   writer read v back                                     -> duplicate-apply (a late attempt);
//   only v's writer's client read v back, and a partition
//   was in effect between v's write and the newer value
//   (always assumed when the run's partitions are unknown) -> stale-read (its side of a split);
//   the newer values did not survive                       -> lost-write;
//   otherwise                                              -> stale-read (answered from behind).
// A duplicate apply makes a cycle (1, then 2, then 1 again) in which either value's reads look
// stale, so the read of a retried value is blamed first.
// Leaves out: kv (append) histories, cas chains and histories with repeated values, which get
// `unexplained` with the window as the evidence; and the engine's surviving values (lost_writes
// counts those): "lost" here means no later read saw the write.

import { describeOp, factsFromEvents, opName } from './anomaly-words.ts';
import type { OpFacts } from './anomaly-words.ts';
import { pairOperations } from './pair-operations.ts';
import type { HistoryEvent, Operation, Violation } from './types.ts';

export type { OpFacts } from './anomaly-words.ts';

export type AnomalyLabel = 'stale-read' | 'lost-write' | 'duplicate-apply' | 'value-never-written' | 'failed-write-applied' | 'eventual-read' | 'unexplained';

export interface Anomaly {
  /** The short label summary.csv's `anomaly` column holds. */
  readonly label: AnomalyLabel;
  /** A paragraph in words: the anomaly, the ops involved (#n = event position, 1-based), clients, times, values. */
  readonly text: string;
  /** The ops the paragraph names, the anomalous read first. */
  readonly ops: readonly Operation[];
}

export interface ExplainInput {
  /** Every operation of the failing key, in invocation order. */
  readonly keyOps: readonly Operation[];
  readonly violation: Pick<Violation, 'key' | 'ops'>;
  /** Attempts, consistency and client of an op, when the history carries them. */
  readonly facts?: (op: Operation) => OpFacts | undefined;
  /** The register's value before any write (null in Faultline's histories). */
  readonly initialValue?: unknown;
  /** When partitions were in effect (from, to), if known; a bare history leaves it out. */
  readonly splitsUs?: SplitsUs;
}

/** Time windows (us) in which a partition was in effect. */
export type SplitsUs = readonly (readonly [number, number])[];

/** Map key for a value: primitives as they are, others by their JSON. */
const valueKey = (v: unknown): unknown => (typeof v === 'object' && v !== null ? `json:${JSON.stringify(v)}` : v);

const isDefinite = (op: Operation): boolean => op.status === 'ok';

/** What a register op may have written (undefined for reads and failed writes: they had no effect). */
function written(op: Operation): unknown {
  if (op.status === 'fail') return undefined;
  if (op.f === 'write') return op.input;
  if (op.f === 'cas') return (op.input as unknown[])[1];
  return undefined;
}

/** Everything known about one value of the key. */
interface ValueOps {
  readonly value: unknown;
  /** Writes of it that did not fail. */
  readonly writers: Operation[];
  readonly failedWriters: Operation[];
  /** The two earliest completions among its definite ops (so one op can be left out). */
  firstDone: [Operation | null, Operation | null];
  /** Invariant: the latest invocation among its ops that did not fail (-1 when none). */
  latestInvoke: number;
}

function indexValues(keyOps: readonly Operation[]): Map<unknown, ValueOps> {
  const values = new Map<unknown, ValueOps>();
  const of = (v: unknown): ValueOps => {
    const k = valueKey(v);
    let e = values.get(k);
    if (e === undefined) values.set(k, (e = { value: v, writers: [], failedWriters: [], firstDone: [null, null], latestInvoke: -1 }));
    return e;
  };
  const done = (e: ValueOps, op: Operation): void => {
    const [a, b] = e.firstDone;
    if (a === null || op.completeIndex < a.completeIndex) e.firstDone = [op, a];
    else if (b === null || op.completeIndex < b.completeIndex) e.firstDone = [a, op];
  };
  for (const op of keyOps) {
    if (op.f === 'write' && op.status === 'fail') of(op.input).failedWriters.push(op);
    const w = written(op);
    if (w !== undefined) {
      const e = of(w);
      e.writers.push(op);
      e.latestInvoke = Math.max(e.latestInvoke, op.invokeIndex);
      if (isDefinite(op)) done(e, op);
    } else if (op.f === 'read' && op.status === 'ok') {
      const e = of(op.output);
      e.latestInvoke = Math.max(e.latestInvoke, op.invokeIndex);
      done(e, op);
    }
  }
  return values;
}

/** The earliest definite op of the value other than `except` (null when none). */
function firstDoneExcept(e: ValueOps, except: Operation): Operation | null {
  const [a, b] = e.firstDone;
  return a === except ? b : a;
}

/** What a stale read should have seen: one newer value, and the op that proves it was there. */
interface Newer {
  readonly value: ValueOps;
  /** The order comes from the writes alone (v's write acknowledged before x's was invoked, or v initial). */
  readonly byWrites: boolean;
  /** An op of the newer value that completed before the read was invoked (its write, if acknowledged then). */
  readonly seenBy: Operation;
}

/** The newer values a read of `v` missed (empty when the read is not provably stale), newest acknowledgement first. */
function missedValues(read: Operation, v: ValueOps | undefined, values: Map<unknown, ValueOps>, initial: unknown): Newer[] {
  const isInitial = valueKey(read.output) === valueKey(initial);
  const vDone = v === undefined ? null : firstDoneExcept(v, read);
  if (!isInitial && vDone === null) return [];
  const out: Newer[] = [];
  for (const x of values.values()) {
    if (x === v || valueKey(x.value) === valueKey(initial)) continue;
    // v precedes x: an op of v completed before an op of x was invoked.
    if (!isInitial && !(x.latestInvoke > vDone!.completeIndex)) continue;
    // Prefer the acknowledged write as the proof that x was there before the read.
    const ackedWrite = x.writers.filter((w) => isDefinite(w) && w.completeIndex < read.invokeIndex).at(-1);
    const seen = x.firstDone[0];
    const seenBy = ackedWrite ?? (seen !== null && seen.completeIndex < read.invokeIndex ? seen : null);
    if (seenBy === null) continue;
    const byWrites = isInitial || v!.writers.some((w) => isDefinite(w) && x.writers.some((xw) => w.completeIndex < xw.invokeIndex));
    out.push({ value: x, byWrites, seenBy });
  }
  return out.sort((a, b) => Number(b.byWrites) - Number(a.byWrites) || b.seenBy.completeIndex - a.seenBy.completeIndex);
}

const TIMEOUT_NOTE =
  'The real services can do this: RDS, Aurora and Redis requests carry no request id, and a DynamoDB PutItem has no idempotency token, ' +
  'so a server cannot tell a retry from a new write, and an attempt the client gave up on may still commit (see docs/retries.md).';

export function explainAnomaly(input: ExplainInput): Anomaly {
  const facts = input.facts ?? (() => undefined);
  const initial = input.initialValue ?? null;
  const say = (op: Operation): string => describeOp(op, facts(op));
  const where = input.violation.key === null ? 'the register' : `key ${JSON.stringify(input.violation.key)}`;
  const unexplained = (why: string): Anomaly => ({ label: 'unexplained', text: `On ${where}: ${why} The operations below show the violation.`, ops: input.violation.ops });
  if (input.keyOps.some((op) => op.f === 'get' || op.f === 'put' || op.f === 'append')) return unexplained('no single read explains a kv-append violation in words.');
  const values = indexValues(input.keyOps);
  const reads = input.violation.ops.filter((op) => op.f === 'read' && op.status === 'ok');

  // A value nobody wrote (or whose every write failed) is the plainest anomaly: report it first.
  for (const r of reads) {
    if (valueKey(r.output) === valueKey(initial)) continue;
    const v = values.get(valueKey(r.output));
    if (v !== undefined && v.writers.length > 0) continue;
    const failed = v?.failedWriters ?? [];
    if (failed.length === 0) {
      return { label: 'value-never-written', text: `Value never written, on ${where}: ${say(r)}, a value no operation of this key wrote (nor tried to), so no order of the operations explains it.`, ops: [r] };
    }
    const w = failed[0];
    const attempts = facts(w)?.attempts ?? 1;
    // `fail` says no attempt can have taken effect (a timed-out attempt would make it `info`), so
    // some attempt was refused in words but applied in fact.
    const how = attempts > 1 ? ` One of its ${attempts} attempts took effect although every one was reported as refused.` : ' It took effect although it was reported as refused.';
    return { label: 'failed-write-applied', text: `Failed write applied, on ${where}: ${say(r)}, the value of ${say(w)}, which the client was told failed.${how}`, ops: [r, w] };
  }

  // The stale read to blame. A duplicate apply makes a cycle (1, then 2, then 1 again) in which
  // the evidence blames a read of either value: prefer the value whose write was retried (it is
  // the one that came back), then an order the writes alone prove, then the first read.
  const retried = (v: ValueOps | undefined): boolean => v !== undefined && v.writers.some((w) => (facts(w)?.attempts ?? 1) > 1);
  let culprit: { r: Operation; v: ValueOps | undefined; missed: Newer[]; score: number } | undefined;
  for (const r of reads) {
    const v = values.get(valueKey(r.output));
    const missed = missedValues(r, v, values, initial);
    if (missed.length === 0) continue;
    const score = (retried(v) ? 2 : 0) + (missed[0].byWrites ? 1 : 0);
    if (culprit === undefined || score > culprit.score) culprit = { r, v, missed, score };
  }
  if (culprit !== undefined) {
    const { r, v, missed } = culprit;
    const newest = missed[0];
    const vWriter = v?.writers.find((w) => (facts(w)?.attempts ?? 1) > 1) ?? v?.writers[0];
    const older = vWriter === undefined ? 'the initial value (nothing written yet)' : `written by ${say(vWriter)}`;
    const proof = newest.seenBy.f === 'read' ? `${newest.seenBy.f} ${opName(newest.seenBy, facts(newest.seenBy))} had returned it` : `${say(newest.seenBy)} ended`;
    const core = `${say(r)}, ${older}; but a newer value, ${JSON.stringify(newest.value.value)}, was already there: ${proof} before that read began`;
    const involved = [r, newest.seenBy, ...(vWriter === undefined ? [] : [vWriter])];
    if (facts(r)?.consistency === 'eventual') {
      return { label: 'eventual-read', text: `Eventually consistent read (expected), on ${where}: ${core}. The read asked for eventual consistency, which allows an older value; the history is not linearizable because the check counts every read, but nothing went wrong.`, ops: involved };
    }
    // Did the newer values survive? Look after the first read of v that missed them (the window
    // may hold a later one), so reads before the loss do not count as survival.
    const okRead = (op: Operation): boolean => op.f === 'read' && op.status === 'ok';
    const first = input.keyOps.find((op) => okRead(op) && valueKey(op.output) === valueKey(r.output) && op.invokeIndex > newest.seenBy.completeIndex) ?? r;
    // A missed value read again counts as survival unless its own write was retried: then its
    // return may be a late apply too (two retried writes can take turns coming back).
    const missedKeys = new Set(missed.filter((m) => !retried(m.value)).map((m) => valueKey(m.value.value)));
    const later = input.keyOps.find((op) => okRead(op) && op.invokeIndex > first.invokeIndex && missedKeys.has(valueKey(op.output)));
    const attempts = vWriter === undefined ? 1 : (facts(vWriter)?.attempts ?? 1);
    // Only the writer's own client read v back once the newer value was there: a node on its
    // side of a split that missed the newer write answered it, which a late retry cannot explain
    // better (the swarm treats duplicate-apply as the services' behaviour: keep it conservative).
    const writerClient = vWriter === undefined ? undefined : facts(vWriter)?.client;
    const rereads = input.keyOps.filter((op) => okRead(op) && valueKey(op.output) === valueKey(r.output) && op.invokeIndex > newest.seenBy.completeIndex);
    // A side needs a split: when the run's partitions are known, one must have been in effect
    // from v's write until the newer value was seen (the node that answered missed the newer
    // write because it was cut off then; no partition, no side to be cut off on).
    const fromUs = vWriter?.invokeTimeUs ?? -Infinity;
    const toUs = newest.seenBy.completeTimeUs ?? Infinity;
    const couldSplit = input.splitsUs === undefined || input.splitsUs.some(([a, b]) => a <= toUs && b >= fromUs);
    const ownSide = couldSplit && writerClient !== undefined && rereads.every((op) => facts(op)?.client === writerClient);
    // A late attempt overwrote the newer values: like a lost write, nothing reads them again.
    if (attempts > 1 && later === undefined && !ownSide) {
      return {
        label: 'duplicate-apply',
        text: `Retried write applied twice, on ${where}: ${core}. That write took ${attempts} attempts: an earlier attempt the client had given up on took effect late, after the newer write, so its value came back. ${TIMEOUT_NOTE}`,
        ops: involved,
      };
    }
    if (later === undefined && input.keyOps.some((op) => okRead(op) && op.invokeIndex > first.invokeIndex)) {
      const lost = missed.filter((m) => m.seenBy.f !== 'read').length;
      const count = lost === 1 ? 'an acknowledged write of this key was' : `${lost} acknowledged writes of this key were`;
      const since = first === r ? 'that read' : `the first such read, #${first.invokeIndex + 1},`;
      return {
        label: 'lost-write',
        text: `Lost write, on ${where}: ${core}. No read invoked after ${since} returned ${JSON.stringify(newest.value.value)} or any other value it missed: ${count} lost, as when a node that never received ${lost === 1 ? 'it' : 'them'} takes over.`,
        ops: first === r ? involved : [...involved, first],
      };
    }
    if (ownSide && later === undefined) {
      return {
        label: 'stale-read',
        text: `Stale read, on ${where}: ${core}. Only client ${writerClient}, which wrote that value, read it back after the newer write: a node on its side of a split that had missed the newer write answered, as an old primary cut off with its clients does.`,
        ops: involved,
      };
    }
    const recovered = later === undefined ? 'No later read shows whether the newer value survived.' : `Later, ${say(later)}: the newer value had not been lost, the read was answered from behind (a lagging replica, or a node that still believed it led)${attempts > 1 ? ', not by a late retry' : ''}.`;
    return { label: 'stale-read', text: `Stale read, on ${where}: ${core}. ${recovered}`, ops: later === undefined ? involved : [...involved, later] };
  }
  return unexplained('no read of the failing window returned a value provably older than one already there, so the violation lies in how writes and reads interleave.');
}

/**
 * The anomaly of a violation `checkHistory(events)` found, with facts from the events' extra
 * fields (history.jsonl's attempts, consistency, client). `violation.ops` index `events`.
 */
export function explainFromEvents(events: readonly HistoryEvent[], violation: Pick<Violation, 'key' | 'ops'>, initialValue: unknown = null, splitsUs?: SplitsUs): Anomaly {
  const keyOps = pairOperations(events).filter((op) => (op.key ?? null) === violation.key);
  return explainAnomaly({ keyOps, violation, facts: factsFromEvents(events), initialValue, splitsUs });
}
