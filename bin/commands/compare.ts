// `faultline compare A.yaml B.yaml [C.yaml ...] [--variant engine.<option>=<value>,... ...]
// --seeds 1..20 [--jobs N] [--out DIR] [--allow-different] [--no-check] [--policy file.json
// --policy-quantile q]`: the same workload, faults and seeds against each topology: each file, or
// with --variant each setting of the first file's engine options (the other files as written).
// Each topology is swept into <out>/<folder>/ (sweep.csv, aggregate.csv, sweep.json, report.html),
// its first seed run once more in memory for the time series, then compare.csv (one row per
// topology: mean and 95% interval of each headline metric, and the policy verdict when there is
// one) and compare.html (side by side, time series and distributions overlaid) go into <out>/.
// Exit codes: 0 every expectation held and no policy breached, 1 one failed or breached somewhere,
// 2 bad input (nothing runs; also scenarios whose region, length, workload or faults differ,
// unless --allow-different), 3 a bug.

import fs from 'node:fs';
import path from 'node:path';
import { csvHeader, csvRows } from '../../reports/csv.ts';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ExitCode, fail } from '../exit.ts';
import { foreignEntries, COMPARE_FILES } from '../faultline-files.ts';
import { parseIntegerFlag } from '../integer-flag.ts';
import { InputError, resolveScenario } from '../scenario-files.ts';
import { isInputError } from '../sweep/execute.ts';
import { executeSweep } from '../sweep/execute.ts';
import { readSweep } from '../sweep/outputs.ts';
import { writeInPlace } from '../report/write-report.ts';
import { compareColumns, compareRow } from '../compare/compare-table.ts';
import { compareReportHtml } from '../compare/compare-report.ts';
import { setupDifference } from '../compare/same-setup.ts';
import { prepareOrExit } from './run.ts';
import { POLICY_OPTION, readPolicyOrExit } from '../policy-flag.ts';
import { parsePolicyQuantile } from '../../reports/policy/sweep-compliance.ts';
import { parseSeeds } from '../../scenarios/sweep/seeds.ts';
import { compareEntries, entryAtSeed, type CompareEntry } from '../compare/compare-entries.ts';
import { firstSeedFolder } from '../compare/first-seed.ts';
import { comparePolicyCells, type PolicyJudgement } from '../compare/compare-policy.ts';
import type { Compared } from '../compare/compare-report.ts';

interface CompareArgs {
  scenarios: string[];
  variant?: string | string[];
  seeds: string;
  jobs?: string;
  out: string;
  allowDifferent: boolean;
  check: boolean;
  policy?: string;
  policyQuantile: string;
}

export const compareCommand: CommandModule<object, CompareArgs> = {
  command: 'compare <scenarios..>',
  describe: 'Run the same workload, faults and seeds against several topologies (one scenario file each, or --variant settings of one); write compare.csv and compare.html',
  builder: (y: Argv) =>
    y
      .positional('scenarios', { type: 'string', array: true, demandOption: true, describe: 'scenario files (or bundled names), one per topology: two or more, or one with --variant' })
      .option('variant', {
        type: 'string',
        describe: "engine.<option>=<value>[,engine.<option>=<value>...]: one topology of the comparison, the first scenario with these settings (repeatable; the `engine.` may be left out; values as --set's)",
      })
      .option('seeds', { type: 'string', default: '1..20', describe: 'seeds every topology runs: 1..20, 5, 1,2,7' })
      .option('jobs', { alias: 'j', type: 'string', describe: 'worker threads (default: every core)' })
      .option('out', { type: 'string', default: 'faultline-out/compare', describe: 'output folder: compare.csv, compare.html and one sweep folder per topology' })
      .option('allow-different', { type: 'boolean', default: false, describe: 'compare even when the region, length, workload or faults differ' })
      .option('check', { type: 'boolean', default: true, describe: 'check each history for linearizability (--no-check: faster)' })
      .option('policy', POLICY_OPTION)
      .option('policy-quantile', { type: 'string', default: 'worst', describe: "judge the policy on this quantile of each fault's RTO and RPO over the seeds: p50, p99, p99.9 ... or worst" })
      .example('$0 compare scenarios/compare/*.yaml --seeds 1..20', 'RDS Multi-AZ instance vs DB cluster vs Aurora under the same writer crash')
      .example("$0 compare rds-multi-az-writer-crash --variant 'dns_ttl=5s' --variant 'dns_ttl=60s,health_check_interval=2s'", 'one scenario under two settings of its engine')
      .example('$0 compare scenarios/compare/*.yaml --seeds 1..10 --policy scenarios/policies/<file>.json', 'each topology judged on a resiliency policy (a breach exits 1)')
      .epilogue(
        'Only the engine (with its cache) and the expectations may differ between the files; the first other difference is ' +
          'named and refused unless --allow-different. With --variant, the first file runs once per variant (not as written: ' +
          'give a variant that restates a value to keep it) and the other files as written; a variant is named by its settings. ' +
          'compare.csv: scenario, engine, seeds, runs, failed_runs, then for each ' +
          'headline metric <metric>_mean, _ci95_low, _ci95_high (Student t interval of the mean), _min, _max; with a policy ' +
          "(--policy, or a scenario's own policy: section) then policy_name, policy_tier, policy_quantile, policy_compliance and the " +
          "worst fault's number, disruption type, RTO and RPO with the objectives they were judged on. compare.html adds the time " +
          "series of each topology's first seed overlaid (throughput, write latency p99, replication lag p99). " +
          'Exit status: 0 all `expect` entries held in every run and no policy breached, 1 one failed or breached somewhere, 2 bad input, 3 simulator bug.',
      ) as unknown as Argv<CompareArgs>,
  handler: async (argv: ArgumentsCamelCase<CompareArgs>) => {
    process.exitCode = await compare(argv);
  },
};

