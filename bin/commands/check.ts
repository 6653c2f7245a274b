// `faultline check <history.jsonl...>`: checks histories (JSON Lines, the format `faultline run`
// writes; docs/checker.md) for linearizability, plain or gzip-compressed (history.jsonl.gz, told
// by its first bytes). Files are streamed (any size; regular files only, so a FIFO is refused
// rather than waited on) and checked a batch of keys at a time.
// Prints one line per file (or one JSON object with --json) and, when a file is not
// linearizable, the smallest failing window. Exit status: the worst over the files, in the order
// 0 all linearizable < 1 some not linearizable < 3 some unknown (budget ran out) < 2 bad input.

import fs from 'node:fs';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import {
  DEFAULT_BUDGET,
  HistoryFormatError,
  EventStore,
  SEMANTICS_NAMES,
  checkBatches,
  renderViolation,
} from '../../reports/linearizability/index.ts';
import { LineTooLongError, NotRegularFileError, forEachLine } from '../read-lines.ts';
import { forEachGzipLine, GzipDataError, isGzipFile } from '../read-gzip-lines.ts';
import type { CheckResult, ModelName, SemanticsName } from '../../reports/linearizability/index.ts';

interface CheckArgs {
  files: string[];
  model?: ModelName;
  semantics: SemanticsName;
  json: boolean;
  maxSteps: number;
  maxMemoryMb: number;
}

const EXIT = { linearizable: 0, notLinearizable: 1, badInput: 2, unknown: 3 } as const;
/** Severity order for "the worst of": bad input outranks unknown, which outranks a violation. */
const SEVERITY: Record<number, number> = { 0: 0, 1: 1, 3: 2, 2: 3 };

function worse(a: number, b: number): number {
  return SEVERITY[b] > SEVERITY[a] ? b : a;
}

function verdictText(v: CheckResult['linearizable']): string {
  return v === true ? 'linearizable' : v === false ? 'NOT linearizable' : 'unknown';
}

function exitFor(v: CheckResult['linearizable']): number {
  return v === true ? EXIT.linearizable : v === false ? EXIT.notLinearizable : EXIT.unknown;
}

/** Which budget left the verdict unknown, and the option that raises it. */
function unknownReason(r: CheckResult, argv: CheckArgs): string {
  if (r.steps >= argv.maxSteps) return `the step budget ran out: ${argv.maxSteps} search steps; raise --max-steps`;
  return `the memory budget ran out: ${argv.maxMemoryMb} MiB for the search tables; raise --max-memory-mb`;
}

function jsonResult(file: string, r: CheckResult, ms: number, argv: CheckArgs): string {
  const violation = r.violation && {
    key: r.violation.key,
    keyOps: r.violation.keyOps,
    minimal: r.violation.minimal,
    window: r.violation.ops.map((op) => ({
      process: op.process,
      f: op.f,
      value: op.f === 'read' || op.f === 'get' ? op.output : op.input,
      status: op.status,
      invoke: op.invokeIndex + 1,
      complete: op.completeIndex >= 0 ? op.completeIndex + 1 : null,
    })),
  };
  return JSON.stringify({
    file,
    linearizable: r.linearizable,
    ms: Math.round(ms * 10) / 10,
    model: r.model,
    ops: r.ops,
    keys: r.keys,
    steps: r.steps,
    failingKeys: r.failingKeys,
    unknownKeys: r.unknownKeys,
    ...(r.linearizable === 'unknown' ? { reason: unknownReason(r, argv) } : {}),
    ...(violation ? { violation } : {}),
  });
}

