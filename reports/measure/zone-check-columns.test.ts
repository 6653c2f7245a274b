// The zone check on the store's columns must pass exactly the keys the object check passes.
import { describe, expect, it } from 'vitest';
import { pairOperations } from '../linearizability/pair-operations.ts';
import { corruptRead, mulberry32, simulateRegisterHistory } from '../linearizability/simulated-history.ts';
import { checkUniqueWrites, uniqueWritesApply } from '../linearizability/unique-writes.ts';
import type { Operation } from '../linearizability/index.ts';
import { STATUSES } from './history-store.ts';
import { ZoneCheckColumns, type ZoneColumns } from './zone-check-columns.ts';

/** The operations as the history store's columns hold them (null as NaN). */
function columns(ops: readonly Operation[], scale = 1): ZoneColumns {
  const n = ops.length;
  const c = { length: n, key: new Int32Array(n), isWrite: new Uint8Array(n), status: new Uint8Array(n), value: new Float64Array(n), invokeIndex: new Float64Array(n), completeIndex: new Float64Array(n) };
  ops.forEach((op, i) => {
    const v = op.f === 'write' ? op.input : op.output;
    c.isWrite[i] = op.f === 'write' ? 1 : 0;
    c.status[i] = STATUSES.indexOf(op.status);
    c.value[i] = v === null || v === undefined ? NaN : Number(v) * scale;
    c.invokeIndex[i] = op.invokeIndex;
    c.completeIndex[i] = op.status === 'open' ? -1 : op.completeIndex;
  });
  return c;
}

const objectCheckPasses = (ops: readonly Operation[]) => uniqueWritesApply(ops) && checkUniqueWrites(ops).linearizable;

/** A variant the generator does not make: a failed write, a write left open, or a repeated value. */
function vary(ops: Operation[], random: () => number): Operation[] {
  const writes = ops.filter((op) => op.f === 'write');
  if (writes.length === 0) return ops;
  const w = writes[Math.floor(random() * writes.length)];
  const pick = random();
  return ops.map((op) => {
    if (op !== w) return op;
    if (pick < 0.4) return { ...op, status: 'fail' as const };
    if (pick < 0.8) return { ...op, status: 'open' as const, completeIndex: -1 };
    return { ...op, input: writes[0].input };
  });
}

describe('measure > zone check on columns', () => {
  it('passes exactly the histories the object zone check passes, over 4,000 generated ones', () => {
    const random = mulberry32(20261207);
    let passed = 0;
    let refused = 0;
    for (let n = 0; n < 4000; n++) {
      const plan = { processes: 2 + Math.floor(random() * 6), ops: 1 + Math.floor(random() * 40), keys: 0, writeShare: 0.2 + random() * 0.5, casShare: 0, infoShare: random() * 0.3, values: 'unique' as const };
      const base = simulateRegisterHistory(random, plan);
      let ops = pairOperations(n % 3 === 1 ? corruptRead(base, random) : base);
      if (n % 3 === 2) ops = vary(ops, random);
      const rows = Int32Array.from(ops.keys());
      const expected = objectCheckPasses(ops);
      // Whole-number values take the dense table; halved ones (not whole) the Map.
      expect(new ZoneCheckColumns(columns(ops)).passes(rows), JSON.stringify(ops)).toBe(expected);
      expect(new ZoneCheckColumns(columns(ops, 0.5)).passes(rows), JSON.stringify(ops)).toBe(expected);
      if (expected) passed++;
      else refused++;
    }
    expect(passed).toBeGreaterThan(1500);
    expect(refused).toBeGreaterThan(800);
  });

  it('finds no write of a value in another key', () => {
    const ops = pairOperations(simulateRegisterHistory(mulberry32(3), { processes: 3, ops: 60, keys: 0, writeShare: 0.4, casShare: 0, infoShare: 0, values: 'unique' }));
    const c = columns(ops);
    const zones = new ZoneCheckColumns(c);
    const rows = Int32Array.from(ops.keys());
    expect(zones.passes(rows)).toBe(true);
    // The write a read returned moves to key 1: key 0's read names a write it does not have.
    const r = ops.findIndex((op) => op.f === 'read' && op.status === 'ok' && op.output !== null);
    const w = ops.findIndex((op) => op.f === 'write' && op.input === ops[r].output);
    (c.key as Int32Array)[w] = 1;
    expect(new ZoneCheckColumns(c).passes(rows.filter((i) => i !== w))).toBe(false);
  });

  it('reads only the rows it is given, reusing its scratch space across keys', () => {
    const random = mulberry32(5);
    const a = pairOperations(simulateRegisterHistory(random, { processes: 4, ops: 3000, keys: 0, writeShare: 0.4, casShare: 0, infoShare: 0.05, values: 'unique' }));
    const c = columns(a);
    const zones = new ZoneCheckColumns(c);
    expect(zones.passes(Int32Array.from(a.keys()))).toBe(true);
    // A read of a value nobody wrote, in rows not passed, changes nothing.
    const odd = a.findIndex((op) => op.f === 'read' && op.status === 'ok');
    c.value[odd] = 1e9;
    const others = Int32Array.from(a.keys()).filter((i) => i !== odd);
    expect(zones.passes(others)).toBe(objectCheckPasses(a.filter((_, i) => i !== odd)));
    expect(zones.passes(Int32Array.from(a.keys()))).toBe(false);
  });
});
