// Reading a resiliency policy: the `policy:` section of a scenario, or a JSON file given with
// `--policy` (the request body of Resilience Hub's CreateResiliencyPolicy). Every problem names
// the file, line and field path (`policy.Software.rtoInSecs`), as the rest of a scenario does.
// Leaves out: clientToken and the other request-only fields are accepted and ignored; whether the
// policy suits the scenario (a type no fault has is simply never used).

import { DISRUPTION_TYPES, POLICY_TIERS, type RecoveryObjective, type ResiliencyPolicy } from '../../reports/policy/resiliency-policy.ts';
import { Reader } from './field-reader.ts';
import { parseSource, type SourceNode } from './yaml-source.ts';

export const POLICY_KEYS = ['policyName', 'tier', 'policy', 'policyDescription', 'dataLocationConstraint', 'tags', 'clientToken'] as const;
const LOCATIONS = ['AnyLocation', 'SameContinent', 'SameCountry'];
/** Resilience Hub's objectives are whole seconds; a year bounds them well past any drill. */
const MAX_OBJECTIVE_S = 365 * 24 * 3600;

export function readPolicy(r: Reader, node: SourceNode): ResiliencyPolicy {
  const f = r.map(node, POLICY_KEYS, 'a resiliency policy like { policyName: p, tier: Critical, policy: { Software: { rtoInSecs: 35, rpoInSecs: 0 } } }');
  const policyName = r.attempt(() => r.string(f.require('policyName', 'the policy name'), 'a policy name'), '');
  const tier = r.attempt(() => r.choice(f.require('tier', POLICY_TIERS.join(', ')), POLICY_TIERS), 'NotApplicable');
  const dl = f.get('dataLocationConstraint');
  if (dl !== undefined) r.attempt(() => r.choice(dl, LOCATIONS), undefined);
  const desc = f.get('policyDescription');
  if (desc !== undefined) r.attempt(() => r.string(desc), undefined);
  const objectives = r.map(f.require('policy', 'objectives per disruption type, e.g. { Software: { rtoInSecs: 35, rpoInSecs: 0 } }'), DISRUPTION_TYPES);
  const policy: ResiliencyPolicy['policy'] = {};
  for (const type of DISRUPTION_TYPES) {
    const o = objectives.get(type);
    if (o === undefined) continue;
    const ref = policy;
    r.attempt(() => {
      ref[type] = readObjective(r, o);
    }, undefined);
  }
  if (objectives.keys().length === 0) r.fail(objectives.node, `needs at least one of ${DISRUPTION_TYPES.join(', ')}`);
  return { policyName, tier, policy };
}

function readObjective(r: Reader, node: SourceNode): RecoveryObjective {
  const f = r.map(node, ['rtoInSecs', 'rpoInSecs'], '{ rtoInSecs, rpoInSecs }');
  const rtoInSecs = r.attempt(() => r.integer(f.require('rtoInSecs', 'the recovery time objective in whole seconds'), { min: 0, max: MAX_OBJECTIVE_S }, 'whole seconds'), 0);
  const rpoInSecs = r.attempt(() => r.integer(f.require('rpoInSecs', 'the recovery point objective in whole seconds'), { min: 0, max: MAX_OBJECTIVE_S }, 'whole seconds'), 0);
  return { rtoInSecs, rpoInSecs };
}

/** A policy file (JSON, or YAML of the same shape); throws ScenarioError naming file, line and field. */
export function loadPolicyFile(text: string, file: string): ResiliencyPolicy {
  const source = parseSource(text, file);
  const r: Reader = new Reader(file);
  return r.collect(() => {
    if (source.root === null) r.fail({ path: '', line: 1 }, 'the file is empty; a policy needs policyName, tier and policy');
    const p = readPolicy(r, source.root);
    if (r.problems.length > 0) r.stop();
    return p;
  });
}