/** Checks one file; returns its exit code. Writes only to the given sinks. */
async function checkFile(file: string, argv: CheckArgs, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  const started = performance.now();
  try {
    // Streamed: the file is never one string, and events are stored as columns, made objects
    // again a batch of keys at a time.
    const store = new EventStore(file);
    const add = (text: string, line: number) => store.add(text, line);
    if (fs.statSync(file).isFile() && isGzipFile(file)) await forEachGzipLine(file, add);
    else forEachLine(file, add);
    const result = checkBatches(store, {
      semantics: argv.semantics,
      model: argv.model,
      maxSteps: argv.maxSteps,
      maxMemoBytes: Math.round(argv.maxMemoryMb * 1024 * 1024),
    });
    const ms = performance.now() - started;
    if (argv.json) out(jsonResult(file, result, ms, argv));
    else {
      out(`${file}: ${verdictText(result.linearizable)} (${result.ops} ops, ${Math.round(ms)} ms)`);
      if (result.violation) out(renderViolation(result.violation).replace(/^/gm, '  '));
      if (result.linearizable === 'unknown') out(`  undecided keys: ${result.unknownKeys.length} (${unknownReason(result, argv)})`);
    }
    return exitFor(result.linearizable);
  } catch (e) {
    const message =
      e instanceof HistoryFormatError
        ? e.message // already "file:line: field: problem"
        : e instanceof NotRegularFileError || e instanceof LineTooLongError || e instanceof GzipDataError
          ? `${file}: ${e.message}`
          : e instanceof Error && 'code' in e
          ? `${file}: cannot read (${(e as NodeJS.ErrnoException).code})`
          : e instanceof RangeError
            ? `${file}: ${e.message}`
            : undefined;
    if (message === undefined) throw e;
    err(`faultline check: ${message}`);
    if (argv.json) {
      const where = e instanceof HistoryFormatError ? { line: e.line, field: e.field } : {};
      out(JSON.stringify({ file, linearizable: null, error: message, ...where }));
    }
    return EXIT.badInput;
  }
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check [files..]',
  describe: 'Check operation histories (JSON Lines) for linearizability',
  builder: (y: Argv) =>
    y
      .positional('files', { type: 'string', array: true, describe: 'history files (regular files), one JSON event per line, plain or gzip-compressed (history.jsonl.gz)' })
      .option('model', {
        choices: ['register', 'kv'] as const,
        describe: 'register (read/write/cas, one register per key) or kv (get/put/append); default: kv when the ops are get/put/append',
      })
      .option('semantics', {
        choices: SEMANTICS_NAMES,
        default: 'faultline' as SemanticsName,
        describe:
          'what fail, info and null reads mean: faultline (simulator histories), porcupine-etcd, porcupine-kv, knossos-cas-register',
      })
      .option('json', { type: 'boolean', default: false, describe: 'one JSON object per file on stdout' })
      .option('max-steps', { type: 'number', default: DEFAULT_BUDGET.maxSteps, describe: 'search steps per file before the verdict is unknown' })
      .option('max-memory-mb', {
        type: 'number',
        default: DEFAULT_BUDGET.maxMemoBytes / (1024 * 1024),
        describe: 'memory for the search tables per file, in MiB',
      })
      .epilogue(
        'Each event is {"process": int, "type": "invoke"|"ok"|"fail"|"info", "f": ..., "key"?: string, "value": ...}; ' +
          'other fields are ignored; duplicate keys and integers beyond 2^53 - 1 are refused. Keys are checked independently (Wing-Gong/Lowe search with a memo, as in Porcupine). ' +
          'The budget is counted in steps, so a verdict never depends on the machine. ' +
          'When a history is not linearizable, a small failing window of one key is printed: ' +
          'one line per operation (process, operation, outcome, invoke..complete event numbers). ' +
          'Exit status, worst over the files: 0 all linearizable, 1 some not, 3 some unknown, 2 bad input.',
      ) as unknown as Argv<CheckArgs>,
  handler: async (argv: ArgumentsCamelCase<CheckArgs>) => {
    let code: number = EXIT.linearizable;
    const out = (s: string): void => void process.stdout.write(`${s}\n`);
    const err = (s: string): void => void process.stderr.write(`${s}\n`);
    const files = argv.files ?? [];
    if (files.length === 0) {
      err('faultline check: no history file given (usage: faultline check <history.jsonl...>)');
      process.exitCode = EXIT.badInput;
      return;
    }
    for (const file of files) code = worse(code, await checkFile(String(file), argv, out, err));
    process.exitCode = code;
  },
};
