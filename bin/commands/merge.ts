// `faultline merge <dirs...> --out DIR`: joins the folders written by the shards of one sweep
// (`faultline sweep ... --shard i/N`; a swarm's shards too, bin/swarm/outputs.ts) into the files the unsharded sweep writes, byte for byte:
// sweep.csv in canonical order, aggregate.csv computed from it, sweep.json with every failure.
// Exit codes: 0 every expectation held, 1 one failed in some run, 2 bad input (a folder missing,
// unreadable, from another sweep, or a shard missing or given twice).

import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ExitCode, fail } from '../exit.ts';
import { InputError } from '../scenario-files.ts';
import { mergeSweeps, readSweep, writeSweep } from '../sweep/outputs.ts';
import { mergePolicy } from '../sweep/policy-verdict.ts';
import { sweepReport } from '../sweep/report.ts';
import { sweepReportHtml } from '../report/sweep-report.ts';
import { isSwarmDir, mergeSwarms, readSwarm, writeSwarm } from '../swarm/outputs.ts';
import { swarmReport } from '../swarm/report.ts';

interface MergeArgs {
  dirs: string[];
  out: string;
}

export const mergeCommand: CommandModule<object, MergeArgs> = {
  command: 'merge <dirs..>',
  describe: "Join the output folders of a sharded sweep's (or swarm's) shards into the whole sweep's files",
  builder: (y: Argv) =>
    y
      .positional('dirs', { type: 'string', array: true, demandOption: true, describe: 'the output folders of every shard (any order)' })
      .option('out', { type: 'string', demandOption: true, describe: 'folder for the merged sweep.csv, aggregate.csv and sweep.json' })
      .example('$0 merge shard-1 shard-2 shard-3 shard-4 --out sweep', 'the four shards of one sweep')
      .epilogue(
        'Every shard of the sweep must be given exactly once, all from the same sweep (same scenario file contents, seeds, --set ' +
          'flags, --no-check and Faultline version; sweep.json records them). The merged files are byte for byte those the sweep ' +
          'would have written without --shard. Prints the failed expectations of every shard with their replay commands. ' +
          'Exit status: 0 all `expect` entries held in every run, 1 one failed in some run, 2 bad input.',
      ) as unknown as Argv<MergeArgs>,
  handler: async (argv: ArgumentsCamelCase<MergeArgs>) => {
    process.exitCode = await merge(argv.dirs.map(String), argv.out);
  },
};

async function merge(dirs: string[], out: string): Promise<number> {
  if (dirs.length > 0 && isSwarmDir(dirs[0])) return mergeSwarmDirs(dirs, out);
  let merged;
  let policy;
  try {
    merged = mergeSweeps(dirs, dirs.map(readSweep));
    // The policy is judged again over every shard's seeds, not the shards' verdicts combined.
    policy = mergePolicy(dirs);
  } catch (e) {
    if (e instanceof InputError) return fail(ExitCode.BadInput, e.message);
    throw e;
  }
  const files = writeSweep(out, merged, [{ name: 'report.html', text: await sweepReportHtml(merged) }, ...(policy?.files ?? [])]); // an output folder it cannot take: InputError, exit 2 (bin/report-error.ts)
  const r = sweepReport(merged, { files });
  process.stdout.write(r.text);
  if (policy !== null) process.stdout.write(policy.text);
  return policy?.breached === true && r.code === ExitCode.Ok ? ExitCode.ExpectationFailed : r.code;
}

/** The shards of a swarm (`faultline swarm ... --shard`): swarm.csv in seed order, every failing seed's files. */
function mergeSwarmDirs(dirs: string[], out: string): number {
  let merged;
  try {
    merged = mergeSwarms(dirs, dirs.map(readSwarm));
  } catch (e) {
    if (e instanceof InputError) return fail(ExitCode.BadInput, e.message);
    throw e;
  }
  const files = writeSwarm(out, merged);
  const r = swarmReport(merged.manifest, { out, promise: null, files: files.slice(0, 2) });
  process.stdout.write(r.text);
  return r.code;
}
