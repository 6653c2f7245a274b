// The writer's check, before it answers a read, that it is still the writer of the volume: it asks
// `read_quorum` segments of the read's PG for the highest writer epoch each has seen, and answers
// only once that many say no newer epoch exists. A newer writer cannot have acknowledged a write
// to that PG without `write_quorum` of its segments adopting its epoch first, and any read quorum
// meets any write quorum (Vr + Vw > V), so a check sent after the read arrived finds the newer
// epoch whenever a newer writer acknowledged something the read must see. A writer cut off from
// the rest of the volume, or fenced by a newer one, so stops answering reads; one that learns of a
// newer epoch steps down. No clock is involved: only the order of messages at the writer.
// Checks of one PG run one at a time: reads that arrive while one is in flight wait for the next,
// which starts when it ends (a read must only trust answers to questions asked after it arrived).
// Models the principle of Raft's read-index confirmation applied to Aurora's volume epochs.
// Leaves out: piggybacking the check on write acknowledgements (every read pays its own round).

import { call } from '../../sim/rpc.ts';
import { COPIES } from './options.ts';
import { CONTROL_BYTES } from './redo.ts';
import type { StorageNode } from './storage-node.ts';
import type { Volume } from './volume.ts';
import type { Network } from '../../sim/network.ts';
import type { SimNode } from '../../sim/node.ts';
import type { AuroraOptions } from './options.ts';

export interface ReadFenceParts {
  opts: Pick<AuroraOptions, 'readQuorum' | 'storageTimeoutUs'>;
  network: Network;
  volume: Volume<StorageNode>;
  /** The writer's node: questions go from it, timeouts run on its clock. */
  node: SimNode;
}

/** What the fence reads of the writer it guards. */
export interface FencedWriter {
  readonly epoch: number;
  readonly state: string;
  /** By pg * 6 + slot: the segment answered since the last recovery. */
  readonly alive: Uint8Array;
}

export type FenceResult = 'ok' | 'deposed' | 'unconfirmed';

interface Round {
  readonly pg: number;
  readonly waiters: ((r: FenceResult) => void)[];
  /** Slots asked, and slots that answered, as bits. */
  asked: number;
  answered: number;
  confirmed: number;
  done: boolean;
  /** After the first timeout the rest of the PG is asked too; after the second the round fails. */
  timeouts: number;
  timer: number;
}

export class ReadFence {
  /** The round in flight for each PG. */
  private readonly current: (Round | null)[];
  /** Reads waiting for the next round of each PG. */
  private readonly next: ((r: FenceResult) => void)[][];
  /** By pg * 6 + slot: did not answer the last time it was asked (asked last until it answers). */
  private readonly silent: Uint8Array;

  constructor(
    private readonly parts: ReadFenceParts,
    private readonly w: FencedWriter,
  ) {
    const pgs = parts.volume.pgs.length;
    this.current = new Array<Round | null>(pgs).fill(null);
    this.next = Array.from({ length: pgs }, () => []);
    this.silent = new Uint8Array(pgs * COPIES);
  }

  /** Calls `done` once `read_quorum` segments of `pg` confirmed, after this call, that no newer writer exists. */
  confirm(pg: number, done: (r: FenceResult) => void): void {
    if (this.current[pg] === null) this.start(pg, [done]);
    else this.next[pg].push(done);
  }

  private start(pg: number, waiters: ((r: FenceResult) => void)[]): void {
    const round: Round = { pg, waiters, asked: 0, answered: 0, confirmed: 0, done: false, timeouts: 0, timer: -1 };
    this.current[pg] = round;
    // First the segments likeliest to answer fast: heard from since the last recovery and not
    // silent lately, in the writer's AZ first.
    const { alive } = this.w;
    const members = this.parts.volume.pgs[pg].members;
    const az = this.parts.node.az;
    const quorum = this.parts.opts.readQuorum;
    let asked = 0;
    for (let pass = 0; pass < 4 && asked < quorum; pass++) {
      for (let slot = 0; slot < COPIES && asked < quorum; slot++) {
        const i = pg * COPIES + slot;
        const rank = (this.silent[i] === 1 || alive[i] === 0 ? 2 : 0) + (members[slot].node.az === az ? 0 : 1);
        if (rank === pass && this.ask(round, slot)) asked++;
      }
    }
    round.timer = this.parts.node.setTimer(this.parts.opts.storageTimeoutUs, this.timeout, round);
  }

  /** Sends the epoch question to one slot; false if it was already asked. */
  private ask(round: Round, slot: number): boolean {
    const bit = 1 << slot;
    if ((round.asked & bit) !== 0) return false;
    round.asked |= bit;
    const member: StorageNode = this.parts.volume.pgs[round.pg].members[slot];
    call<number, number>(this.parts.network, this.parts.node, member.node, CONTROL_BYTES, member.onEpochCheck, round.pg, (epoch) => this.answer(round, slot, epoch));
    return true;
  }

  private answer(round: Round, slot: number, epoch: number): void {
    this.silent[round.pg * COPIES + slot] = 0;
    round.answered |= 1 << slot;
    if (round.done || epoch < 0 || this.current[round.pg] !== round) return; // done already, or no longer a member of the PG
    if (epoch > this.w.epoch) return this.finish(round, 'deposed');
    if (++round.confirmed >= this.parts.opts.readQuorum) this.finish(round, 'ok');
  }

  private readonly timeout = (round: Round): void => {
    if (round.done || this.current[round.pg] !== round) return;
    if (round.timeouts++ === 0) {
      // Those asked have not all answered: they are asked last from now on, until they answer.
      for (let slot = 0; slot < COPIES; slot++) if ((round.asked & ~round.answered & (1 << slot)) !== 0) this.silent[round.pg * COPIES + slot] = 1;
      for (let slot = 0; slot < COPIES; slot++) this.ask(round, slot);
      round.timer = this.parts.node.setTimer(this.parts.opts.storageTimeoutUs, this.timeout, round);
      return;
    }
    this.finish(round, 'unconfirmed');
  };

  private finish(round: Round, r: FenceResult): void {
    round.done = true;
    if (round.timer >= 0 && this.parts.node.isUp) this.parts.node.cancelTimer(round.timer);
    if (this.current[round.pg] === round) this.current[round.pg] = null;
    for (const done of round.waiters) done(r);
    const waiting = this.next[round.pg];
    if (waiting.length === 0 || this.current[round.pg] !== null) return;
    this.next[round.pg] = [];
    if (this.w.state === 'stopped') for (const done of waiting) done('deposed');
    else this.start(round.pg, waiting);
  }

  /** The writer stopped: every read still waiting is refused (`reply`), or forgotten (a crash). */
  stop(reply: boolean): void {
    if (!reply) {
      this.current.fill(null);
      for (let pg = 0; pg < this.next.length; pg++) this.next[pg] = [];
      return;
    }
    for (let pg = 0; pg < this.current.length; pg++) {
      const round = this.current[pg];
      if (round !== null) this.finish(round, 'deposed');
      const waiting = this.next[pg];
      this.next[pg] = [];
      for (const done of waiting) done('deposed');
    }
  }
}
