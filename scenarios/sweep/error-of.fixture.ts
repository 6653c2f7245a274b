// For tests of input errors: the error a call throws (and a failure when it throws none).

export function errorOf(f: () => unknown): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected an error');
}
