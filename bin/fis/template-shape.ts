// Reading a FIS experiment template (the JSON of CreateExperimentTemplate) into typed form,
// checking the rules its documentation states: a target names resources by ARNs or by tags, not
// both; at most 5 ARNs; selectionMode ALL, COUNT(n) or PERCENT(n); every action's targets and
// startAfter name things that exist, and startAfter has no cycle. Every problem is one line with
// its JSON path. Leaves out: what the actions mean (action-catalog.ts, import-plan.ts).

import { FisError, Problems, step } from './fis-error.ts';

export interface FisFilter {
  path: string;
  values: string[];
}

export interface FisTarget {
  resourceType: string;
  resourceArns?: string[];
  resourceTags?: Record<string, string>;
  filters?: FisFilter[];
  selectionMode: string;
  parameters?: Record<string, string>;
}

export interface FisAction {
  actionId: string;
  description?: string;
  parameters?: Record<string, string>;
  targets?: Record<string, string>;
  startAfter?: string[];
}

export interface FisTemplate {
  description: string;
  targets: Record<string, FisTarget>;
  actions: Record<string, FisAction>;
  stopConditions: { source: string; value?: string }[];
  roleArn?: string;
  tags?: Record<string, string>;
}

const TEMPLATE_KEYS = ['description', 'targets', 'actions', 'stopConditions', 'roleArn', 'tags', 'logConfiguration', 'experimentOptions', 'experimentReportConfiguration', 'clientToken'];
const TARGET_KEYS = ['resourceType', 'resourceArns', 'resourceTags', 'filters', 'selectionMode', 'parameters'];
const ACTION_KEYS = ['actionId', 'description', 'parameters', 'targets', 'startAfter'];
const MAX_ARNS = 5;
export const SELECTION = /^(ALL|COUNT\((\d+)\)|PERCENT\((\d+)\))$/;

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks `text`; throws FisError with every problem found. */
export function readTemplate(text: string, file: string): FisTemplate {
  const p = new Problems(file);
  let json: Json;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new FisError([`${file}: $: not JSON (${(e as Error).message})`]);
  }
  if (!isObject(json)) throw new FisError([`${file}: $: expected a FIS experiment template (a JSON object with targets and actions)`]);
  onlyKeys(p, json, '$', TEMPLATE_KEYS);
  const targets = objectOf(p, json.targets, '$.targets', false);
  const actions = objectOf(p, json.actions, '$.actions', true);
  for (const [name, t] of Object.entries(targets)) checkTarget(p, t, step('$.targets', name));
  for (const [name, a] of Object.entries(actions)) checkAction(p, a, step('$.actions', name), targets, actions);
  checkCycles(p, actions);
  if (json.description !== undefined && typeof json.description !== 'string') p.add('$.description', 'expected a string');
  const stops = json.stopConditions;
  if (stops !== undefined && !Array.isArray(stops)) p.add('$.stopConditions', 'expected a list like [{ "source": "none" }]');
  p.check();
  return {
    description: (json.description as string | undefined) ?? '',
    targets: targets as unknown as Record<string, FisTarget>,
    actions: actions as unknown as Record<string, FisAction>,
    stopConditions: (stops as FisTemplate['stopConditions'] | undefined) ?? [{ source: 'none' }],
    ...(typeof json.roleArn === 'string' ? { roleArn: json.roleArn } : {}),
    ...(isObject(json.tags) ? { tags: json.tags as Record<string, string> } : {}),
  };
}

function onlyKeys(p: Problems, o: Record<string, Json>, path: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o)) if (!allowed.includes(k)) p.add(step(path, k), `unknown field (expected one of ${allowed.join(', ')})`);
}

function objectOf(p: Problems, v: Json, path: string, required: boolean): Record<string, Record<string, Json>> {
  if (v === undefined && !required) return {};
  if (!isObject(v)) {
    p.add(path, v === undefined ? 'missing (a template needs at least one action)' : 'expected an object of named entries');
    return {};
  }
  const out: Record<string, Record<string, Json>> = {};
  for (const [k, e] of Object.entries(v)) {
    if (isObject(e)) out[k] = e;
    else p.add(step(path, k), 'expected an object');
  }
  return out;
}

function stringMap(p: Problems, v: Json, path: string): void {
  if (v === undefined) return;
  if (!isObject(v)) return p.add(path, 'expected an object of strings');
  for (const [k, s] of Object.entries(v)) if (typeof s !== 'string') p.add(step(path, k), `expected a string, got ${JSON.stringify(s)}`);
}

