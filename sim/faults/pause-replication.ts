// `pause-replication`: the FIS action aws:dynamodb:global-table-pause-replication. Replication of
// a global table to and from one region stops: that region's copy neither sends its writes to the
// others nor applies theirs, while its own clients go on reading and writing it (in strong mode,
// MRSC, its writes fail: it cannot reach a second region). AWS documents that "tables may
// continue to be replicated for up to 5 minutes after action begins" (FIS User Guide, Actions
// reference, Amazon DynamoDB actions): the pause takes effect `takes_effect_after` (default that
// bound, 5 minutes) after `at` and lasts until `at` + `for`, when the action ends. A Region
// disruption. Only engines that replicate between regions take it (EngineFactory.replicatedRegions;
// the scenario check refuses it elsewhere).
// Leaves out: a random delay within the bound (the scenario chooses it), and pausing one direction only.

import type { FaultKindDef, Timed } from './fault-kind.ts';
import { readRegionKey } from './region-key.ts';

export type PauseReplicationSpec = Timed & { kind: 'pause-replication'; region: string; effectAfterUs: number };

/** FIS: replication may go on for up to 5 minutes after the action begins. */
export const PAUSE_EFFECT_BOUND_US = 5 * 60 * 1_000_000;

export const pauseReplication: FaultKindDef<PauseReplicationSpec> = {
  kind: 'pause-replication',
  summary: 'replication of a global table to and from a region stops, `takes_effect_after` (default 5m, FIS\'s bound) after `at`, until `at` + `for`',
  keys: ['region', 'takes_effect_after', 'for'],
  downsNodes: false,
  read(f, timed) {
    const { name: region, node } = readRegionKey(f, 'the region whose replication pauses, e.g. region: us-west-2', 'a pause-replication needs `regions:` (replication between regions)');
    if (timed.forUs === undefined) f.fail(node, 'a pause-replication lasts: give it a `for` (the FIS action\'s duration)');
    const after = f.get('takes_effect_after');
    const effectAfterUs = after === undefined ? PAUSE_EFFECT_BOUND_US : f.duration(after, { max: PAUSE_EFFECT_BOUND_US });
    return { kind: 'pause-replication', ...timed, region, effectAfterUs };
  },
  apply(spec, on) {
    const h = on.host;
    const pause = h.pauseReplication;
    if (pause === undefined) return () => {};
    let resume: (() => void) | null = null;
    let healed = false;
    h.scheduler.after(spec.effectAfterUs, () => {
      if (healed) return;
      resume = pause(spec.region);
      h.events.emit('replication-paused', { detail: `replication to and from ${spec.region} paused (${spec.effectAfterUs / 1e6} s after the action began)` });
    });
    return () => {
      healed = true;
      if (resume === null) return;
      resume();
      h.events.emit('replication-resumed', { detail: `replication to and from ${spec.region} resumed` });
    };
  },
  describe: (spec) => `pause-replication ${spec.region} after ${spec.effectAfterUs}us`,
  disruption: () => 'Region',
  selectors: () => ({}),
};
