// Quoting an argument for a POSIX shell, for the commands Faultline prints for the user to paste
// (replay commands of sweeps, the reproduce hint of an error). Its own file so that the error
// reporter, which every command loads, does not bring in the sweep code with it.

/** Quotes an argument for sh/bash when it needs it. */
export function shellQuote(arg: string): string {
  if (arg !== '' && /^[A-Za-z0-9_@%+=:,./-]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}
