// Writes a large linearizable register history in faultline's history format (the fields
// `faultline run` writes: process, type, f, key, value, time_us, index, client, consistency,
// and the client's AZ, which brings a line to the ~150 bytes of a 2 GB, 7-million-op file),
// streamed to a file in chunks, so that generating it needs no more memory than a chunk.
// Models: `processes` clients, each with one operation in flight, on `keys` keys; every op takes
// effect at its invocation (so the history is linearizable by construction: that instant lies
// within [invoke, complete]); writes write distinct values; a small share of writes time out
// (info), as after a failover. Deterministic: a fixed-seed mulberry32, no clock.
// Leaves out: failures that make the history non-linearizable (the bench measures scale).

import fs from 'node:fs';
import { mulberry32 } from '../reports/linearizability/simulated-history.ts';

export interface BigHistoryShape {
  readonly ops: number;
  readonly processes: number;
  readonly keys: number;
  readonly seed: number;
}

/** Writes the history to `file`; returns its size in bytes and its event count. */
export function writeBigHistory(file: string, shape: BigHistoryShape): { bytes: number; events: number } {
  const random = mulberry32(shape.seed);
  const fd = fs.openSync(file, 'w');
  const values = new Float64Array(shape.keys); // 0 = never written (reads see null)
  // Per process: the op in flight (-1 none), its key, f (0 read, 1 write), value seen/written.
  const busy = new Int8Array(shape.processes);
  const keyOf = new Int32Array(shape.processes);
  const fOf = new Uint8Array(shape.processes);
  const valueOf = new Float64Array(shape.processes);
  let chunk: string[] = [];
  let bytes = 0;
  let events = 0;
  let invoked = 0;
  let inFlight = 0;
  let timeUs = 1_000;
  let nextValue = 1;
  const flush = (): void => {
    const text = chunk.join('');
    bytes += Buffer.byteLength(text);
    fs.writeSync(fd, text);
    chunk = [];
  };
  const emit = (p: number, type: string, value: number): void => {
    const f = fOf[p] === 1 ? 'write' : 'read';
    const v = value === 0 ? 'null' : String(value);
    const consistency = f === 'read' ? ',"consistency":"strong"' : '';
    chunk.push(`{"process":${p},"type":"${type}","f":"${f}","key":"k${keyOf[p]}","value":${v},"time_us":${timeUs},"index":${events},"client":"client-${p % 64}","az":"us-east-1${'abc'[p % 3]}"${consistency}}\n`);
    events++;
    if (chunk.length >= 8192) flush();
  };
  try {
    while (invoked < shape.ops || inFlight > 0) {
      timeUs += 1 + Math.floor(random() * 50);
      const p = Math.floor(random() * shape.processes);
      if (busy[p] === 0) {
        if (invoked === shape.ops) continue;
        const k = Math.floor(random() * shape.keys);
        keyOf[p] = k;
        fOf[p] = random() < 0.5 ? 1 : 0;
        if (fOf[p] === 1) {
          valueOf[p] = nextValue++;
          emit(p, 'invoke', valueOf[p]);
          values[k] = valueOf[p]; // takes effect now
        } else {
          emit(p, 'invoke', 0);
          valueOf[p] = values[k];
        }
        busy[p] = 1;
        invoked++;
        inFlight++;
      } else {
        const timedOut = fOf[p] === 1 && random() < 0.002;
        emit(p, timedOut ? 'info' : 'ok', valueOf[p]);
        busy[p] = 0;
        inFlight--;
      }
    }
    flush();
  } finally {
    fs.closeSync(fd);
  }
  return { bytes, events };
}
