// `fis import`, without the file system: a FIS experiment template and a scenario's text in, the
// scenario's text with its `faults:` replaced by the drill out. The experiment starts at `atUs`
// (default: where the scenario's first fault starts, or the end of its warm-up when it has none);
// every action must start before the workload ends. The result is validated like any scenario
// file before it is handed back, so a file written from it always runs.
// Leaves out: writing (bin/commands/fis.ts), and drills longer than the workload (an error).

import { prepareScenario } from '../../scenarios/prepare.ts';
import { formatDuration } from '../../scenarios/format/units.ts';
import { Problems, step } from './fis-error.ts';
import { planTemplate, type Plan } from './import-plan.ts';
import { inventoryOf } from './inventory.ts';
import { replaceFaults } from './replace-faults.ts';
import { defaultTagMap, readTagMap } from './tag-map.ts';
import { readTemplate } from './template-shape.ts';

export interface ImportInput {
  template: { file: string; text: string };
  scenario: { file: string; text: string };
  tags?: { file: string; text: string };
  skipUnsupported?: boolean;
  /** When the experiment starts on the scenario's clock. */
  atUs?: number;
  /** The name the new scenario file is checked under, for messages. */
  outFile?: string;
}

export interface ImportResult {
  text: string;
  plan: Plan;
  startUs: number;
}

export function importTemplate(input: ImportInput): ImportResult {
  const { template: tf, scenario: sf } = input;
  const template = readTemplate(tf.text, tf.file);
  const map = input.tags === undefined ? defaultTagMap() : readTagMap(input.tags.text, input.tags.file);
  const { scenario } = prepareScenario(sf.text, sf.file);
  const plan = planTemplate(template, inventoryOf(scenario), map, tf.file, input.skipUnsupported === true);
  const startUs = input.atUs ?? (scenario.faults.length > 0 ? Math.min(...scenario.faults.map((f) => f.atUs)) : scenario.warmupUs);
  const p = new Problems(tf.file);
  for (const a of plan.actions) {
    const at = startUs + a.startUs;
    if (a.faults.length > 0 && at >= scenario.durationUs) {
      p.add(step('$.actions', a.name), `starts at ${formatDuration(at)}, at or after the end of ${sf.file}'s workload (duration ${formatDuration(scenario.durationUs)}); lengthen it or start the experiment earlier with --at`);
    }
  }
  p.check();
  const text = replaceFaults(sf.text, plan.actions, startUs, tf.file.split('/').pop() ?? tf.file);
  prepareScenario(text, input.outFile ?? sf.file);
  return { text, plan, startUs };
}
