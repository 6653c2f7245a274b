// `faultline report <out-dir> [--scenario S]`: (re)writes report.html in an existing output
// folder: a run's (summary.csv, timeseries.csv, ...) or a sweep's (sweep.csv and sweep.json).
// With --scenario, a run's page judges that scenario's expectations against summary.csv, as
// `faultline run` did, and draws the per-domain and per-replica charts by simulating that
// scenario again at the folder's seed (bin/report/domain-rerun.ts); without it the page says
// the expectations were not evaluated and leaves those charts out.
// Exit codes: 0 written, 2 bad input (not such a folder, unreadable files, a bad scenario).

import fs from 'node:fs';
import path from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ExitCode, fail } from '../exit.ts';
import { InputError, resolveScenario } from '../scenario-files.ts';
import { readRunFolder } from '../report/run-folder.ts';
import { runReportHtml } from '../report/run-report.ts';
import { expectationsOf } from '../report/summary-expectations.ts';
import { writeInPlace } from '../report/write-report.ts';
import { rerunDomainSeries } from '../report/domain-rerun.ts';
import { sweepReportHtml } from '../report/sweep-report.ts';
import { readSweep } from '../sweep/outputs.ts';
import { prepareOrExit } from './run.ts';

interface ReportArgs {
  dir: string;
  scenario?: string;
}

export const reportCommand: CommandModule<object, ReportArgs> = {
  command: 'report <dir>',
  describe: "Write report.html (verdict, charts with the fault windows shaded, timeline, per-fault table) for a run's or a sweep's output folder",
  builder: (y: Argv) =>
    y
      .positional('dir', { type: 'string', demandOption: true, describe: 'the output folder of `faultline run` or `faultline sweep`' })
      .option('scenario', { type: 'string', describe: "a run's scenario (file or bundled name): its expectations are judged against summary.csv" })
      .epilogue('`faultline run` and `faultline sweep` write report.html themselves; this command draws it again (after an upgrade, or for a folder from --no-report). Exit status: 0 written, 2 bad input.') as unknown as Argv<ReportArgs>,
  handler: async (argv: ArgumentsCamelCase<ReportArgs>) => {
    process.exitCode = await report(argv.dir, argv.scenario);
  },
};

async function report(dir: string, scenario: string | undefined): Promise<number> {
  try {
    if (!fs.statSync(dir, { throwIfNoEntry: false })?.isDirectory()) throw new InputError(`${dir}: no such folder`);
    let html: string;
    if (fs.existsSync(path.join(dir, 'sweep.json'))) {
      if (scenario !== undefined) throw new InputError(`${dir}: a sweep's folder; --scenario is for a run's (sweep.json names the scenario)`);
      html = await sweepReportHtml(readSweep(dir));
    } else {
      const folder = readRunFolder(dir);
      let expectations;
      let domainSeries;
      if (scenario !== undefined) {
        const src = resolveScenario(scenario);
        const loaded = prepareOrExit(src.text, src.shown);
        if (typeof loaded === 'number') return loaded;
        expectations = expectationsOf(folder.summaryRows ?? [folder.summary], loaded.scenario.expect, folder.faults.rows);
        domainSeries = rerunDomainSeries(folder, loaded.scenario) ?? undefined;
      }
      html = await runReportHtml(folder, { expectations, domainSeries });
    }
    process.stdout.write(`${writeInPlace(dir, 'report.html', html)}\n`);
    return ExitCode.Ok;
  } catch (e) {
    if (e instanceof InputError) return fail(ExitCode.BadInput, e.message);
    throw e;
  }
}
