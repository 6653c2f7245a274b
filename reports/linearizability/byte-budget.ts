// A deterministic memory allowance, shared by every search of one check (memo tables and kv
// string tables). Models: bytes taken and given back explicitly, never measured from the heap,
// so that the same history always stops at the same point on every machine.
// Leaves out: small fixed allocations (entry lists, stacks: O(ops) per key), which are not counted.

export class ByteBudget {
  private used = 0;

  constructor(readonly limit: number) {}

  get inUse(): number {
    return this.used;
  }

  /** Takes `bytes` if they fit; false (and nothing taken) otherwise. */
  take(bytes: number): boolean {
    if (this.used + bytes > this.limit) return false;
    this.used += bytes;
    return true;
  }

  give(bytes: number): void {
    // Invariant: never below zero; a give always matches earlier takes.
    this.used = Math.max(0, this.used - bytes);
  }
}
