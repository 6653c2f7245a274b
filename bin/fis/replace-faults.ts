// Writing a plan into a scenario file: its `faults:` list is replaced by the plan's faults (each
// with a comment naming the FIS action it stands for); every other line and comment of the file
// is kept (the yaml package's Document API edits the parsed document in place).
// Leaves out: merging with the faults already there (the drill is the whole fault timeline).

import { isMap, isSeq, parseDocument, type Document } from 'yaml';
import { formatDuration } from '../../scenarios/format/units.ts';
import type { PlannedAction, PlannedFault } from './import-plan.ts';

function entryOf(f: PlannedFault, atUs: number): Record<string, unknown> {
  const e: Record<string, unknown> = { at: formatDuration(atUs), kind: f.kind };
  if (f.kind === 'partition') e.sides = f.sides;
  else e.target = f.target;
  if (f.forUs !== undefined) e.for = formatDuration(f.forUs);
  if (f.kind !== 'partition' && f.disruption !== undefined) e.disruption = f.disruption;
  return e;
}

/** The scenario text with its faults replaced; the experiment starts at `startUs`. */
export function replaceFaults(doc: Document, actions: readonly PlannedAction[], startUs: number, source: string): string {
  const entries: { entry: Record<string, unknown>; comment: string }[] = [];
  const ordered = [...actions].sort((a, b) => a.startUs - b.startUs);
  for (const a of ordered) {
    a.faults.forEach((f, i) => entries.push({ entry: entryOf(f, startUs + a.startUs), comment: i === 0 ? ` FIS action ${a.name} (${a.actionId})` : '' }));
  }
  const seq = doc.createNode(entries.map((e) => e.entry));
  if (isSeq(seq)) {
    seq.items.forEach((item, i) => {
      if (entries[i].comment !== '') (item as { commentBefore?: string }).commentBefore = entries[i].comment;
      // Targets and sides on one line, as the bundled scenarios write them.
      if (isMap(item)) for (const pair of item.items) if (isMap(pair.value) || isSeq(pair.value)) pair.value.flow = true;
    });
    seq.commentBefore = ` Imported from ${source} by faultline fis import`;
  }
  doc.set('faults', seq);
  return doc.toString({ lineWidth: 0 });
}

export function parseScenarioDocument(text: string): Document {
  return parseDocument(text, { keepSourceTokens: false });
}
