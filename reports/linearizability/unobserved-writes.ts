// Drops indeterminate register writes that nothing could have observed.
// Models: an info/open write (or cas) whose written value no read returned and no cas expected
// may as well never have happened: take any linearization that includes it; until the next
// write, no op can depend on the value it wrote, except indeterminate cas ops that then did not
// apply, and those may move to the very end (they may take effect at any point, with no one
// observing). Removing it therefore keeps a valid linearization, and the converse holds by
// placing the dropped op last. In simulator histories (unique values, many timeouts during
// faults) this removes most indeterminate writes, which would otherwise multiply the search.
// Leaves out: keys with etcd-style failed cas ops (a mismatch does depend on the value), and
// the kv model (appends accumulate, so an append is never unobservable in this simple sense).

/** Register op kinds, shared with register-model.ts. */
export const READ = 0;
export const WRITE = 1;
export const CAS = 2;
export const CAS_MAYBE = 3;
export const CAS_MISMATCH = 4;

/**
 * Returns which ops to keep. `kind`, `a` (read value / written value / cas expected) and `b`
 * (cas new value) are value ids; `indefinite[i]` marks info/open ops.
 */
export function keepObservableWrites(kind: Int8Array, a: Int32Array, b: Int32Array, indefinite: Uint8Array): Uint8Array {
  const keep = new Uint8Array(kind.length).fill(1);
  for (let i = 0; i < kind.length; i++) if (kind[i] === CAS_MISMATCH) return keep;
  const observed = new Set<number>();
  for (let i = 0; i < kind.length; i++) {
    // A maybe-cas's expected value counts as observed: a later maybe-cas that applied on top of
    // the dropped write's value would otherwise change meaning.
    if (kind[i] === READ || kind[i] === CAS || kind[i] === CAS_MAYBE) observed.add(a[i]);
  }
  for (let i = 0; i < kind.length; i++) {
    if (!indefinite[i]) continue;
    if (kind[i] === WRITE && !observed.has(a[i])) keep[i] = 0;
    if (kind[i] === CAS_MAYBE && !observed.has(b[i])) keep[i] = 0;
  }
  return keep;
}