const list = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

async function compare(argv: CompareArgs): Promise<number> {
  const args = argv.scenarios.map(String);
  const variants = list(argv.variant);
  if (args.length < 2 && variants.length === 0) return fail(ExitCode.BadInput, 'compare needs two or more scenario files, one per topology, or one with two or more --variant');
  let percent: number;
  let seed: number;
  try {
    percent = parsePolicyQuantile(argv.policyQuantile);
    seed = parseSeeds(argv.seeds)[0];
  } catch (e) {
    return fail(ExitCode.BadInput, (e as Error).message);
  }
  const policy = argv.policy === undefined ? undefined : readPolicyOrExit(argv.policy);
  if (typeof policy === 'number') return policy;
  const files = [];
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
    files.push({ arg: a, shown: src.shown, text: src.text, loaded: l });
  }
  let entries: CompareEntry[];
  try {
    entries = compareEntries(files, variants);
  } catch (e) {
    if (isInputError(e)) return fail(ExitCode.BadInput, (e as Error).message);
    throw e;
  }
  if (entries.length < 2) return fail(ExitCode.BadInput, 'compare needs two or more topologies: two or more --variant of one file, or a file besides the variants');
  const folders = entries.map((e) => e.folder);
  const twice = folders.find((n, i) => folders.indexOf(n) !== i);
  if (twice !== undefined) return fail(ExitCode.BadInput, `two topologies would share the folder ${twice}; each topology's folder is named after its scenario (and variant), so give them different names`);
  let note: string | null = null;
  const first = files[0];
  for (const l of files.slice(1)) {
    const d = setupDifference(first.loaded.scenario, l.loaded.scenario);
    if (d === null) continue;
    if (!argv.allowDifferent) return fail(ExitCode.BadInput, `${l.shown}: its ${d} differs from ${first.shown}'s; a comparison holds the region, length, workload and faults equal (pass --allow-different to compare anyway)`);
    note = `compared with --allow-different: ${l.loaded.scenario.name} differs in ${d}`;
  }
  const jobs = parseIntegerFlag('--jobs', argv.jobs, 1);
  const out = argv.out;
  const foreign = foreignEntries(out, COMPARE_FILES).filter((e) => !folders.includes(e) && !fs.statSync(path.join(out, e)).isDirectory());
  if (foreign.length > 0) return fail(ExitCode.BadInput, `${out}: holds ${foreign[0]}, not written by faultline compare; choose another --out`);
  let code: number = ExitCode.Ok;
  const judged: (PolicyJudgement | undefined)[] = [];
  for (const e of entries) {
    process.stdout.write(`compare: ${e.label} (${e.loaded.scenario.engine.type}) over seeds ${argv.seeds}\n`);
    const r = await executeSweep({ scenario: e.arg, seeds: argv.seeds, jobs, set: e.sets, out: path.join(out, e.folder), check: argv.check, policy, policyPercent: percent });
    if (r.code >= ExitCode.BadInput) return r.code;
    code = Math.max(code, r.code);
    const p = policy ?? e.loaded.scenario.policy;
    judged.push(p === undefined || r.policyJudged === undefined ? undefined : { policy: p, percent, faults: r.policyJudged[0] ?? [] });
  }
  try {
    const all: Compared[] = entries.map((e, i) => ({
      table: readSweep(path.join(out, e.folder)),
      folder: e.folder,
      label: e.label,
      policy: judged[i],
      firstSeed: firstSeedFolder(entryAtSeed(e, seed)),
    }));
    const withPolicy = judged.some((j) => j !== undefined);
    const cols = compareColumns(withPolicy);
    writeInPlace(out, 'compare.csv', csvHeader(cols) + csvRows(cols, all.map((c) => compareRow(c.table, c.label, c.policy))));
    writeInPlace(out, 'compare.html', await compareReportHtml(all, note, seed));
    const width = Math.max(32, ...all.map((c) => c.label.length + 1));
    for (const c of all) {
      const r = compareRow(c.table, c.label);
      process.stdout.write(`  ${String(r.scenario).padEnd(width)} write_outage_s mean ${fmt(r.write_outage_s_mean)} [${fmt(r.write_outage_s_ci95_low)}, ${fmt(r.write_outage_s_ci95_high)}] min ${fmt(r.write_outage_s_min)} max ${fmt(r.write_outage_s_max)}${policyText(c.policy)}\n`);
    }
    process.stdout.write(`  wrote ${path.join(out, 'compare.csv')}, ${path.join(out, 'compare.html')}\n`);
  } catch (e) {
    if (e instanceof InputError) return fail(ExitCode.BadInput, e.message);
    throw e;
  }
  return code;
}

const fmt = (v: unknown) => (typeof v === 'number' ? v.toFixed(1) : 'n/a');

/** `; policy Gold PolicyBreached: fault #0 Software RTO 86.2 s > 35 s`, or '' without a policy. */
function policyText(j: PolicyJudgement | undefined): string {
  if (j === undefined) return '';
  const p = comparePolicyCells(j);
  if (p.worst_fault === null) return `; policy ${p.policy_name} ${p.policy_compliance}`;
  const rto = typeof p.worst_fault_rto_s === 'number' ? `${p.worst_fault_rto_s.toFixed(1)} s` : 'n/a (writes never came back)';
  return `; policy ${p.policy_name} ${p.policy_compliance}: fault #${p.worst_fault} ${p.worst_fault_disruption_type} RTO ${rto} (objective ${p.policy_rto_s ?? 'none'} s)`;
}
