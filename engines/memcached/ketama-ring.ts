// The ketama continuum: how a memcached client maps keys onto servers (libketama, and
// libmemcached's MEMCACHED_DISTRIBUTION_CONSISTENT_KETAMA, MEMCACHED_POINTS_PER_SERVER_KETAMA =
// 160). Each server gets `pointsPerServer` points on a 32-bit ring: for i in 0 .. points/4 - 1,
// MD5("<name>:11211-<i>") gives four points (its four little-endian 32-bit words). A key's point
// is the first word of MD5(key); the key goes to the server owning the first ring point at or
// after it, wrapping past the top. Removing a server moves only its keys, each to the server of
// the next point after its own (spread over the survivors); the others' keys stay put.
// Deterministic: nothing here is random, the ring is the same in every run and on every client.
// Leaves out: server weights (every node is the same size) and the libmemcached variants that
// hash with other functions (one_at_a_time, FNV, CRC).

import { digestWord, md5 } from './md5.ts';

/** The port in each server's ketama name (memcached's default). */
export const MEMCACHED_PORT = 11211;

export interface RingServer {
  /** Index among all the cluster's servers (what the ring answers). */
  readonly index: number;
  readonly name: string;
}

/** One server's points (unsorted): four per MD5 of "<name>:<port>-<i>". */
export function serverPoints(name: string, pointsPerServer: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < pointsPerServer / 4; i++) {
    const d = md5(`${name}:${MEMCACHED_PORT}-${i}`);
    for (let k = 0; k < 4; k++) out.push(digestWord(d, k));
  }
  return out;
}

/** A key's point on the ring. */
export function keyPoint(key: string): number {
  return digestWord(md5(key), 0);
}

// Invariant: points is sorted ascending and owners[i] owns points[i].
export class KetamaRing {
  private readonly points: Float64Array;
  private readonly owners: Int32Array;

  /** `pointsOf(server)` is the server's points, so a cluster computes each server's MD5s once. */
  constructor(servers: readonly RingServer[], pointsOf: (s: RingServer) => readonly number[]) {
    const all: { p: number; owner: number }[] = [];
    for (const s of servers) for (const p of pointsOf(s)) all.push({ p, owner: s.index });
    // Equal points (a 2^-32 chance per pair) are ordered by server index, so the ring is one ring.
    all.sort((x, y) => x.p - y.p || x.owner - y.owner);
    this.points = Float64Array.from(all, (x) => x.p);
    this.owners = Int32Array.from(all, (x) => x.owner);
  }

  get size(): number {
    return this.points.length;
  }

  /** The server for a key's point: the owner of the first point >= it, wrapping; -1 on an empty ring. */
  serverFor(point: number): number {
    const n = this.points.length;
    if (n === 0) return -1;
    let lo = 0;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.points[mid] < point) lo = mid + 1;
      else hi = mid;
    }
    return this.owners[lo === n ? 0 : lo];
  }
}
