// `faultline compare A.yaml B.yaml [C.yaml ...] --seeds 1..20 [--jobs N] [--out DIR]
// [--allow-different] [--no-check]`: the same workload, faults and seeds against each topology.
// Each scenario is swept into <out>/<name>/ (sweep.csv, aggregate.csv, sweep.json, report.html),
// then compare.csv (one row per topology: mean and 95% interval of each headline metric) and
// compare.html (side by side, distributions overlaid) are written into <out>/.
// Exit codes: 0 every expectation held, 1 one failed somewhere, 2 bad input (nothing runs; also
// scenarios whose region, length, workload or faults differ, unless --allow-different), 3 a bug.

import fs from 'node:fs';
import path from 'node:path';
import { csvHeader, csvRows } from '../../reports/csv.ts';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ExitCode, fail } from '../exit.ts';
import { foreignEntries, COMPARE_FILES } from '../faultline-files.ts';
import { parseIntegerFlag } from '../integer-flag.ts';
import { InputError, resolveScenario } from '../scenario-files.ts';
import { executeSweep } from '../sweep/execute.ts';
import { readSweep } from '../sweep/outputs.ts';
import { writeInPlace } from '../report/write-report.ts';
import { compareColumns, compareRow } from '../compare/compare-table.ts';
import { compareReportHtml } from '../compare/compare-report.ts';
import { setupDifference } from '../compare/same-setup.ts';
import { prepareOrExit } from './run.ts';

interface CompareArgs {
  scenarios: string[];
  seeds: string;
  jobs?: string;
  out: string;
  allowDifferent: boolean;
  check: boolean;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <scenarios..>',
  describe: 'Run the same workload, faults and seeds against several topologies (one scenario file each); write compare.csv and compare.html',
  builder: (y: Argv) =>
    y
      .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'two or more scenario files (or bundled names), one per topology' })
      .option('seeds', { type: 'string', default: '1..20', describe: 'seeds every topology runs: 1..20, 5, 1,2,7' })
      .option('jobs', { alias: 'j', type: 'string', describe: 'worker threads (default: every core)' })
      .option('out', { type: 'string', default: 'faultline-out/compare', describe: 'output folder: compare.csv, compare.html and one sweep folder per topology' })
      .option('allow-different', { type: 'boolean', default: false, describe: 'compare even when the region, length, workload or faults differ' })
      .option('check', { type: 'boolean', default: true, describe: 'check each history for linearizability (--no-check: faster)' })
      .example('$0 compare scenarios/compare/*.yaml --seeds 1..20', 'RDS Multi-AZ instance vs DB cluster vs Aurora under the same writer crash')
      .epilogue(
        'Only the engine (with its cache) and the expectations may differ between the files; the first other difference is ' +
          'named and refused unless --allow-different. compare.csv: scenario, engine, seeds, runs, failed_runs, then for each ' +
          'headline metric <metric>_mean, _ci95_low, _ci95_high (Student t interval of the mean), _min, _max. ' +
          'Exit status: 0 all `expect` entries held in every run, 1 one failed somewhere, 2 bad input, 3 simulator bug.',
      ) as unknown as Argv<CompareArgs>,
  handler: async (argv: ArgumentsCamelCase<CompareArgs>) => {
    process.exitCode = await compare(argv);
  },
};

async function compare(argv: CompareArgs): Promise<number> {
  const args = argv.scenarios.map(String);
  if (args.length < 2) return fail(ExitCode.BadInput, 'compare needs two or more scenario files, one per topology');
  const loaded = [];
  for (const a of args) {
    let src;
    try {
      src = resolveScenario(a);
    } catch (e) {
      if (e instanceof InputError) return fail(ExitCode.BadInput, e.message);
      throw e;
    }
    const l = prepareOrExit(src.text, src.shown);
    if (typeof l === 'number') return l;
    loaded.push({ arg: a, shown: src.shown, scenario: l.scenario });
  }
  const names = loaded.map((l) => l.scenario.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) return fail(ExitCode.BadInput, `two scenarios are named ${twice}; each topology's folder is named after its scenario, so give them different names`);
  let note: string | null = null;
  for (const l of loaded.slice(1)) {
    const d = setupDifference(loaded[0].scenario, l.scenario);
    if (d === null) continue;
    if (!argv.allowDifferent) return fail(ExitCode.BadInput, `${l.shown}: its ${d} differs from ${loaded[0].shown}'s; a comparison holds the region, length, workload and faults equal (pass --allow-different to compare anyway)`);
    note = `compared with --allow-different: ${l.scenario.name} differs in ${d}`;
  }
  const jobs = parseIntegerFlag('--jobs', argv.jobs, 1);
  const out = argv.out;
  const foreign = foreignEntries(out, COMPARE_FILES).filter((e) => !names.includes(e) && !fs.statSync(path.join(out, e)).isDirectory());
  if (foreign.length > 0) return fail(ExitCode.BadInput, `${out}: holds ${foreign[0]}, not written by faultline compare; choose another --out`);
  let code: number = ExitCode.Ok;
  for (const l of loaded) {
    process.stdout.write(`compare: ${l.scenario.name} (${l.scenario.engine.type}) over seeds ${argv.seeds}\n`);
    const r = await executeSweep({ scenario: l.arg, seeds: argv.seeds, jobs, set: [], out: path.join(out, l.scenario.name), check: argv.check });
    if (r.code >= ExitCode.BadInput) return r.code;
    code = Math.max(code, r.code);
  }
  try {
    const tables = loaded.map((l) => readSweep(path.join(out, l.scenario.name)));
    const cols = compareColumns();
    writeInPlace(out, 'compare.csv', csvHeader(cols) + csvRows(cols, tables.map(compareRow)));
    writeInPlace(out, 'compare.html', await compareReportHtml(tables.map((t, i) => ({ table: t, folder: names[i] })), note));
    for (const t of tables) {
      const r = compareRow(t);
      process.stdout.write(`  ${String(r.scenario).padEnd(32)} write_outage_s mean ${fmt(r.write_outage_s_mean)} [${fmt(r.write_outage_s_ci95_low)}, ${fmt(r.write_outage_s_ci95_high)}] min ${fmt(r.write_outage_s_min)} max ${fmt(r.write_outage_s_max)}\n`);
    }
    process.stdout.write(`  wrote ${path.join(out, 'compare.csv')}, ${path.join(out, 'compare.html')}\n`);
  } catch (e) {
    if (e instanceof InputError) return fail(ExitCode.BadInput, e.message);
    throw e;
  }
  return code;
}

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(1) : 'n/a');
