// `faultline fis import` and `faultline fis export`: AWS FIS experiment templates in and out.
// import turns a template into a scenario's fault timeline (bin/fis/import-template.ts); export
// turns a scenario's faults into a template (bin/fis/export-template.ts). Each writes its file
// whole or not at all (or prints it when --out is not given). Exit 0 done; 2 bad input or an
// action / fault that cannot be converted (unless --skip-unsupported), every problem on its own
// line, nothing written.

import fs from 'node:fs';
import path from 'node:path';
import type { ArgumentsCamelCase, Argv, CommandModule } from 'yargs';
import { ExitCode, fail } from '../exit.ts';
import { InputError, resolveScenario } from '../scenario-files.ts';
import { parseDuration } from '../../scenarios/format/units.ts';
import { exportScenario } from '../fis/export-template.ts';
import { importTemplate } from '../fis/import-template.ts';
import { writeInPlace } from '../report/write-report.ts';
import { fsErrorText, isFsError } from '../fs-error.ts';

interface ImportArgs {
  template: string;
  onto: string;
  out?: string;
  tags?: string;
  at?: string;
  skipUnsupported: boolean;
}

interface ExportArgs {
  scenario: string;
  out?: string;
  skipUnsupported: boolean;
}

function readInput(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw isFsError(e) ? new InputError(fsErrorText(e, file)) : e;
  }
}

/** Runs `body`; bad input (each of its lines) is exit 2. */
function guarded(body: () => number): number {
  try {
    return body();
  } catch (e) {
    const err = e as Error & { lines?: unknown };
    if (err.name === 'InputError' && Array.isArray(err.lines)) {
      for (const line of err.lines as string[]) fail(ExitCode.BadInput, line);
      return ExitCode.BadInput;
    }
    if (err.name === 'ScenarioError' && typeof err.lines === 'function') {
      for (const line of (err.lines as () => string[])()) fail(ExitCode.BadInput, line);
      return ExitCode.BadInput;
    }
    if (err.name === 'InputError') return fail(ExitCode.BadInput, err.message);
    throw e;
  }
}

function emit(text: string, out: string | undefined): void {
  if (out === undefined) process.stdout.write(text);
  else writeInPlace(path.dirname(out), path.basename(out), text);
}

const importCommand: CommandModule<object, ImportArgs> = {
  command: 'import <template>',
  describe: 'Turn an AWS FIS experiment template into a scenario\'s fault timeline',
  builder: (y: Argv) =>
    y
      .positional('template', { type: 'string', demandOption: true, describe: 'the experiment template (CreateExperimentTemplate JSON)' })
      .option('onto', { type: 'string', demandOption: true, describe: 'the scenario whose nodes the targets resolve against (a file or a bundled name)' })
      .option('out', { type: 'string', describe: 'write the new scenario here (default: print it)' })
      .option('tags', { type: 'string', describe: 'a tag map (JSON) saying which tags, AZ names and resource ids stand for which nodes' })
      .option('at', { type: 'string', describe: 'when the experiment starts on the scenario\'s clock (default: its first fault, or the end of the warm-up)' })
      .option('skip-unsupported', { type: 'boolean', default: false, describe: 'skip actions Faultline cannot rehearse, with a warning, instead of failing' })
      .example('$0 fis import scenarios/fis/aurora-cluster-failover.json --onto aurora-writer-crash --out drill.yaml', 'rehearse a FIS template')
      .epilogue('The scenario keeps every line but its faults: list, which becomes the drill. See docs/fis.md for the mapping. Exit status 0 done, 2 bad input or an unsupported action.') as unknown as Argv<ImportArgs>,
  handler: (argv: ArgumentsCamelCase<ImportArgs>) => {
    process.exitCode = guarded(() => {
      let atUs: number | undefined;
      if (argv.at !== undefined) {
        try {
          atUs = parseDuration(argv.at);
        } catch (e) {
          return fail(ExitCode.BadInput, `--at: ${(e as Error).message}`);
        }
      }
      const src = resolveScenario(argv.onto);
      const r = importTemplate({
        template: { file: argv.template, text: readInput(argv.template) },
        scenario: { file: src.shown, text: src.text },
        ...(argv.tags === undefined ? {} : { tags: { file: argv.tags, text: readInput(argv.tags) } }),
        skipUnsupported: argv.skipUnsupported,
        ...(atUs === undefined ? {} : { atUs }),
        ...(argv.out === undefined ? {} : { outFile: argv.out }),
      });
      for (const w of r.plan.warnings) process.stderr.write(`faultline: warning: ${w}\n`);
      emit(r.text, argv.out);
      return ExitCode.Ok;
    });
  },
};

const exportCommand: CommandModule<object, ExportArgs> = {
  command: 'export <scenario>',
  describe: 'Turn a scenario\'s faults into an AWS FIS experiment template',
  builder: (y: Argv) =>
    y
      .positional('scenario', { type: 'string', demandOption: true, describe: 'a scenario file or a bundled name' })
      .option('out', { type: 'string', describe: 'write the template here (default: print it)' })
      .option('skip-unsupported', { type: 'boolean', default: false, describe: 'leave out faults FIS cannot inject, with a warning, instead of failing' })
      .epilogue('Targets are tag-based (faultline:role, faultline:node, faultline:az, FIS-Ready=True); replace the placeholder roleArn before use. Exit status 0 done, 2 bad input or a fault FIS cannot inject.') as unknown as Argv<ExportArgs>,
  handler: (argv: ArgumentsCamelCase<ExportArgs>) => {
    process.exitCode = guarded(() => {
      const src = resolveScenario(argv.scenario);
      const r = exportScenario(src.text, src.shown);
      const skip = argv.skipUnsupported;
      for (const line of r.unsupported) process.stderr.write(`faultline: ${skip ? 'warning: ' : ''}${line}${skip ? '; left out' : ''}\n`);
      if (r.unsupported.length > 0 && !skip) return ExitCode.BadInput;
      if (r.actionCount === 0) return fail(ExitCode.BadInput, `${src.shown}: no fault FIS can inject: nothing to export`);
      emit(r.json, argv.out);
      return ExitCode.Ok;
    });
  },
};

export const fisCommand: CommandModule<object, object> = {
  command: 'fis <command>',
  describe: 'AWS FIS experiment templates: import one as a scenario\'s faults, or export a scenario\'s faults as one',
  builder: (y: Argv) => y.command(importCommand).command(exportCommand).demandCommand(1, 'Name a fis command: import or export.') as Argv,
  handler: () => {},
};
