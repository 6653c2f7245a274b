// Exit codes and the one-line error convention of the command line.

export const ExitCode = {
  Ok: 0,
  ExpectationFailed: 1,
  BadInput: 2,
  SimulatorBug: 3,
} as const;

/** Prints one line on stderr and returns the exit code, for `return fail(...)`. */
export function fail(code: number, message: string): number {
  process.stderr.write(`faultline: ${message.replace(/\s*\n\s*/g, ' ')}\n`);
  return code;
}

/** Colour on a TTY unless NO_COLOR is set (https://no-color.org). */
export function colorWanted(): boolean {
  return process.stdout.isTTY === true && (process.env.NO_COLOR === undefined || process.env.NO_COLOR === '');
}
