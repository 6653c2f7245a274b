// Test helper: histories of registers that are linearizable by construction. Concurrent
// single-threaded processes; each operation takes effect at a random moment between its
// invoke and completion events, on one register per key (initial value null).
// Models: reads, writes and cas (a cas that does not match completes as `fail`, having had no
// effect), and indeterminate ops (`info`, having taken effect or not). Faultline semantics.
// Leaves out: randomness of its own: the caller passes a random source (fast-check, mulberry32).

import type { HistoryEvent } from './types.ts';

export interface SimulationPlan {
  readonly processes: number;
  readonly ops: number;
  /** Number of keys; 0 = events without a key (a single register). */
  readonly keys: number;
  readonly writeShare: number;
  readonly casShare: number;
  /** Chance that an operation ends as `info` (taking effect or not, half and half). */
  readonly infoShare: number;
  /** `unique`: every written value is new. A number: values drawn from [0, n). */
  readonly values: 'unique' | number;
}

/** A small seeded PRNG (mulberry32): replayable test data, never the unseeded global generator. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface InFlight {
  phase: 'invoked' | 'applied';
  readonly f: 'read' | 'write' | 'cas';
  readonly key: string | undefined;
  readonly input: number | null | [number | null, number];
  readonly info: boolean;
  result: unknown;
}

export function simulateRegisterHistory(random: () => number, plan: SimulationPlan): HistoryEvent[] {
  const events: HistoryEvent[] = [];
  const registers = new Map<string | undefined, number | null>();
  const flights: (InFlight | undefined)[] = new Array(plan.processes).fill(undefined);
  const busy: number[] = [];
  let issued = 0;
  let counter = 0;
  let tick = 0;
  const pick = (n: number): number => Math.floor(random() * n);
  const newValue = (): number => (plan.values === 'unique' ? ++counter : pick(plan.values));
  const emit = (process: number, type: HistoryEvent['type'], op: InFlight, value: unknown): void => {
    const e: Record<string, unknown> = { process, type, f: op.f, value, time_us: (tick += 10), index: events.length };
    if (op.key !== undefined) e.key = op.key;
    events.push(e as unknown as HistoryEvent);
  };
  while (issued < plan.ops || busy.length > 0) {
    const p = issued < plan.ops ? pick(plan.processes) : busy[pick(busy.length)];
    const op = flights[p];
    if (op === undefined) {
      const key = plan.keys === 0 ? undefined : `k${pick(plan.keys)}`;
      const r = random();
      const f = r < plan.writeShare ? 'write' : r < plan.writeShare + plan.casShare ? 'cas' : 'read';
      const current = registers.get(key) ?? null;
      const input = f === 'read' ? null : f === 'write' ? newValue() : ([random() < 0.5 ? current : newValue(), newValue()] as [number | null, number]);
      const next: InFlight = { phase: 'invoked', f, key, input, info: random() < plan.infoShare, result: null };
      flights[p] = next;
      busy.push(p);
      issued++;
      emit(p, 'invoke', next, input);
    } else if (op.phase === 'invoked') {
      op.phase = 'applied';
      if (op.info && random() < 0.5) continue; // crashes before taking effect
      const current = registers.get(op.key) ?? null;
      if (op.f === 'read') op.result = current;
      else if (op.f === 'write') registers.set(op.key, op.input as number);
      else {
        const [expected, value] = op.input as [number | null, number];
        op.result = current === expected;
        if (op.result) registers.set(op.key, value);
      }
    } else {
      const type = op.info ? 'info' : op.f === 'cas' && op.result === false ? 'fail' : 'ok';
      emit(p, type, op, op.f === 'read' ? (type === 'ok' ? op.result : null) : op.input);
      flights[p] = undefined;
      busy.splice(busy.indexOf(p), 1);
    }
  }
  return events;
}

/** Replaces the value of one ok read with another written value (or the initial null). */
export function corruptRead(events: HistoryEvent[], random: () => number): HistoryEvent[] {
  const reads = events.map((e, i) => [e, i] as const).filter(([e]) => e.type === 'ok' && e.f === 'read');
  const values = [null, ...events.filter((e) => e.type === 'invoke' && e.f === 'write').map((e) => e.value)];
  if (reads.length === 0) return events;
  const [e, i] = reads[Math.floor(random() * reads.length)];
  const out = events.slice();
  out[i] = { ...e, value: values[Math.floor(random() * values.length)] };
  return out;
}
