// The simulator's own invariants: a broken one is a bug in Faultline, not in the scenario.
// The CLI maps SimInvariantError to exit code 3 and prints the seed that reproduces it.

export class SimInvariantError extends Error {
  override readonly name = 'SimInvariantError';
}

/**
 * Throws SimInvariantError with `message` unless `condition` holds. On a path taken per write or
 * per message, call it as `if (!cond) invariant(false, msg)`: the template string is then only
 * built when the check fails (otherwise it is built on every call, which costs more than the check).
 */
export function invariant(condition: unknown, message: string): asserts condition {
  if (!condition) throw new SimInvariantError(message);
}