function stringList(p: Problems, v: Json, path: string): void {
  if (v === undefined) return;
  if (!Array.isArray(v)) return p.add(path, 'expected a list of strings');
  v.forEach((s, i) => {
    if (typeof s !== 'string') p.add(step(path, i), `expected a string, got ${JSON.stringify(s)}`);
  });
}

function checkTarget(p: Problems, t: Record<string, Json>, path: string): void {
  onlyKeys(p, t, path, TARGET_KEYS);
  if (typeof t.resourceType !== 'string') p.add(step(path, 'resourceType'), 'missing (e.g. "aws:rds:db")');
  if (typeof t.selectionMode !== 'string') p.add(step(path, 'selectionMode'), 'missing (ALL, COUNT(n) or PERCENT(n))');
  else {
    const m = SELECTION.exec(t.selectionMode);
    if (m === null) p.add(step(path, 'selectionMode'), `"${t.selectionMode}" is not ALL, COUNT(n) or PERCENT(n)`);
    else if (m[3] !== undefined && (Number(m[3]) < 1 || Number(m[3]) > 100)) p.add(step(path, 'selectionMode'), `PERCENT(${m[3]}) is outside 1-100`);
    else if (m[2] !== undefined && Number(m[2]) < 1) p.add(step(path, 'selectionMode'), 'COUNT(0) selects nothing');
  }
  stringList(p, t.resourceArns, step(path, 'resourceArns'));
  stringMap(p, t.resourceTags, step(path, 'resourceTags'));
  stringMap(p, t.parameters, step(path, 'parameters'));
  if (t.resourceArns !== undefined && t.resourceTags !== undefined) p.add(path, 'names resources by both resourceArns and resourceTags; a target takes one or the other');
  if (Array.isArray(t.resourceArns) && t.resourceArns.length > MAX_ARNS) p.add(step(path, 'resourceArns'), `${t.resourceArns.length} ARNs; a target takes at most ${MAX_ARNS}`);
  if (t.filters !== undefined) {
    if (!Array.isArray(t.filters)) p.add(step(path, 'filters'), 'expected a list of { path, values }');
    else
      t.filters.forEach((f: Json, i) => {
        const fp = step(step(path, 'filters'), i);
        if (!isObject(f)) return p.add(fp, 'expected { "path": ..., "values": [...] }');
        onlyKeys(p, f, fp, ['path', 'values']);
        if (typeof f.path !== 'string') p.add(step(fp, 'path'), 'missing (e.g. "AvailabilityZone")');
        if (!Array.isArray(f.values)) p.add(step(fp, 'values'), 'expected a list of strings');
        else stringList(p, f.values, step(fp, 'values'));
      });
  }
}

function checkAction(p: Problems, a: Record<string, Json>, path: string, targets: Record<string, Json>, actions: Record<string, Json>): void {
  onlyKeys(p, a, path, ACTION_KEYS);
  if (typeof a.actionId !== 'string') p.add(step(path, 'actionId'), 'missing (e.g. "aws:rds:failover-db-cluster")');
  stringMap(p, a.parameters, step(path, 'parameters'));
  stringMap(p, a.targets, step(path, 'targets'));
  if (isObject(a.targets)) {
    for (const [k, name] of Object.entries(a.targets)) {
      if (typeof name === 'string' && !Object.hasOwn(targets, name)) {
        p.add(step(step(path, 'targets'), k), `unknown target "${name}" (the template's targets: ${Object.keys(targets).join(', ') || 'none'})`);
      }
    }
  }
  stringList(p, a.startAfter, step(path, 'startAfter'));
  if (Array.isArray(a.startAfter)) {
    a.startAfter.forEach((name, i) => {
      if (typeof name === 'string' && !Object.hasOwn(actions, name)) p.add(step(step(path, 'startAfter'), i), `unknown action "${name}"`);
    });
  }
}

/** Invariant: once this passes, following startAfter from any action ends (no cycle). */
function checkCycles(p: Problems, actions: Record<string, Record<string, Json>>): void {
  const state = new Map<string, 'open' | 'done'>();
  const visit = (name: string, trail: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'open') {
      const cycle = [...trail.slice(trail.indexOf(name)), name];
      p.add(step(step('$.actions', trail[trail.length - 1]), 'startAfter'), `startAfter makes a cycle: ${cycle.join(' -> ')}`);
      return;
    }
    state.set(name, 'open');
    const after = actions[name]?.startAfter;
    if (Array.isArray(after)) for (const next of after) if (typeof next === 'string' && Object.hasOwn(actions, next)) visit(next, [...trail, name]);
    state.set(name, 'done');
  };
  for (const name of Object.keys(actions)) visit(name, []);
}
