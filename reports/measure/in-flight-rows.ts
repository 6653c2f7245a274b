// The store row of each operation in flight, by operation id: an open-addressed table in typed
// arrays (the run's ids count up from 0, so `id & mask` spreads them with few collisions) instead
// of a Map entry per operation. Leaves out: ids that are not small non-negative integers (kept in
// a Map beside it; no run makes them, tests may).

const EMPTY = -1;

export class InFlightRows {
  private ids = new Float64Array(1024).fill(EMPTY);
  private rows = new Int32Array(1024);
  private mask = 1023;
  private count = 0;
  private readonly others = new Map<number, number>();

  set(id: number, row: number): void {
    if (!(id >= 0 && id <= 0x7fffffff && Number.isInteger(id))) {
      this.others.set(id, row);
      return;
    }
    // Invariant: the table is at most half full, so a probe always ends.
    if (2 * (this.count + 1) > this.ids.length) this.resize(this.ids.length * 2);
    let slot = id & this.mask;
    while (this.ids[slot] !== EMPTY && this.ids[slot] !== id) slot = (slot + 1) & this.mask;
    if (this.ids[slot] === EMPTY) this.count++;
    this.ids[slot] = id;
    this.rows[slot] = row;
  }

  /** The row of `id` (which must be in flight), and forgets it. */
  take(id: number): number {
    if (!(id >= 0 && id <= 0x7fffffff && Number.isInteger(id))) {
      const row = this.others.get(id)!;
      this.others.delete(id);
      return row;
    }
    let slot = id & this.mask;
    while (this.ids[slot] !== id) {
      if (this.ids[slot] === EMPTY) return undefined as unknown as number;
      slot = (slot + 1) & this.mask;
    }
    const row = this.rows[slot];
    this.remove(slot);
    return row;
  }

  /** Every row in flight renumbered through `to` (the store dropped rows before them). */
  remap(to: (row: number) => number): void {
    for (let s = 0; s < this.ids.length; s++) if (this.ids[s] !== EMPTY) this.rows[s] = to(this.rows[s]);
    for (const [id, row] of this.others) this.others.set(id, to(row));
  }

  /** Backward-shift deletion (linear probing): later entries of the run move up, no tombstones. */
  private remove(slot: number): void {
    const ids = this.ids;
    const mask = this.mask;
    this.count--;
    let hole = slot;
    let s = (slot + 1) & mask;
    while (ids[s] !== EMPTY) {
      const home = ids[s] & mask;
      // Move the entry into the hole when its home is not in (hole, s] (cyclically).
      if (hole <= s ? home <= hole || home > s : home <= hole && home > s) {
        ids[hole] = ids[s];
        this.rows[hole] = this.rows[s];
        hole = s;
      }
      s = (s + 1) & mask;
    }
    ids[hole] = EMPTY;
  }

  private resize(size: number): void {
    const oldIds = this.ids;
    const oldRows = this.rows;
    this.ids = new Float64Array(size).fill(EMPTY);
    this.rows = new Int32Array(size);
    this.mask = size - 1;
    this.count = 0;
    for (let s = 0; s < oldIds.length; s++) if (oldIds[s] !== EMPTY) this.set(oldIds[s], oldRows[s]);
  }
}
