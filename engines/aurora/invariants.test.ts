// The Aurora engine's run-time invariants (a broken one stops the run with SimInvariantError,
// exit 3): each is shown to hold on a normal run and to fire when one safety mechanism is broken.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTopology, runScenario } from '../../scenarios/run.ts';
import { SimInvariantError } from '../../sim/invariant.ts';
import { loadText } from '../../test/bundled.ts';
import type { AuroraCluster } from './cluster.ts';
import { ReplicaApplier } from './replica.ts';
import { Segment } from './segment.ts';
import { WriterEpochs } from './writer-epochs.ts';

const YAML = `name: aurora-invariants
seed: 1
duration: 3s
engine: { type: aurora, replicas: 1 }
workload:
  clients: 2
  rate: 200/s
  mix: { read: 0.5, write: 0.5 }
  keys: { count: 200 }
`;

afterEach(() => {
  vi.restoreAllMocks();
});

describe('aurora > invariants', () => {
  it('hold on a normal run', () => {
    expect(runScenario(loadText(YAML)).summary.lost_writes).toBe(0);
  });

  it('fire when a write is acknowledged that fewer than 4 segments hold (storage acknowledging before it persists)', () => {
    vi.spyOn(Segment.prototype, 'add').mockReturnValue(false);
    expect(() => runScenario(loadText(YAML))).toThrow(SimInvariantError);
    expect(() => runScenario(loadText(YAML))).toThrow(/acknowledged with 0 of 6 segments/);
  });

  it('fire when a replica applies a record before the durable point passed it', () => {
    const onStream = ReplicaApplier.prototype.onStream;
    vi.spyOn(ReplicaApplier.prototype, 'onStream').mockImplementation(function (this: ReplicaApplier, m) {
      // The broken mechanism: treat every streamed record as durable on arrival.
      if (m.kind === 'records') this.knownVdl = Math.max(this.knownVdl, ...m.records.map((r) => r.lsn));
      onStream.call(this, m);
    });
    expect(() => runScenario(loadText(YAML))).toThrow(/beyond the durable point .* or not committed/);
  });

  it('fire when two instances commit under one volume epoch', () => {
    const epochs = new WriterEpochs();
    epochs.claim(2_000_000, 'instance-2');
    epochs.claim(2_000_000, 'instance-2');
    expect(() => epochs.claim(2_000_000, 'instance-1')).toThrow(SimInvariantError);
  });

  it('fire when a repair would put a segment in another AZ, leaving a PG without 2 copies per AZ', () => {
    const c = buildTopology(loadText(YAML), 1).engine as AuroraCluster;
    const pg = c.volume.pgs[0];
    const elsewhere = c.volume.nodesByAz[2].find((n) => !pg.members.includes(n))!;
    expect(() => c.volume.moveSegment(0, 0, elsewhere)).toThrow(SimInvariantError);
  });
});
