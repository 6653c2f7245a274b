// A scenario file, loaded, validated and checked against the topology it builds: what every
// command that takes a scenario calls. Throws ScenarioError (file, line, field) on bad input.

import { loadScenario, type LoadedScenario, type LoadOptions } from './format/load-scenario.ts';
import { checkTargets } from './check-targets.ts';

export function prepareScenario(text: string, file: string, opts: LoadOptions = {}): LoadedScenario {
  const loaded = loadScenario(text, file, opts);
  checkTargets(loaded);
  return loaded;
}
