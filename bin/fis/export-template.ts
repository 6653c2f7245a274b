// `fis export`, without the file system: a scenario's faults as a FIS experiment template. The
// experiment starts with the first fault FIS can inject; an action starting later waits for an
// `aws:fis:wait` of that offset (waits run side by side from the start, so each offset needs one
// wait, not a chain). Each distinct target gets one tag-based entry. The template is read back
// through the import's own checks before it is returned, so it passes the rules they enforce.
// Faults FIS cannot inject come back as one line each (file:line: faults[i]: why).
// Leaves out: stop conditions other than none, logging, the experiment role (a placeholder ARN).

import { LineCounter, parseDocument, isSeq } from 'yaml';
import { prepareScenario } from '../../scenarios/prepare.ts';
import { formatDuration } from '../../scenarios/format/units.ts';
import { ACTIONS } from './action-catalog.ts';
import { exportAction, type ExportedAction } from './export-action.ts';
import { planTemplate } from './import-plan.ts';
import { inventoryOf } from './inventory.ts';
import { formatIsoDuration } from './iso-duration.ts';
import { defaultTagMap } from './tag-map.ts';
import { readTemplate, type FisAction, type FisTarget } from './template-shape.ts';

export const ROLE_ARN_PLACEHOLDER = 'arn:aws:iam::<ACCOUNT-ID>:role/<FIS-EXPERIMENT-ROLE>';

export interface ExportResult {
  /** The template JSON, with a final newline. */
  json: string;
  /** One line per fault left out. */
  unsupported: string[];
  /** Actions other than waits in the template. */
  actionCount: number;
}

function faultLines(text: string): number[] {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter });
  const faults = doc.get('faults', true);
  if (!isSeq(faults)) return [];
  return faults.items.map((it) => counter.linePos((it as { range?: [number] }).range?.[0] ?? 0).line);
}

export function exportScenario(text: string, file: string): ExportResult {
  const { scenario } = prepareScenario(text, file);
  const inv = inventoryOf(scenario);
  const lines = faultLines(text);
  const unsupported: string[] = [];
  const at = (i: number) => `${file}:${lines[i] ?? 1}: faults[${i}]`;
  const mapped: { index: number; atUs: number; action: ExportedAction }[] = [];
  scenario.faults.forEach((f, index) => {
    const a = exportAction(inv, f);
    if (typeof a === 'string') unsupported.push(`${at(index)}: ${f.kind}: ${a}`);
    else mapped.push({ index, atUs: f.atUs, action: a });
  });
  mapped.sort((x, y) => x.atUs - y.atUs || x.index - y.index);
  const startUs = mapped[0]?.atUs ?? 0;
  const wait = ACTIONS['aws:fis:wait'].parameters.duration.duration!;

  const targets: Record<string, FisTarget> = {};
  const targetKeys = new Map<string, string>();
  const actions: Record<string, FisAction> = {};
  const counts = new Map<string, number>();
  const nameFor = (base: string) => {
    const n = (counts.get(base) ?? 0) + 1;
    counts.set(base, n);
    return `${base}-${n}`;
  };
  for (const m of mapped) {
    const offsetUs = m.atUs - startUs;
    const startAfter: string[] = [];
    if (offsetUs > 0) {
      if (offsetUs < wait.minUs || offsetUs > wait.maxUs) {
        unsupported.push(`${at(m.index)}: starts ${formatDuration(offsetUs)} after the experiment's first action; aws:fis:wait waits ${formatIsoDuration(wait.minUs)}-${formatIsoDuration(wait.maxUs)}`);
        continue;
      }
      const waitName = `wait-${formatDuration(offsetUs)}`;
      actions[waitName] ??= { actionId: 'aws:fis:wait', description: `Wait ${formatDuration(offsetUs)} from the experiment's start`, parameters: { duration: formatIsoDuration(offsetUs) } };
      startAfter.push(waitName);
    }
    const rule = ACTIONS[m.action.actionId];
    const action: FisAction = { actionId: m.action.actionId, description: `faults[${m.index}] of ${scenario.name}`, parameters: m.action.parameters };
    if (m.action.target !== null && rule.targetKey !== null) {
      const key = JSON.stringify(m.action.target);
      let name = targetKeys.get(key);
      if (name === undefined) {
        name = nameFor(`${rule.targetKey}-Target`);
        targetKeys.set(key, name);
        targets[name] = m.action.target;
      }
      action.targets = { [rule.targetKey]: name };
    }
    if (startAfter.length > 0) action.startAfter = startAfter;
    actions[nameFor(m.action.actionId.split(':').pop()!)] = action;
  }
  const template = {
    description: `Rehearsed in Faultline as ${scenario.name} (exported by faultline fis export from ${file.split('/').pop()})`,
    targets,
    actions,
    stopConditions: [{ source: 'none' }],
    roleArn: ROLE_ARN_PLACEHOLDER,
    tags: { Name: scenario.name },
  };
  const json = `${JSON.stringify(template, null, 2)}\n`;
  // Invariant: what export writes, import reads back onto the same scenario without a problem.
  planTemplate(readTemplate(json, '(exported template)'), inv, defaultTagMap(), '(exported template)', false);
  return { json, unsupported, actionCount: Object.values(actions).filter((a) => a.actionId !== 'aws:fis:wait').length };
}
