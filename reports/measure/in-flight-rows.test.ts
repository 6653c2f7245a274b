import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../linearizability/simulated-history.ts';
import { InFlightRows } from './in-flight-rows.ts';

describe('measure > in-flight rows', () => {
  it('gives back every row set, as a Map would, through growth, collisions and deletions', () => {
    const random = mulberry32(11);
    const table = new InFlightRows();
    const map = new Map<number, number>();
    let nextId = 0;
    for (let step = 0; step < 100_000; step++) {
      // Ids mostly ascending, some long-lived, some far apart (colliding on the low bits).
      if (map.size === 0 || random() < 0.52) {
        const id = random() < 0.01 ? nextId + 1024 * Math.floor(random() * 64) : nextId;
        nextId++;
        if (map.has(id)) continue;
        map.set(id, step);
        table.set(id, step);
      } else {
        // The oldest of a few in insertion order, or (rarely) one picked anywhere.
        const it = map.keys();
        let id = it.next().value!;
        const skip = random() < 0.9 ? Math.floor(random() * 8) : Math.floor(random() * map.size);
        for (let k = 0; k < skip && k < map.size - 1; k++) id = it.next().value!;
        expect(table.take(id)).toBe(map.get(id));
        map.delete(id);
      }
    }
    table.remap((row) => row + 1);
    for (const [id, row] of map) expect(table.take(id)).toBe(row + 1);
  });

  it('keeps ids that are not small non-negative integers too', () => {
    const table = new InFlightRows();
    table.set(-3, 7);
    table.set(2.5, 8);
    table.set(2 ** 40, 9);
    expect([table.take(2 ** 40), table.take(2.5), table.take(-3)]).toEqual([9, 8, 7]);
  });
});
