// Writing a plan into a scenario file: its `faults:` list is replaced by the plan's faults (each
// with a comment naming the FIS action it stands for). Every other line and comment of the file
// is kept byte for byte: the yaml package's Document API finds where the `faults:` entry lies
// in the text, and only that span is replaced by the new list (rendered by the same API). A
// file without faults gets the list at its end; a JSON (flow) file is rewritten whole.
// Leaves out: merging with the faults already there (the drill is the whole fault timeline).

import { Document, isMap, isScalar, isSeq, parseDocument } from 'yaml';
import { formatDuration } from '../../scenarios/format/units.ts';
import type { PlannedAction, PlannedFault } from './import-plan.ts';

function entryOf(f: PlannedFault, atUs: number): Record<string, unknown> {
  const e: Record<string, unknown> = { at: formatDuration(atUs), kind: f.kind };
  if (f.kind === 'partition') e.sides = f.sides;
  else if (f.kind === 'pause-replication') e.region = f.region;
  else e.target = f.target;
  if (f.forUs !== undefined) e.for = formatDuration(f.forUs);
  if (f.kind !== 'partition' && f.kind !== 'pause-replication' && f.disruption !== undefined) e.disruption = f.disruption;
  return e;
}

/** The `faults:` entry alone, as block YAML, for the experiment starting at `startUs`. */
function faultsYaml(actions: readonly PlannedAction[], startUs: number, source: string): Document {
  const entries: { entry: Record<string, unknown>; comment: string }[] = [];
  // Stable sort: actions starting together keep the template's order.
  const ordered = [...actions].sort((a, b) => a.startUs - b.startUs);
  for (const a of ordered) {
    a.faults.forEach((f, i) => entries.push({ entry: entryOf(f, startUs + a.startUs), comment: i === 0 ? ` FIS action ${a.name} (${a.actionId})` : '' }));
  }
  const doc = new Document({});
  const seq = doc.createNode(entries.map((e) => e.entry));
  if (isSeq(seq)) {
    seq.items.forEach((item, i) => {
      if (entries[i].comment !== '') (item as { commentBefore?: string }).commentBefore = entries[i].comment;
      // Targets and sides on one line, as the bundled scenarios write them.
      if (isMap(item)) for (const pair of item.items) if (isMap(pair.value) || isSeq(pair.value)) pair.value.flow = true;
    });
  }
  doc.set('faults', seq);
  return doc;
}

/** The scenario text with its faults replaced; the experiment starts at `startUs`. */
export function replaceFaults(text: string, actions: readonly PlannedAction[], startUs: number, source: string): string {
  const doc = parseDocument(text);
  const fresh = faultsYaml(actions, startUs, source);
  const root = doc.contents;
  if (!isMap(root) || root.flow === true) {
    doc.set('faults', fresh.get('faults', true));
    return doc.toString({ lineWidth: 0 });
  }
  const rendered = `# Imported from ${source} by faultline fis import\n${fresh.toString({ lineWidth: 0 })}`;
  const pair = root.items.find((p) => isScalar(p.key) && p.key.value === 'faults');
  const keyRange = pair !== undefined && isScalar(pair.key) ? pair.key.range : undefined;
  const valueEnd = (pair?.value as { range?: [number, number, number] } | null | undefined)?.range?.[1];
  if (keyRange === undefined || keyRange === null) return `${text}${text.endsWith('\n') || text === '' ? '' : '\n'}${rendered}`;
  const end = valueEnd ?? keyRange[1];
  // The new text ends with a newline; so did the old entry, unless it ended the file.
  const tail = text.slice(end).replace(/^[ \t]*\r?\n/, '');
  // A file imported before keeps one header line, not one per import.
  const head = text.slice(0, keyRange[0]).replace(/# Imported from .* by faultline fis import\r?\n$/, '');
  return `${head}${rendered}${tail}`;
}
