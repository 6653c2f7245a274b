// The argument parser's messages in the words of the command that was mistyped: "Not enough
// non-option arguments: got 0, need at least 2" says nothing about what to type.

/** What each command needs as its positional arguments, for a message when they are missing. */
const NEEDS: Record<string, string> = {
  run: 'faultline run needs a scenario: a file, or a bundled scenario name (see `faultline list`)',
  sweep: 'faultline sweep needs a scenario: a file, or a bundled scenario name (see `faultline list`)',
  merge: 'faultline merge needs the output folders of the shards to join, then --out <folder>',
};

export function usageMessage(msg: string, args: readonly string[]): string {
  const command = args.find((a) => !a.startsWith('-'));
  if (/^Not enough non-option arguments/.test(msg) && command !== undefined && NEEDS[command] !== undefined) return NEEDS[command];
  const missing = /^Missing required arguments?: (.*)$/.exec(msg);
  if (missing !== null) {
    const names = missing[1].split(/,\s*/).map((n) => (n === 'scenario' || n === 'dirs' ? n : `--${n}`));
    return `${command === undefined ? '' : `faultline ${command}: `}${names.join(', ')} ${names.length > 1 ? 'are' : 'is'} required (see faultline ${command ?? ''} --help)`.replace(/ \)/, ')');
  }
  return msg;
}
